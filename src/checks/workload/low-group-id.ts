import { defineCheck } from '../../core/check.js';
import { lowIdCheck } from './run-as-id.js';

export default defineCheck(lowIdCheck({ id: 'low-group-id', code: 'SKD-213', field: 'runAsGroup', what: 'GID' }));
