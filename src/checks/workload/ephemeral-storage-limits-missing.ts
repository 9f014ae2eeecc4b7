import { defineCheck } from '../../core/check.js';
import { resourceRequirementCheck } from './resource-requirement.js';

export default defineCheck(
  resourceRequirementCheck({ id: 'ephemeral-storage-limits-missing', code: 'SKD-221', resource: 'ephemeral-storage', bound: 'limits', severity: 'low', defaultEnabled: false }),
);
