import { defineCheck } from '../../core/check.js';
import { defaultDenyCheck } from './network.js';

export default defineCheck(defaultDenyCheck('Ingress', 'SKD-801'));
