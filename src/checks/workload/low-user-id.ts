import { defineCheck } from '../../core/check.js';
import { lowIdCheck } from './run-as-id.js';

export default defineCheck(lowIdCheck({ id: 'low-user-id', code: 'SKD-212', field: 'runAsUser', what: 'UID' }));
