import { defineCheck } from '../../core/check.js';
import { defaultDenyCheck } from './network.js';

export default defineCheck(defaultDenyCheck('Egress', 'SKD-802'));
