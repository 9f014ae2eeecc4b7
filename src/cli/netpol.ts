import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { UsageError } from '../core/errors.js';
import { describeRef, refOf } from '../core/k8s/object.js';
import { loadPaths } from '../load/index.js';
import {
  buildNetworkModel,
  CONNLIST_FORMATS,
  connections,
  connlist,
  DIFF_FORMATS,
  diffConnections,
  endpointName,
  explain,
  explanationJson,
  exposure,
  externalEndpoints,
  findWorkloads,
  formatConnlistChunks,
  formatDiff,
  formatExplanation,
  formatExposure,
  generatePolicies,
  INGRESS_CONTROLLER,
  parseCidr,
  parseFlows,
  parseIPv4,
  parsePortSpecs,
  policiesToYaml,
  type Connection,
  type ConnectionSet,
  type ConnlistFormat,
  type DiffFormat,
  type Endpoint,
  type NetworkModel,
} from '../network/index.js';
import { writeChunks } from './output.js';

interface CommonFlags {
  hostNetworkAsPods?: boolean;
  output?: string;
}

const HOST_NETWORK_HELP =
  'treat host-network pods as ordinary pods under NetworkPolicy (netpol-analyzer compatible); by default they are outside policy, as most network plugins treat them';

/** Loads the paths into a model; input errors are reported and make the exit code 2. */
async function loadModel(paths: string[], flags: CommonFlags): Promise<{ model: NetworkModel; failed: boolean }> {
  const loaded = await loadPaths(paths);
  for (const e of loaded.errors) process.stderr.write(`stockade: ${e.file}${e.line !== undefined ? `:${e.line}` : ''}: ${e.message}\n`);
  const model = buildNetworkModel(loaded.inventory, { hostNetwork: flags.hostNetworkAsPods ? 'pod' : 'node' });
  for (const p of model.problems) {
    process.stderr.write(`stockade: warning: ${p.entry.origin.file}:${p.entry.origin.line}: ${describeRef(refOf(p.entry.object))}: ${p.message}\n`);
  }
  return { model, failed: loaded.errors.length > 0 };
}

function* only<T>(items: Iterable<T>, keep: (item: T) => boolean): Generator<T> {
  for (const item of items) if (keep(item)) yield item;
}

function* endingWithNewline(chunks: Iterable<string>): Generator<string> {
  let last = '';
  for (const chunk of chunks) {
    if (chunk !== '') last = chunk;
    yield chunk;
  }
  if (last !== '' && !last.endsWith('\n')) yield '\n';
}

function emit(text: string, output: string | undefined): void {
  writeChunks([text.endsWith('\n') || text === '' ? text : `${text}\n`], output);
}

/**
 * A workload (`ns/name`, `name`, `ns/name[Kind]`), `ingress-controller`, or an IP or CIDR: a
 * range is as many endpoints as the policies' ipBlocks split it into.
 */
function endpointsOf(model: NetworkModel, text: string, role: 'source' | 'destination'): Endpoint[] {
  if (text === 'ingress-controller' || text === '{ingress-controller}') return [INGRESS_CONTROLLER];
  const ip = parseIPv4(text);
  if (ip !== undefined) return externalEndpoints(model, ip, ip, role);
  const cidr = parseCidr(text);
  if ('family' in cidr && cidr.family === 4) return externalEndpoints(model, cidr.lo, cidr.hi, role);
  const found = findWorkloads(model, text);
  if (found.length === 1) return found;
  if (found.length === 0) throw new UsageError(`${role} "${text}": no such workload (use namespace/name, an IPv4 address or CIDR, or ingress-controller)`);
  throw new UsageError(`${role} "${text}" is ambiguous: ${found.map(endpointName).join(', ')}`);
}

function portsOf(text: string | undefined): ConnectionSet | undefined {
  if (text === undefined) return undefined;
  const parsed = parsePortSpecs(text);
  if ('invalid' in parsed) throw new UsageError(`--port "${parsed.invalid}": expected PORT[/PROTOCOL] or LOW-HIGH[/PROTOCOL], e.g. 80/TCP or 53/UDP`);
  return parsed.connections;
}

