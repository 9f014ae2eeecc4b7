import { readFileSync } from 'node:fs';
import type { OperatorOptions } from '../cluster/operator.js';
import { Command, Option } from 'commander';
import { InputError, oneLine, UsageError } from '../core/errors.js';
import { atOrAbove, SEVERITIES } from '../core/finding.js';
import { POLICIES } from '../core/registry.js';
import { CLUSTER_DIFF_FORMATS, formatClusterDiff, type ClusterDiffFormat } from '../cluster/diff-format.js';
import { diffClusters, type NewImage } from '../cluster/diff.js';
import { loadClusterInventory, loadSnapshot, writeSnapshot, type ClusterLoadOptions } from '../load/cluster/index.js';
import { loadPaths, type LoadResult } from '../load/index.js';
import { writeChunks } from './output.js';
import { checkSetup, type CheckFlags } from './setup.js';

interface ClusterFlags {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  kubeletConfig?: boolean;
}

function withClusterOptions(command: Command): Command {
  return command
    .option('--kubeconfig <file>', 'kubeconfig file (default: KUBECONFIG, ~/.kube/config, else the pod service account)')
    .option('--context <name>', 'kubeconfig context (default: the current context)')
    .option('--no-kubelet-config', 'do not read each node live kubelet configuration (nodes/proxy configz)');
}

interface ImageFlags {
  images?: boolean;
  db?: string;
  dbPoll?: string;
  imageConcurrency?: string;
  platform: string;
  insecureRegistry?: boolean;
  caCert?: string;
}

/** Vulnerability database and registry access: shared by `diff` (new images) and `operator`. */
function withImageOptions(command: Command, images: string, db: string): Command {
  return command
    .option('--images', images)
    .option('--db <file>', db)
    .option('--platform <os/arch>', 'platform to pick from multi-platform images', 'linux/amd64')
    .option('--insecure-registry', 'allow plain HTTP registries')
    .option('--ca-cert <file>', 'PEM CA certificate(s) to trust for registries');
}


/** The database file the image options name (the user's default one unless --db says otherwise). */
async function dbPathOf(flags: ImageFlags): Promise<string> {
  if (flags.db !== undefined) return flags.db;
  const { defaultDbPath } = await import('../store/database.js');
  return defaultDbPath();
}

async function operatorImageOptions(flags: ImageFlags): Promise<NonNullable<OperatorOptions['images']>> {
  const poll = Number(flags.dbPoll ?? '60');
  const concurrency = Number(flags.imageConcurrency ?? '2');
  if (!Number.isFinite(poll) || poll <= 0) throw new UsageError(`--db-poll: expected seconds, got "${flags.dbPoll}"`);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`--image-concurrency: expected a positive integer, got "${flags.imageConcurrency}"`);
  const { registryOptions } = await import('./image.js');
  return { dbPath: await dbPathOf(flags), registry: registryOptions(flags), concurrency, pollMs: poll * 1000 };
}

/** The new images of a diff with their vulnerabilities, from the database (and the registries with --images). */
async function newImageVulnerabilities(images: NewImage[], flags: ImageFlags): Promise<NewImage[]> {
  const { registryOptions } = await import('./image.js');
  const registry = flags.images === true ? registryOptions(flags) : undefined;
  const [{ openVulnDb }, { checkNewImages }] = await Promise.all([import('../image/vuln/index.js'), import('../cluster/diff-images.js')]);
  const vdb = openVulnDb(await dbPathOf(flags));
  try {
    return await checkNewImages(vdb, images, { ...(registry ? { registry } : {}), now: new Date() });
  } finally {
    vdb.close();
  }
}

function clusterOptions(flags: ClusterFlags): ClusterLoadOptions {
  const options: ClusterLoadOptions = {};
  if (flags.kubeconfig !== undefined) options.kubeconfig = flags.kubeconfig;
  if (flags.context !== undefined) options.context = flags.context;
  if (flags.kubeletConfig === false) options.kubeletConfig = false;
  return options;
}

function report(result: Pick<LoadResult, 'errors' | 'notes'>): void {
  for (const e of result.errors) process.stderr.write(`stockade: ${e.file}${e.line !== undefined ? `:${e.line}` : ''}: ${e.message}\n`);
  for (const n of result.notes) process.stderr.write(`stockade: note: ${n.file}${n.line !== undefined ? `:${n.line}` : ''}: ${n.message}\n`);
}

