/**
 * Cost of this catalogue (workload, supply-chain, exposure, sandbox and hygiene checks, policy
 * `all`) on 10,000 generated Deployments plus a Service for each, against the floor of
 * js-yaml merely parsing the same text, measured in the same run (CPU time, best of rounds).
 * Run: node --import tsx test/catalogue/catalogue.bench.ts
 */
import yaml from 'js-yaml';
import { generateDeployments } from '../../bench/generate.js';
import { emptyConfig } from '../../src/core/config.js';
import type { Inventory } from '../../src/core/inventory.js';
import { analyze } from '../../src/core/engine.js';
import { loadText } from '../../src/load/index.js';
import { catalogueChecks, OPTIONS } from './scan.js';

const count = Number(process.env.BENCH_DEPLOYMENTS ?? 10_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const services = Array.from(
  { length: count },
  (_, i) => `apiVersion: v1\nkind: Service\nmetadata: {name: app-${i}, namespace: team-${i % 50}}\nspec:\n  type: ${i % 10 === 0 ? 'LoadBalancer' : 'ClusterIP'}\n  selector: {app: app-${i}}\n  ports: [{port: 80, targetPort: 8080}]\n`,
);
const text = generateDeployments(count) + '---\n' + services.join('---\n');
const checks = catalogueChecks('all');
const settings = { images: { allowedRegistries: ['registry.example.com'] }, sandbox: { untrusted: { namespaces: ['team-1*'] } } };

function cpuSeconds(work: () => void): number {
  const start = process.cpuUsage();
  work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

/** The checks alone, called as the engine calls them, without turning violations into findings. */
function runChecks(inventory: Inventory): number {
  const ctx = { inventory, options: { ...OPTIONS, settings } };
  let violations = 0;
  for (const entry of inventory.entries) {
    const workload = inventory.workloadOf(entry);
    for (const check of checks) {
      if (check.scope === 'workload' && workload) violations += check.check(workload, ctx).length;
      else if (check.scope === 'object' && check.kinds.includes(entry.object.kind)) violations += check.check(entry.object, ctx).length;
    }
  }
  for (const check of checks) if (check.scope === 'inventory') violations += check.check(inventory, ctx).length;
  return violations;
}

let floor = Infinity;
let ours = Infinity;
let checksOnly = Infinity;
let findings = 0;
const { inventory } = loadText(text, 'bench.yaml');
for (let i = 0; i < rounds; i++) {
  floor = Math.min(floor, cpuSeconds(() => yaml.loadAll(text)));
  checksOnly = Math.min(checksOnly, cpuSeconds(() => runChecks(inventory)));
  ours = Math.min(ours, cpuSeconds(() => (findings = analyze(inventory, checks, { ...OPTIONS, settings }, emptyConfig()).findings.length)));
}
console.log(`catalogue: ${checks.length} checks over ${inventory.size} objects (${count} Deployments + ${count} Services), ${findings} findings, best of ${rounds}`);
console.log(`  js-yaml parse floor: ${floor.toFixed(2)} s CPU`);
console.log(`  the checks alone: ${checksOnly.toFixed(2)} s CPU, ${(checksOnly / floor).toFixed(2)} x the parse floor`);
console.log(`  analyze (checks + findings): ${ours.toFixed(2)} s CPU, ${(ours / floor).toFixed(2)} x the parse floor`);