export function registerNetpol(program: Command): void {
  const netpol = program.command('netpol').description('NetworkPolicy analysis: who can talk to whom, why, what changed, what is exposed, and policies from observed traffic');

  netpol
    .command('connlist')
    .description('List every allowed connection (netpol-analyzer line format for txt and csv)')
    .argument('<paths...>', 'manifest files or directories')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...CONNLIST_FORMATS]).default('txt'))
    .option('--focus-workload <name>', 'only connections from or to this workload (name or namespace/name)')
    .option('--host-network-as-pods', HOST_NETWORK_HELP)
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .action(async (paths: string[], flags: CommonFlags & { format: ConnlistFormat; focusWorkload?: string }) => {
      const { model, failed } = await loadModel(paths, flags);
      let list: Iterable<Connection> = connections(model);
      if (flags.focusWorkload !== undefined) {
        const focus = new Set<Endpoint>(findWorkloads(model, flags.focusWorkload));
        if (focus.size === 0) throw new UsageError(`--focus-workload "${flags.focusWorkload}": no such workload`);
        list = only(list, (c) => focus.has(c.source) || focus.has(c.destination));
      }
      // Written as produced: a cluster without policies lists every ordered pair of workloads.
      writeChunks(endingWithNewline(formatConnlistChunks(list, flags.format)), flags.output);
      process.exitCode = failed ? 2 : 0;
    });

  netpol
    .command('explain')
    .description('Explain whether a source can reach a destination, and which policy and rule decided')
    .argument('<source>', 'workload (namespace/name), IPv4 address or CIDR, or ingress-controller')
    .argument('<destination>', 'workload (namespace/name), IPv4 address or CIDR')
    .argument('<paths...>', 'manifest files or directories')
    .option('--port <ports>', 'the connection asked about: 80/TCP, 53/UDP, 8000-8080/TCP (comma-separated)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['txt', 'json']).default('txt'))
    .option('--host-network-as-pods', HOST_NETWORK_HELP)
    .action(async (source: string, destination: string, paths: string[], flags: CommonFlags & { port?: string; format: 'txt' | 'json' }) => {
      const query = portsOf(flags.port);
      const { model, failed } = await loadModel(paths, flags);
      const explanations = endpointsOf(model, source, 'source').flatMap((src) =>
        endpointsOf(model, destination, 'destination').map((dst) => explain(model, src, dst, query)),
      );
      emit(
        flags.format === 'json' ? JSON.stringify(explanations.map(explanationJson), null, 2) : explanations.map(formatExplanation).join('\n\n'),
        undefined,
      );
      process.exitCode = failed ? 2 : 0;
    });

  netpol
    .command('diff')
    .description('Connections opened and closed between two versions of the manifests')
    .argument('<old>', 'manifests before the change (file or directory)')
    .argument('<new>', 'manifests after the change (file or directory)')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...DIFF_FORMATS]).default('txt'))
    .option('--host-network-as-pods', HOST_NETWORK_HELP)
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .action(async (oldPath: string, newPath: string, flags: CommonFlags & { format: DiffFormat }) => {
      const before = await loadModel([oldPath], flags);
      const after = await loadModel([newPath], flags);
      const changes = diffConnections(connlist(before.model), connlist(after.model));
      emit(changes.length === 0 && flags.format === 'txt' ? 'No connectivity changes.' : formatDiff(changes, flags.format), flags.output);
      process.exitCode = before.failed || after.failed ? 2 : 0;
    });

  netpol
    .command('exposure')
    .description('Workloads reachable from every namespace, from outside addresses, and through LoadBalancer/NodePort Services and Ingress')
    .argument('<paths...>', 'manifest files or directories')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['txt', 'json']).default('txt'))
    .option('--host-network-as-pods', HOST_NETWORK_HELP)
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .action(async (paths: string[], flags: CommonFlags & { format: 'txt' | 'json' }) => {
      const { model, failed } = await loadModel(paths, flags);
      emit(formatExposure(exposure(model), flags.format), flags.output);
      process.exitCode = failed ? 2 : 0;
    });

  netpol
    .command('generate')
    .description('Write least-privilege NetworkPolicies from observed flows (Hubble/Cilium JSON lines, or CSV)')
    .requiredOption('--flows <file>', 'flows: Hubble JSON lines, or CSV src_namespace,src_workload,dst_namespace,dst_workload,port,protocol')
    .argument('<paths...>', 'manifests of the workloads the flows are about')
    .option('-o, --output <file>', 'write the policies to a file instead of standard output')
    .action(async (paths: string[], flags: CommonFlags & { flows: string }) => {
      let text: string;
      try {
        text = readFileSync(flags.flows, 'utf8');
      } catch (error) {
        throw new UsageError(`--flows ${flags.flows}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'cannot read'}`);
      }
      const parsed = parseFlows(text);
      for (const e of parsed.errors) process.stderr.write(`stockade: ${flags.flows}:${e.line}: ${e.message}\n`);
      const { model, failed } = await loadModel(paths, flags);
      const result = generatePolicies(model, parsed.flows);
      for (const u of result.unmatched) process.stderr.write(`stockade: warning: ${flags.flows}:${u.flow.line}: flow skipped: ${u.reason}\n`);
      for (const w of result.indistinct) process.stderr.write(`stockade: warning: ${w} has the same labels as another workload: they share its allowances\n`);
      emit(policiesToYaml(result.policies), flags.output);
      process.exitCode = failed || parsed.errors.length > 0 ? 2 : 0;
    });
}
