import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { type Command, Option } from 'commander';
import { stringify as stringifyYaml } from 'yaml';
import { UsageError } from '../core/errors.js';
import { writeChunks } from './output.js';
import { buildDetector } from '../audit/default-rules.js';
import type { AuditEvent } from '../audit/event.js';
import { fieldNames } from '../audit/fields.js';
import { AlertPipeline } from '../audit/pipeline.js';
import { compareUsage, grantsFor, type HeldRule, type Identity, identityUserName, observedRequests, parseIdentity, rbacObjects, type RuleMatcher } from '../audit/rbac-advise.js';
import { loadPaths } from '../load/index.js';
import { buildRbacModel, describeGrant, parseSubject, permissionsOf, ruleAllowsNonResource, ruleAllowsResource } from '../rbac/index.js';
import { followAuditFile, readAuditStream, type ReadProblem } from '../audit/reader.js';
import { parsePriority, RuleError } from '../audit/rules.js';
import { createAuditServer, DEFAULT_MAX_BODY_BYTES } from '../audit/server.js';
import { readTlsFiles, reloadTlsOnChange, type TlsFiles } from '../core/tls.js';
import { redactUrl, WebhookSink } from '../audit/webhook.js';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function reportProblem(p: ReadProblem): void {
  process.stderr.write(`stockade: ${p.file}:${p.line}: ${p.message}\n`);
}

interface OutputFlags {
  rules: string[];
  alsoRules: string[];
  format: 'table' | 'json';
  incidents?: boolean;
  minPriority?: string;
  webhook?: string;
  webhookFormat: 'json' | 'slack';
  queueDir: string;
  deliveryTimeout: string;
}

interface AnalyzeFlags extends OutputFlags {
  follow?: boolean;
}

interface ServeFlags extends OutputFlags {
  tlsCert: string;
  tlsKey: string;
  clientCa?: string;
  port: string;
  host: string;
  maxBodyBytes: string;
  requestTimeout: string;
}

function loadDetector(rules: string[], alsoRules: string[]) {
  try {
    return buildDetector(rules, alsoRules);
  } catch (e) {
    if (e instanceof RuleError) throw new UsageError(e.message);
    throw e;
  }
}

function webhookOf(flags: OutputFlags): WebhookSink | undefined {
  if (!flags.webhook) return undefined;
  try {
    new URL(flags.webhook);
  } catch {
    throw new UsageError('--webhook must be an http(s) URL');
  }
  return new WebhookSink({ url: flags.webhook, format: flags.webhookFormat, queueDir: flags.queueDir });
}

/** The detector and its outputs as the flags ask; notes of the rule loader go to stderr. */
/** Alerts stream to stdout; a reader that goes away (`| head`) ends the output, not the process with a trace. */
function writeAlertText(text: string): void {
  if (process.stdout.writable) process.stdout.write(text);
}

function pipelineOf(flags: OutputFlags, live: boolean): { pipeline: AlertPipeline; webhook?: WebhookSink } {
  if (process.stdout.listenerCount('error') === 0) process.stdout.on('error', () => undefined);
  const minPriority = flags.minPriority === undefined ? undefined : parsePriority(flags.minPriority);
  if (flags.minPriority !== undefined && !minPriority) throw new UsageError(`unknown priority ${flags.minPriority}`);
  const { detector, ruleSets } = loadDetector(flags.rules, flags.alsoRules);
  for (const note of ruleSets.flatMap((s) => s.notes)) process.stderr.write(`stockade: note: ${note}\n`);
  const webhook = webhookOf(flags);
  const pipeline = new AlertPipeline(detector, {
    format: flags.format,
    incidents: flags.incidents === true,
    minPriority,
    write: writeAlertText,
    webhook,
    live,
  });
  return { pipeline, webhook };
}

