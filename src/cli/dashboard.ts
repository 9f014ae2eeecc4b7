import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { InputError, oneLine, UsageError } from '../core/errors.js';
import { defaultDbPath } from '../store/database.js';

interface DashboardFlags {
  db?: string;
  host: string;
  port: string;
  token?: string;
  tokenFile?: string;
  tlsCert?: string;
  tlsKey?: string;
}

function readOrUsage(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${what} ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function registerDashboard(program: Command): void {
  program
    .command('dashboard')
    .description('Serve the scan history (stockade scan --record) as a read-only local web dashboard')
    .option('--db <file>', 'history database (default: the user data directory)')
    .option('--host <address>', 'address to listen on; beyond loopback a token is required', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0: any free port)', '8080')
    .option('--token <token>', 'require this bearer token on every API request (open the page as URL#token=<token>)')
    .option('--token-file <file>', 'read the bearer token from this file (e.g. a mounted Secret)')
    .option('--tls-cert <file>', 'serve HTTPS with this certificate (PEM)')
    .option('--tls-key <file>', 'private key of --tls-cert (PEM)')
    .addHelpText(
      'after',
      `
Examples:
  stockade scan deploy/ --record && stockade dashboard
  stockade dashboard --host 0.0.0.0 --token-file /var/run/secrets/stockade/token`,
    )
    .action(async (flags: DashboardFlags) => {
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: expected a port number, got "${flags.port}"`);
      if (flags.token !== undefined && flags.tokenFile !== undefined) throw new UsageError('--token and --token-file: give one of them');
      const token = flags.token ?? (flags.tokenFile !== undefined ? readOrUsage(flags.tokenFile, '--token-file').trim() : process.env.STOCKADE_DASHBOARD_TOKEN || undefined);
      if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined)) throw new UsageError('--tls-cert and --tls-key go together');
      const tls = flags.tlsCert && flags.tlsKey ? { cert: readOrUsage(flags.tlsCert, '--tls-cert'), key: readOrUsage(flags.tlsKey, '--tls-key') } : undefined;
      const { startDashboard } = await import('../dashboard/server.js');
      let running;
      try {
        running = await startDashboard({ dbPath: flags.db ?? defaultDbPath(), host: flags.host, port, ...(token !== undefined ? { token } : {}), ...(tls ? { tls } : {}) });
      } catch (error) {
        if (error instanceof InputError) throw new UsageError(oneLine(error));
        throw error;
      }
      process.stderr.write(`stockade dashboard: serving ${running.url}${token !== undefined ? ' (bearer token required; open it as URL#token=<token>)' : ''}\n`);
      const stop = (): void => {
        void running.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
