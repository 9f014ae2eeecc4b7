import { defineCheck } from '../../core/check.js';
import { resourceRequirementCheck } from './resource-requirement.js';

export default defineCheck(resourceRequirementCheck({ id: 'cpu-limits-missing', code: 'SKD-203', resource: 'cpu', bound: 'limits', severity: 'medium' }));
