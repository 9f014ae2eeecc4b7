import { defineCheck } from '../../core/check.js';
import { resourceRequirementCheck } from './resource-requirement.js';

export default defineCheck(resourceRequirementCheck({ id: 'memory-limits-missing', code: 'SKD-205', resource: 'memory', bound: 'limits', severity: 'medium' }));
