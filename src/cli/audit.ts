import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { type Command, Option } from 'commander';
import { UsageError } from '../core/errors.js';
import { buildDetector } from '../audit/default-rules.js';
import { AlertPipeline } from '../audit/pipeline.js';
import { followAuditFile, readAuditStream, type ReadProblem } from '../audit/reader.js';
import { parsePriority, RuleError } from '../audit/rules.js';
import { redactUrl, WebhookSink } from '../audit/webhook.js';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function reportProblem(p: ReadProblem): void {
  process.stderr.write(`stockade: ${p.file}:${p.line}: ${p.message}\n`);
}

interface AnalyzeFlags {
  rules: string[];
  format: 'table' | 'json';
  incidents?: boolean;
  minPriority?: string;
  follow?: boolean;
  webhook?: string;
  webhookFormat: 'json' | 'slack';
  queueDir: string;
  deliveryTimeout: string;
}

function loadDetector(rules: string[]) {
  try {
    return buildDetector(rules);
  } catch (e) {
    if (e instanceof RuleError) throw new UsageError(e.message);
    throw e;
  }
}

function webhookOf(flags: AnalyzeFlags): WebhookSink | undefined {
  if (!flags.webhook) return undefined;
  try {
    new URL(flags.webhook);
  } catch {
    throw new UsageError('--webhook must be an http(s) URL');
  }
  return new WebhookSink({ url: flags.webhook, format: flags.webhookFormat, queueDir: flags.queueDir });
}

async function analyze(files: string[], flags: AnalyzeFlags): Promise<void> {
  const minPriority = flags.minPriority === undefined ? undefined : parsePriority(flags.minPriority);
  if (flags.minPriority !== undefined && !minPriority) throw new UsageError(`unknown priority ${flags.minPriority}`);
  if (flags.follow && (files.length !== 1 || files[0] === '-')) throw new UsageError('--follow takes exactly one file (not stdin)');
  const { detector, ruleSet } = loadDetector(flags.rules);
  for (const note of ruleSet.notes) process.stderr.write(`stockade: note: ${note}\n`);
  const webhook = webhookOf(flags);
  const pipeline = new AlertPipeline(detector, {
    format: flags.format,
    incidents: flags.incidents === true,
    minPriority,
    write: (t) => process.stdout.write(t),
    webhook,
  });
  let problems = 0;
  const onProblem = (p: ReadProblem) => {
    problems++;
    reportProblem(p);
  };
  if (flags.follow) {
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const settle = setInterval(() => void pipeline.settle(), 1000);
    await followAuditFile(files[0], (ev) => pipeline.onEvent(ev), onProblem, { signal: controller.signal, fromEnd: false });
    clearInterval(settle);
  } else {
    for (const file of files) {
      const input: Readable = file === '-' ? process.stdin : createReadStream(file);
      const name = file === '-' ? '(stdin)' : file;
      try {
        await readAuditStream(input, name, (ev) => pipeline.onEvent(ev), onProblem, () => pipeline.settle());
      } catch (e) {
        problems++;
        process.stderr.write(`stockade: ${name}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      }
    }
  }
  await pipeline.finish();
  if (webhook) {
    const result = await webhook.flush(Date.now() + Number(flags.deliveryTimeout) * 1000);
    process.stderr.write(`stockade: webhook ${redactUrl(flags.webhook ?? '')}: ${result.delivered} delivered, ${result.pending} still queued in ${flags.queueDir}${result.rejected ? `, ${result.rejected} rejected (kept in ${flags.queueDir}/rejected)` : ''}\n`);
    if (result.pending > 0) process.exitCode = 2;
  }
  process.stderr.write(`stockade: ${pipeline.events} events, ${pipeline.alerts} alerts${problems ? `, ${problems} lines that are not audit events` : ''}\n`);
  // Input that could not be read is an input error (exit 2) even though the rest was analysed.
  if (problems > 0) process.exitCode = 2;
}

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('threat detection and least-privilege advice from the Kubernetes audit log');
  audit
    .command('analyze')
    .description('run detection rules (Falco k8s_audit language) over audit log files (JSON lines; - for stdin)')
    .argument('<files...>', 'audit log files, or - for stdin')
    .option('--rules <file>', 'rule file to load instead of the defaults (repeatable, loaded in order)', collect, [])
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--incidents', 'group alerts into ranked incidents per identity instead of listing them')
    .option('--min-priority <priority>', 'drop alerts less urgent than this (e.g. WARNING)')
    .option('--follow', 'keep reading the file as it grows, across rotation, until interrupted')
    .option('--webhook <url>', 'also deliver alerts (or incidents) to this URL')
    .addOption(new Option('--webhook-format <format>', 'webhook body').choices(['json', 'slack']).default('json'))
    .option('--queue-dir <dir>', 'on-disk queue for webhook deliveries', '.stockade/audit-webhook-queue')
    .option('--delivery-timeout <seconds>', 'how long to keep retrying webhook delivery before exiting', '30')
    .action(async (files: string[], flags: AnalyzeFlags) => analyze(files, flags));
}
