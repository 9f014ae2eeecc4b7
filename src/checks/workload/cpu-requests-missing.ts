import { defineCheck } from '../../core/check.js';
import { resourceRequirementCheck } from './resource-requirement.js';

export default defineCheck(resourceRequirementCheck({ id: 'cpu-requests-missing', code: 'SKD-202', resource: 'cpu', bound: 'requests', severity: 'low' }));