/** Writes incidents, then keeps retrying the webhook until its deadline; undelivered is exit 2. */
async function finish(pipeline: AlertPipeline, webhook: WebhookSink | undefined, flags: OutputFlags): Promise<void> {
  await pipeline.finish();
  if (!webhook) return;
  const result = await webhook.flush(Date.now() + Number(flags.deliveryTimeout) * 1000);
  process.stderr.write(`stockade: webhook ${redactUrl(flags.webhook ?? '')}: ${result.delivered} delivered, ${result.pending} still queued in ${flags.queueDir}${result.rejected ? `, ${result.rejected} rejected (kept in ${flags.queueDir}/rejected)` : ''}\n`);
  if (result.pending > 0) process.exitCode = 2;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

async function analyze(files: string[], flags: AnalyzeFlags): Promise<void> {
  if (flags.follow && (files.length !== 1 || files[0] === '-')) throw new UsageError('--follow takes exactly one file (not stdin)');
  const { pipeline, webhook } = pipelineOf(flags, flags.follow === true);
  let problems = 0;
  let unreadable = 0;
  const onProblem = (p: ReadProblem) => {
    problems++;
    reportProblem(p);
  };
  if (flags.follow) {
    const controller = new AbortController();
    void untilSignal().then(() => controller.abort());
    const settle = setInterval(() => void pipeline.settle(), 1000);
    const delivering = webhook?.deliverUntil(controller.signal);
    await followAuditFile(files[0], (ev) => pipeline.onEvent(ev), onProblem, { signal: controller.signal, fromEnd: false });
    clearInterval(settle);
    await delivering;
  } else {
    for (const file of files) {
      const input: Readable = file === '-' ? process.stdin : createReadStream(file);
      const name = file === '-' ? '(stdin)' : file;
      try {
        await readAuditStream(input, name, (ev) => pipeline.onEvent(ev), onProblem, () => pipeline.settle());
      } catch (e) {
        unreadable++;
        process.stderr.write(`stockade: ${name}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      }
    }
  }
  await finish(pipeline, webhook, flags);
  const notEvents = problems ? `, ${problems} lines that are not audit events` : '';
  const notRead = unreadable ? `, ${unreadable} unreadable file${unreadable > 1 ? 's' : ''}` : '';
  process.stderr.write(`stockade: ${pipeline.events} events, ${pipeline.alerts} alerts${notEvents}${notRead}\n`);
  // Input that could not be read is an input error (exit 2) even though the rest was analysed.
  if (problems > 0 || unreadable > 0) process.exitCode = 2;
}

function positiveInt(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} must be a positive integer`);
  return n;
}

async function serve(flags: ServeFlags): Promise<void> {
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be 0-65535');
  const files: TlsFiles = { cert: flags.tlsCert, key: flags.tlsKey, clientCa: flags.clientCa };
  let tls;
  try {
    tls = readTlsFiles(files);
  } catch (e) {
    throw new UsageError(`cannot read the TLS files: ${(e as Error).message}`);
  }
  const { pipeline, webhook } = pipelineOf(flags, true);
  let server;
  try {
    server = createAuditServer({
      tls,
      maxBodyBytes: positiveInt(flags.maxBodyBytes, '--max-body-bytes'),
      requestTimeoutMs: positiveInt(flags.requestTimeout, '--request-timeout') * 1000,
      onEvents: (events) => {
        for (const ev of events) pipeline.onEvent(ev);
        void pipeline.settle();
      },
      onRefused: (status, reason) => process.stderr.write(`stockade: refused request (${status}): ${reason}\n`),
    });
  } catch (e) {
    throw new UsageError(`cannot use the TLS certificate and key: ${(e as Error).message}`);
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(new UsageError(`cannot listen on ${flags.host}:${port}: ${e.code ?? e.message}`)));
    server.listen(port, flags.host, () => resolve());
  });
  const address = server.address();
  process.stderr.write(`stockade: audit webhook listening on https://${flags.host}:${typeof address === 'object' && address ? address.port : port}\n`);
  const stopReloading = reloadTlsOnChange(server, files, (error) =>
    process.stderr.write(error ? `stockade: TLS files changed but not reloaded (keeping the previous pair): ${error.message}\n` : 'stockade: TLS certificate reloaded\n'),
  );
  const stopDelivery = new AbortController();
  const delivering = webhook?.deliverUntil(stopDelivery.signal);
  await untilSignal();
  stopReloading();
  stopDelivery.abort();
  await delivering;
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  await finish(pipeline, webhook, flags);
  process.stderr.write(`stockade: ${pipeline.events} events, ${pipeline.alerts} alerts\n`);
}

interface AdviseFlags {
  user?: string;
  serviceaccount?: string;
  onlyAllowed?: boolean;
  widenNamespaces: boolean;
  compare: string[];
}

/** Right-sizing: the rules the identity holds in the given manifests that the log never shows used. */
async function compareWithManifests(paths: string[], identity: Identity, events: AuditEvent[]): Promise<boolean> {
  const loaded = await loadPaths(paths);
  for (const e of loaded.errors) process.stderr.write(`stockade: ${e.file}${e.line !== undefined ? `:${e.line}` : ''}: ${e.message}\n`);
  const model = buildRbacModel(loaded.inventory);
  const { requests, groups } = observedRequests(events, identity);
  const subject = identity.kind === 'User' ? parseSubject(`user:${identity.name}`) : parseSubject(`sa:${identity.namespace}/${identity.name}`);
  const permissions = permissionsOf(model, subject, groups);
  const held: HeldRule[] = permissions.grants.map(({ grant }) => ({ via: describeGrant(grant), namespace: grant.namespace, rule: grant.effective }));
  const allows: RuleMatcher = (rule, r) =>
    r.path !== undefined
      ? ruleAllowsNonResource(rule, { verb: r.verb, path: r.path })
      : ruleAllowsResource(rule, { verb: r.verb, apiGroup: r.apiGroup, resource: r.resource, subresource: r.subresource, name: r.name });
  const usage = compareUsage(held, requests, allows);
  const unused = usage.filter((u) => u.status !== 'used');
  let out = `# ${identityUserName(identity)}: ${usage.length} rules held${permissions.allPowerful ? ' (member of system:masters: everything is allowed regardless)' : ''}, ${usage.filter((u) => u.status === 'unused').length} never used, ${usage.filter((u) => u.status === 'partly-used').length} partly used, over ${requests.length} distinct requests in the log\n`;
  for (const u of unused) {
    const scope = u.held.namespace === undefined ? 'cluster-wide' : `namespace ${u.held.namespace}`;
    const parts = [u.unusedVerbs.length ? `unused verbs: ${u.unusedVerbs.join(',')}` : '', u.unusedResources.length ? `unused resources: ${u.unusedResources.join(',')}` : ''].filter(Boolean).join('; ');
    out += `${u.status.padEnd(12)} ${u.held.via} (${scope})${parts ? ` — ${parts}` : ''}\n`;
  }
  writeChunks([out], undefined);
  return loaded.errors.length === 0;
}

async function rbacAdvise(files: string[], flags: AdviseFlags): Promise<void> {
  const identity = parseIdentity(flags.user, flags.serviceaccount);
  if (typeof identity === 'string') throw new UsageError(identity);
  const events: AuditEvent[] = [];
  let problems = 0;
  for (const file of files) {
    const name = file === '-' ? '(stdin)' : file;
    try {
      await readAuditStream(file === '-' ? process.stdin : createReadStream(file), name, (ev) => events.push(ev), (p) => {
        problems++;
        reportProblem(p);
      });
    } catch (e) {
      problems++;
      process.stderr.write(`stockade: ${name}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    }
  }
  if (flags.compare.length > 0) {
    if (!(await compareWithManifests(flags.compare, identity, events)) || problems > 0) process.exitCode = 2;
    return;
  }
  const grants = grantsFor(events, identity, { onlyAllowed: flags.onlyAllowed, widenAcrossNamespaces: flags.widenNamespaces });
  if (grants.length === 0) process.stderr.write(`stockade: no requests by ${identityUserName(identity)} in the log; nothing to grant\n`);
  writeChunks([rbacObjects(grants, identity).map((o) => stringifyYaml(o)).join('---\n')], undefined);
  if (problems > 0) process.exitCode = 2;
}

function outputOptions(cmd: Command): Command {
  return cmd
    .option('--rules <file>', 'rule file to load instead of the defaults (repeatable, loaded in order)', collect, [])
    .option('--also-rules <file>', "rule file of a second, independent rule set run beside the first, e.g. Falco's k8s_audit_rules.yaml (repeatable, loaded in order)", collect, [])
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--incidents', 'group alerts into ranked incidents per identity instead of listing them')
    .option('--min-priority <priority>', 'drop alerts less urgent than this (e.g. WARNING)')
    .option('--webhook <url>', 'also deliver alerts (or incidents) to this URL')
    .addOption(new Option('--webhook-format <format>', 'webhook body').choices(['json', 'slack']).default('json'))
    .option('--queue-dir <dir>', 'on-disk queue for webhook deliveries', '.stockade/audit-webhook-queue')
    .option('--delivery-timeout <seconds>', 'how long to keep retrying webhook delivery before exiting', '30');
}

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('threat detection and least-privilege advice from the Kubernetes audit log');
  const analyzeCmd = audit
    .command('analyze')
    .description('run detection rules (Falco k8s_audit language) over audit log files (JSON lines; - for stdin)')
    .argument('<files...>', 'audit log files, or - for stdin');
  outputOptions(analyzeCmd)
    .option('--follow', 'read the file, then keep reading it as it grows, across rotation, until interrupted')
    .action(async (files: string[], flags: AnalyzeFlags) => analyze(files, flags));
  const serveCmd = audit
    .command('serve')
    .description("HTTPS receiver for the API server's audit webhook backend (EventList POSTs)")
    .requiredOption('--tls-cert <file>', 'PEM certificate (chain) the server presents; reloaded when the file changes')
    .requiredOption('--tls-key <file>', 'PEM private key of the certificate')
    .option('--client-ca <file>', "require client certificates signed by this CA (the API server's audit webhook kubeconfig)")
    .option('--port <port>', 'port to listen on', '8443')
    .option('--host <address>', 'address to listen on', '0.0.0.0')
    .option('--max-body-bytes <n>', 'largest request body accepted', String(DEFAULT_MAX_BODY_BYTES))
    .option('--request-timeout <seconds>', 'deadline for receiving a whole request', '30');
  outputOptions(serveCmd).action(async (flags: ServeFlags) => serve(flags));
  audit
    .command('fields')
    .description('list the fields rule conditions and outputs can use')
    .action(() => writeChunks(fieldNames().map((f) => `${(f.argument ? `${f.name}[...]` : f.name).padEnd(50)} ${f.description}\n`), undefined));
  audit
    .command('rbac-advise')
    .description('write the minimal Roles/ClusterRoles and bindings that allow what one identity did (like audit2rbac)')
    .argument('<logs...>', 'audit log files, or - for stdin')
    .option('--user <name>', 'the user (the impersonated user counts as the actor)')
    .option('--serviceaccount <namespace/name>', 'the service account')
    .option('--only-allowed', 'grant only requests that were authorized (by default refused ones count too, as in audit2rbac)')
    .option('--no-widen-namespaces', 'keep per-namespace Roles even when the same permission is used in several namespaces')
    .option('--compare <path>', 'instead, list the permissions the identity holds in these RBAC manifests (files or directories, repeatable) but never used in the log', collect, [])
    .action(async (files: string[], flags: AdviseFlags) => rbacAdvise(files, flags));
}
