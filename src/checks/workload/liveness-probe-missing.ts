import { defineCheck } from '../../core/check.js';
import { probeCheck } from './probes.js';

export default defineCheck(probeCheck({ id: 'liveness-probe-missing', code: 'SKD-216', probe: 'livenessProbe' }));