/** Input errors (unreachable cluster, unreadable snapshot) end the command with one line and exit code 2. */
async function guarded(run: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await run();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    process.stderr.write(`stockade: ${oneLine(error)}\n`);
    process.exitCode = 2;
  }
}

export function registerCluster(program: Command): void {
  const cluster = program.command('cluster').description('Read a live cluster (read-only): snapshots for offline analysis');

  withClusterOptions(
    cluster
      .command('snapshot')
      .description('Write every object the analysers need to one file (secret values are never read)')
      .requiredOption('-o, --output <file>', 'snapshot file (.json, or .yaml/.yml for YAML)')
      .option('-n, --namespace <ns>', 'only namespaced objects of this namespace (cluster-scoped kinds are always read)'),
  )
    .addHelpText('after', '\nThe snapshot is a plain v1 List: `stockade scan snapshot.json` and `stockade diff --snapshot snapshot.json` read it.\n')
    .action((flags: ClusterFlags & { output: string }) =>
      guarded(async () => {
        const options = clusterOptions(flags);
        if (flags.namespace !== undefined) options.namespace = flags.namespace;
        const loaded = await loadClusterInventory(options);
        report(loaded);
        const written = writeSnapshot(
          flags.output,
          loaded.inventory.entries.map((e) => e.object),
          { server: loaded.server, context: loaded.context, takenAt: new Date().toISOString(), notes: loaded.notes.map((n) => n.message) },
        );
        process.stderr.write(`stockade: wrote ${written} objects of context "${loaded.context}" to ${flags.output}\n`);
        return loaded.errors.length > 0 ? 2 : 0;
      }),
    );

  withImageOptions(
    withClusterOptions(
      program
        .command('diff')
        .description('What would applying these manifests change? New objects, RBAC grants, webhooks, CRDs, connectivity, images and findings')
        .argument('<paths...>', 'manifests to apply: files, directories or - for standard input')
        .option('--cluster', 'compare with the live cluster')
        .option('--snapshot <file>', 'compare with a snapshot taken by `stockade cluster snapshot`')
        .option('-n, --namespace <ns>', 'namespace for manifests that name none (as kubectl apply -n)', 'default')
        .addOption(new Option('-f, --format <format>', 'output format').choices([...CLUSTER_DIFF_FORMATS]).default('table'))
        .option('-o, --output <file>', 'write the report to a file')
        .addOption(new Option('--fail-on <severity>', 'exit 1 when a new finding is at or above this severity (default: high)').choices([...SEVERITIES]))
        .option('-c, --config <file>', 'configuration file (default: nearest .stockade.yaml above the first path)')
        .addOption(new Option('--policy <name>', 'named check set').choices([...POLICIES])),
    ),
    'pull the new images the vulnerability database has not stored, to check their vulnerabilities (uses the default database unless --db)',
    'vulnerability database: check the new images against it (their stored inventories; see `stockade db update`)',
  )
    .addHelpText(
      'after',
      `
Exit codes: 0 no new finding or new-image vulnerability at or above --fail-on, 1 some at or above it, 2 usage or input error.

Examples:
  stockade diff --cluster ./vendor/cert-manager.yaml
  stockade diff --cluster ./vendor/ --images --db ~/.local/share/stockade/stockade.db
  helm template ingress ./chart | stockade diff --snapshot prod.json - --format markdown`,
    )
    .action((paths: string[], flags: ClusterFlags & CheckFlags & ImageFlags & { cluster?: boolean; snapshot?: string; format: ClusterDiffFormat; output?: string }) =>
      guarded(async () => {
        if ((flags.cluster === true) === (flags.snapshot !== undefined)) throw new UsageError('diff: give exactly one of --cluster or --snapshot FILE');
        const setup = checkSetup(flags, paths[0]);
        const before = flags.snapshot !== undefined ? loadSnapshot(flags.snapshot) : await loadClusterInventory(clusterOptions(flags));
        const manifests = await loadPaths(paths);
        report(before);
        report(manifests);
        const diff = diffClusters(before.inventory, manifests.inventory, setup, flags.namespace ?? 'default');
        if (flags.images === true || flags.db !== undefined) diff.images = await newImageVulnerabilities(diff.images, flags);
        writeChunks([formatClusterDiff(diff, flags.format)], flags.output);
        if (before.errors.length > 0 || manifests.errors.length > 0) return 2;
        const vulnerable = diff.images.some((i) => SEVERITIES.some((s) => atOrAbove(s, setup.failOn) && (i.vulnerabilities?.bySeverity[s] ?? 0) > 0));
        return vulnerable || diff.findings.added.some((f) => atOrAbove(f.severity, setup.failOn)) ? 1 : 0;
      }),
    );

  withImageOptions(
    withClusterOptions(
      program
        .command('operator')
        .description('Run in the cluster: watch every object, re-evaluate changes, write PolicyReports, serve Prometheus metrics')
        .option('-n, --namespace <ns>', 'watch only namespaced objects of this namespace (cluster-scoped kinds are always watched)')
        .option('--metrics-port <port>', 'port of the /metrics endpoint', '9090')
        .option('--metrics-tls-cert <file>', 'serve /metrics over HTTPS with this certificate (PEM)')
        .option('--metrics-tls-key <file>', 'private key of --metrics-tls-cert (PEM)')
        .option('--settle <ms>', 'quiet time after changes before reports are written', '2000')
        .option('-c, --config <file>', 'configuration file')
        .addOption(new Option('--policy <name>', 'named check set').choices([...POLICIES]))
        .option('--db-poll <seconds>', 'with --images: how often to look for vulnerability database updates', '60')
        .option('--image-concurrency <n>', 'with --images: images scanned at once', '2'),
    ),
    'also report the known vulnerabilities of the images the workloads run, re-matched when the database updates',
    'vulnerability database, updated by `stockade db update` (default: the user data directory)',
  )
    .addHelpText(
      'after',
      `
Runs until SIGTERM or SIGINT. Needs list and watch on the scanned kinds and create/update on policyreports and clusterpolicyreports (deploy/kubernetes/operator/).

With --images, the known vulnerabilities of every image the workloads run go into the same reports. Each image is
assessed once: pulled only when the database holds no inventory for the digest the registry serves, otherwise its
stored inventory is re-matched. When \`stockade db update\` or \`db import\` updates the database (seen from its update
marks, read every --db-poll seconds), the stored inventories are re-matched, without pulling, and the reports rewritten.`,
    )
    .action((flags: ClusterFlags & CheckFlags & ImageFlags & { metricsPort: string; metricsTlsCert?: string; metricsTlsKey?: string; settle: string }) =>
      guarded(async () => {
        const port = Number(flags.metricsPort);
        const settle = Number(flags.settle);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--metrics-port: expected a port number, got "${flags.metricsPort}"`);
        if (!Number.isFinite(settle) || settle < 0) throw new UsageError(`--settle: expected milliseconds, got "${flags.settle}"`);
        if ((flags.metricsTlsCert === undefined) !== (flags.metricsTlsKey === undefined)) throw new UsageError('--metrics-tls-cert and --metrics-tls-key go together');
        const setup = checkSetup(flags, undefined);
        const options = { ...clusterOptions(flags), ...(flags.namespace !== undefined ? { namespace: flags.namespace } : {}) };
        const tls = flags.metricsTlsCert !== undefined ? { cert: readPem(flags.metricsTlsCert), key: readPem(flags.metricsTlsKey!) } : undefined;
        const images = flags.images === true ? await operatorImageOptions(flags) : undefined;
        // The operator's watch and metrics code loads only for this command.
        const { startOperator } = await import('../cluster/operator.js');
        const operator = await startOperator({
          ...options,
          settings: { checks: setup.checks, config: setup.config },
          optionsAt: (now) => ({ ...setup.options, now }),
          settleMs: settle,
          metricsPort: port,
          ...(tls ? { metricsTls: tls } : {}),
          ...(images ? { images } : {}),
        });
        process.stderr.write(`stockade operator: metrics at ${operator.metricsUrl}\n`);
        await new Promise<void>((resolve) => {
          process.once('SIGTERM', resolve);
          process.once('SIGINT', resolve);
        });
        await operator.stop();
        return 0;
      }),
    );
}

function readPem(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
