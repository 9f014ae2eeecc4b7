import { defineCheck } from '../../core/check.js';
import { resourceRequirementCheck } from './resource-requirement.js';

export default defineCheck(resourceRequirementCheck({ id: 'memory-requests-missing', code: 'SKD-204', resource: 'memory', bound: 'requests', severity: 'low' }));
