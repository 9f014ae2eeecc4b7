// Pod Security Standards throughput: 10,000 synthetic Deployments (bench/generate.ts, a mix of
// hardened and careless pod templates) judged by the 19 controls of the `pss-restricted` policy
// at the latest version, against the js-yaml parse floor measured in the same run:
//   floor:    js-yaml parses every document (no Kubernetes model, no checks)
//   load:     Stockade's loader (documents, objects, origins) into an inventory
//   analysis: the PSS checks over that inventory (findings, fingerprints, exceptions)
// Each figure is the best of three runs; ratios are to the floor.
// Run alone: node --import tsx bench/pss.bench.ts [deployments]
import yaml from 'js-yaml';
import { ALL_CHECKS } from '../src/checks/index.js';
import { emptyConfig } from '../src/core/config.js';
import { analyze } from '../src/core/engine.js';
import { selectChecks } from '../src/core/registry.js';
import { loadText } from '../src/load/index.js';
import { generateDeployments } from './generate.js';

const COUNT = Number(process.argv[2] ?? 10_000);
const text = generateDeployments(COUNT);
const { checks } = selectChecks(ALL_CHECKS, { policy: 'pss-restricted' });
const options = { now: new Date('2026-01-15T12:00:00Z'), pssVersion: 'latest', kubeVersion: 'v1.34', settings: {} };

function best(run: () => unknown): number {
  let fastest = Infinity;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return fastest;
}

const floor = best(() => yaml.loadAll(text));
const inventory = loadText(text, 'deployments.yaml').inventory;
const load = best(() => loadText(text, 'deployments.yaml'));
let findings = 0;
const analysis = best(() => {
  findings = analyze(inventory, checks, options, emptyConfig()).findings.length;
});

const ms = (t: number) => `${t.toFixed(0).padStart(6)} ms`;
console.log(`${COUNT} Deployments, ${checks.length} PSS checks (pss-restricted, latest), ${findings} findings`);
console.log(`js-yaml parse floor   ${ms(floor)}  1.00 x`);
console.log(`load (inventory)      ${ms(load)}  ${(load / floor).toFixed(2)} x floor`);
console.log(`PSS analysis          ${ms(analysis)}  ${(analysis / floor).toFixed(2)} x floor`);
console.log(`load + PSS analysis   ${ms(load + analysis)}  ${((load + analysis) / floor).toFixed(2)} x floor`);
