import cluster from 'node:cluster';
import { unwatchFile, watchFile } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { InputError, oneLine, UsageError } from '../core/errors.js';
import { LATEST_KUBE_VERSION } from './setup.js';

interface ServeFlags {
  tlsCert: string;
  tlsKey: string;
  clientCa?: string;
  port: string;
  host: string;
  config?: string;
  onlyNewViolations?: boolean;
  kube: boolean;
  workers: string;
}

interface CertFlags {
  service: string;
  namespace: string;
  out: string;
  days: string;
  dns?: string[];
  ip?: string[];
}

export function registerWebhook(program: Command): void {
  const webhook = program.command('webhook').description('Validating and mutating admission webhook: the scan checks enforced at the API server');
  webhook
    .command('serve')
    .description('Serve /validate, /validate/{enforce|warn|audit} and /mutate over HTTPS (also /healthz, /readyz, /metrics)')
    .requiredOption('--tls-cert <file>', 'serving certificate (PEM); reloaded when the file changes')
    .requiredOption('--tls-key <file>', 'private key of the serving certificate (PEM)')
    .option('--client-ca <file>', 'require API server client certificates signed by this CA')
    .option('--port <port>', 'port to listen on', '8443')
    .option('--host <address>', 'address to listen on', '0.0.0.0')
    .option('-c, --config <file>', '.stockade.yaml with the policy, exceptions and the admission: section')
    .option('--only-new-violations', 'on UPDATE, judge only violations the old object did not have')
    .option('--no-kube', 'no Kubernetes API access: exec guard and namespace selectors then fail closed')
    .option('--workers <n>', 'processes sharing the port; in a pod set it to the CPU limit (the core count ignores limits) and scale replicas', String(availableParallelism()))
    .addHelpText(
      'after',
      `
With no config, /validate denies findings of the default check set at or above high in every
namespace but kube-system; /mutate changes nothing until the config asks for it (admission:
securityDefaults, alwaysPullImages, inject; or a sandbox: section naming runtimeClasses).
The config file is re-read when it changes. See deploy/kubernetes/README.md.

Example:
  stockade webhook certs --service stockade-webhook --namespace stockade-system --out certs/
  stockade webhook serve --tls-cert certs/tls.crt --tls-key certs/tls.key --config .stockade.yaml`,
    )
    .action(async (flags: ServeFlags) => {
      await serve(flags);
    });

  webhook
    .command('certs')
    .description('Create a CA and a serving certificate for the webhook Service, and print the caBundle')
    .requiredOption('--service <name>', 'name of the webhook Service')
    .requiredOption('--namespace <ns>', 'namespace of the webhook Service')
    .requiredOption('--out <dir>', 'directory for ca.crt, ca.key, tls.crt, tls.key and caBundle')
    .option('--days <n>', 'validity in days', '365')
    .option('--dns <names...>', 'extra DNS names for the serving certificate')
    .option('--ip <addresses...>', 'IP addresses for the serving certificate')
    .action(async (flags: CertFlags) => {
      const days = positiveInt(flags.days, '--days');
      // Loaded on use: every other command would otherwise pay for the certificate library.
      const { generateWebhookCertificates, writeWebhookCertificates } = await import('../admission/certs.js');
      let certs;
      try {
        certs = generateWebhookCertificates({ service: flags.service, namespace: flags.namespace, days, extraDnsNames: flags.dns ?? [], ipAddresses: flags.ip ?? [] });
      } catch (error) {
        throw new UsageError(oneLine(error));
      }
      let files: string[];
      try {
        files = writeWebhookCertificates(flags.out, certs);
      } catch (error) {
        throw new UsageError(`cannot write to ${flags.out}: ${(error as NodeJS.ErrnoException).code ?? oneLine(error)}`);
      }
      process.stderr.write(`wrote ${files.join(', ')}\nserving names: ${certs.dnsNames.join(', ')}\ncaBundle (paste into the webhook configurations):\n`);
      process.stdout.write(certs.caBundle + '\n');
    });
}

function positiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag}: expected a positive integer, got "${value}"`);
  return n;
}

async function serve(flags: ServeFlags): Promise<void> {
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: expected 0-65535, got "${flags.port}"`);
  const workers = positiveInt(flags.workers, '--workers');
  // Loaded on use: the Kubernetes client and the server are heavy, and only `serve` needs them.
  const [{ AdmissionController }, { loadControllerInput }, { startWebhookServer }, { WebhookMetrics }, { clusterMetricsText, serveClusterMetrics }] = await Promise.all([
    import('../admission/decide.js'),
    import('../admission/load.js'),
    import('../admission/server.js'),
    import('../admission/metrics.js'),
    import('../admission/cluster-metrics.js'),
  ]);
  // Read the config before listening so that a broken file fails the start, not the first request.
  let input;
  try {
    input = loadControllerInput({ ...(flags.config ? { configFile: flags.config } : {}), onlyNewViolations: flags.onlyNewViolations === true, kubeVersion: LATEST_KUBE_VERSION });
  } catch (error) {
    if (error instanceof InputError) throw new UsageError(error.message);
    throw error;
  }
  if (workers > 1 && cluster.isPrimary) {
    serveClusterMetrics();
    await superviseWorkers(workers);
    return;
  }
  const log = (line: string) => process.stdout.write(line + '\n');
  let lookups;
  if (flags.kube) {
    const { apiLookups, defaultKubeConfig } = await import('../admission/kube.js');
    lookups = apiLookups(defaultKubeConfig());
  }
  const environment = {
    now: () => new Date(),
    ...(lookups ? { getPod: lookups.getPod, namespaceLabels: lookups.namespaceLabels } : {}),
    auditLog: (entry: Record<string, unknown>) => log(JSON.stringify({ level: 'audit', ...entry })),
  };
  const controller = new AdmissionController(input, environment);
  const metrics = new WebhookMetrics();
  let server;
  try {
    server = await startWebhookServer({
      tls: { cert: flags.tlsCert, key: flags.tlsKey, ...(flags.clientCa ? { clientCa: flags.clientCa } : {}) },
      port,
      host: flags.host,
      controller: Promise.resolve(controller),
      log,
      metrics,
      ...(cluster.isWorker ? { metricsText: clusterMetricsText(metrics) } : {}),
    });
  } catch (error) {
    throw new UsageError(`cannot start the webhook: ${oneLine(error)}`);
  }
  log(JSON.stringify({ level: 'info', msg: `stockade webhook listening on https://${flags.host}:${server.port}`, checks: input.checks.length }));
  // A ConfigMap update (warn -> enforce, a new exception) applies without a restart; a broken
  // file is refused and the previous configuration stays in force.
  const configFile = flags.config;
  const reloadConfig = () => {
    try {
      const next = loadControllerInput({ configFile: configFile!, onlyNewViolations: flags.onlyNewViolations === true, kubeVersion: LATEST_KUBE_VERSION });
      server.setController(new AdmissionController(next, environment));
      log(JSON.stringify({ level: 'info', msg: 'configuration reloaded', checks: next.checks.length }));
    } catch (error) {
      log(JSON.stringify({ level: 'warn', msg: `configuration not reloaded, the previous one stays in force: ${oneLine(error)}` }));
    }
  };
  if (configFile) watchFile(configFile, { interval: 2000, persistent: false }, reloadConfig);
  await new Promise<void>((resolve) => {
    const stop = () => {
      if (configFile) unwatchFile(configFile, reloadConfig);
      // A worker's channel to the primary (metrics requests) would keep it alive after its server closed.
      void server.close().then(() => {
        cluster.worker?.disconnect();
        resolve();
      });
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}

/**
 * Runs the server in `count` worker processes sharing the port. A worker that dies after it
 * was serving is replaced; one that dies before (bad certificate, port taken) stops the
 * whole command, so a broken setup fails instead of restarting forever.
 */
async function superviseWorkers(count: number): Promise<void> {
  const serving = new Set<number>();
  let stopping = false;
  await new Promise<void>((resolve, reject) => {
    cluster.on('listening', (worker) => serving.add(worker.id));
    cluster.on('exit', (worker, code, signal) => {
      if (stopping) {
        if (Object.keys(cluster.workers ?? {}).length === 0) resolve();
        return;
      }
      if (!serving.has(worker.id)) {
        stopping = true;
        for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
        reject(new UsageError(`webhook worker exited before serving (${signal ?? code}); see its message above`));
        return;
      }
      process.stderr.write(`stockade: webhook worker ${worker.process.pid} exited (${signal ?? code}); starting another\n`);
      cluster.fork();
    });
    // Signal the workers directly: cluster's worker.kill() first waits for a disconnect that
    // an open connection can hold up. Each worker drains and exits on its own SIGTERM handler.
    const stop = () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
      setTimeout(() => {
        for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
      }, 10_000).unref();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    for (let i = 0; i < count; i++) cluster.fork();
  });
}
