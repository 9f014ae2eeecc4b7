import { defineCheck } from '../../core/check.js';
import { probeCheck } from './probes.js';

export default defineCheck(probeCheck({ id: 'readiness-probe-missing', code: 'SKD-217', probe: 'readinessProbe' }));
