import { Command, Option } from 'commander';
import { ALL_CHECKS } from '../checks/index.js';
import { UsageError } from '../core/errors.js';
import { describeRef, refOf } from '../core/k8s/object.js';
import { resolveConfig } from '../load/config-file.js';
import { loadPaths } from '../load/index.js';
import { conflictHolders, conflictingDutiesOf } from '../rbac/conflicts.js';
import { dutiesOf } from '../rbac/duties.js';
import { DUTIES_FORMATS, formatDuties, formatPaths, formatPermissions, formatWhoCan, type DutiesFormat } from '../rbac/format.js';
import { buildRbacModel, describeSubject, parseSubject, parseWhoCanQuery, permissionsOf, whoCan, type RbacModel } from '../rbac/index.js';
import { findWorkloads } from '../rbac/query.js';
import { ESCALATION_TARGETS, escalationGraphOf, pathsFrom, pathsTo, type EscalationTarget } from '../rbac/paths.js';
import { splitList, writeChunks } from './output.js';

interface OutputFlags {
  format: 'table' | 'json';
  output?: string;
}

/** Loads the paths into an RBAC model; input errors are reported and make the exit code 2. */
async function loadModel(paths: string[]): Promise<{ model: RbacModel; failed: boolean }> {
  const loaded = await loadPaths(paths);
  for (const e of loaded.errors) process.stderr.write(`stockade: ${e.file}${e.line !== undefined ? `:${e.line}` : ''}: ${e.message}\n`);
  const model = buildRbacModel(loaded.inventory);
  for (const p of model.problems) {
    process.stderr.write(`stockade: warning: ${p.entry.origin.file}:${p.entry.origin.line}: ${describeRef(refOf(p.entry.object))}: ${p.message}\n`);
  }
  return { model, failed: loaded.errors.length > 0 };
}

function emit(text: string, output: string | undefined): void {
  writeChunks([text], output);
}

const formatOption = () => new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table');

export function registerRbac(program: Command): void {
  const rbac = program.command('rbac').description('RBAC analysis: who can do what, a subject\'s permissions, escalation paths, segregation of duties');

  rbac
    .command('who-can')
    .description('Every subject that may perform a request, with the binding → role → rule chain that grants it')
    .argument('<verb>', 'get, list, create, impersonate, ... or *')
    .argument('<resource>', 'resource[/subresource] (pods, pods/exec, deployments.apps) or a /non-resource/url')
    .argument('<paths...>', 'manifest files or directories')
    .option('-n, --namespace <namespace>', 'only grants that apply in this namespace (default: in any namespace)')
    .option('--name <name>', 'the object\'s name (rules limited by resourceNames then count)')
    .addOption(formatOption())
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .action(async (verb: string, resource: string, paths: string[], flags: OutputFlags & { namespace?: string; name?: string }) => {
      const options: { namespace?: string; name?: string } = {};
      if (flags.namespace !== undefined) options.namespace = flags.namespace;
      if (flags.name !== undefined) options.name = flags.name;
      const query = parseWhoCanQuery(verb, resource, options);
      const { model, failed } = await loadModel(paths);
      emit(formatWhoCan(whoCan(model, query), flags.format), flags.output);
      process.exitCode = failed ? 2 : 0;
    });

  rbac
    .command('can')
    .description("A subject's effective permissions, per namespace, with how each is granted; for a workload, those of the token its pods carry")
    .argument('<subject>', 'user:<name>, group:<name>, sa:<namespace>/<name> or workload:<namespace>/[<Kind>/]<name>')
    .argument('<paths...>', 'manifest files or directories')
    .option('--group <group>', 'a further group the user belongs to (repeat or comma-separate)', (value: string, previous: string[]) => [...previous, value], [] as string[])
    .addOption(formatOption())
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .action(async (subjectText: string, paths: string[], flags: OutputFlags & { group?: string[] }) => {
      const workload = subjectText.startsWith('workload:') ? subjectText.slice('workload:'.length) : undefined;
      const subject = workload === undefined ? parseSubject(subjectText) : undefined;
      const { model, failed } = await loadModel(paths);
      if (subject) {
        emit(formatPermissions(permissionsOf(model, subject, splitList(flags.group)), flags.format), flags.output);
      } else {
        const found = findWorkloads(model, workload!);
        if (found.length === 0) throw new UsageError(`workload "${workload}": not found in the manifests`);
        if (found.length > 1) throw new UsageError(`workload "${workload}" is ambiguous: ${found.map((w) => w.entry.object.kind).join(', ')} (use <namespace>/<Kind>/<name>)`);
        const identity = found[0]!;
        const intro = `${identity.entry.object.kind} ${identity.namespace}/${identity.entry.object.metadata?.name} runs as ${describeSubject(identity.serviceAccount)}${
          identity.tokenMounted ? ' (token mounted)' : ' (token not mounted: its pods cannot use these permissions)'
        }\n`;
        emit(flags.format === 'json' ? formatPermissions(permissionsOf(model, identity.serviceAccount), 'json') : intro + formatPermissions(permissionsOf(model, identity.serviceAccount), 'table'), flags.output);
      }
      process.exitCode = failed ? 2 : 0;
    });

  rbac
    .command('paths')
    .description('Privilege-escalation paths, shortest first, each step explained')
    .argument('<paths...>', 'manifest files or directories')
    .option('--from <subject>', 'only paths starting at this subject (user:<name>, group:<name>, sa:<namespace>/<name>)')
    .addOption(new Option('--to <target>', 'only paths to this target').choices([...ESCALATION_TARGETS]))
    .addOption(formatOption())
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .action(async (paths: string[], flags: OutputFlags & { from?: string; to?: EscalationTarget }) => {
      const from = flags.from !== undefined ? parseSubject(flags.from) : undefined;
      const targets = flags.to ? [flags.to] : ESCALATION_TARGETS;
      const { model, failed } = await loadModel(paths);
      const graph = escalationGraphOf(model);
      const found = from ? pathsFrom(graph, from, targets) : targets.flatMap((t) => pathsTo(graph, t));
      emit(formatPaths(found, flags.format), flags.output);
      process.exitCode = failed ? 2 : 0;
    });

  rbac
    .command('duties')
    .description('Segregation-of-duties document: duties × subjects, how each is granted, and conflicting pairs from .stockade.yaml (rbac.conflictingDuties)')
    .argument('<paths...>', 'manifest files or directories')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...DUTIES_FORMATS]).default('markdown'))
    .option('-c, --config <file>', 'configuration file (default: nearest .stockade.yaml above the first path)')
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .action(async (paths: string[], flags: { format: DutiesFormat; config?: string; output?: string }) => {
      const { config } = resolveConfig(flags.config, paths[0], ALL_CHECKS);
      let conflicts;
      try {
        conflicts = conflictingDutiesOf(config.settings);
      } catch (error) {
        throw new UsageError(`configuration: ${(error as Error).message}`);
      }
      const { model, failed } = await loadModel(paths);
      const report = dutiesOf(model);
      const holders = conflictHolders(report, conflicts);
      emit(formatDuties(report, holders, flags.format), flags.output);
      process.exitCode = failed ? 2 : 0;
    });
}
