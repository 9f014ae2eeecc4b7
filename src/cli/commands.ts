import type { Command } from 'commander';

type Register = (program: Command) => void;

/**
 * Every command of the CLI, one file each, loaded only when it runs: `stockade scan` should
 * not pay for parsing the image scanner or the webhook server. Add a command with one line.
 */
export const COMMANDS: Record<string, () => Promise<Register>> = {
  scan: async () => (await import('./scan.js')).registerScan,
  checks: async () => (await import('./checks.js')).registerChecks,
  fix: async () => (await import('./fix.js')).registerFix,
  rbac: async () => (await import('./rbac.js')).registerRbac,
  netpol: async () => (await import('./netpol.js')).registerNetpol,
  webhook: async () => (await import('./webhook.js')).registerWebhook,
  audit: async () => (await import('./audit.js')).registerAudit,
  image: async () => (await import('./image.js')).registerImage,
  db: async () => (await import('./db.js')).registerDb,
  cluster: async () => (await import('./cluster.js')).registerCluster,
  dashboard: async () => (await import('./dashboard.js')).registerDashboard,
};

/** Registers the command named first on the command line, or all of them (for help). */
export async function registerCommands(program: Command, argv: readonly string[]): Promise<void> {
  const name = argv.find((a) => !a.startsWith('-'));
  const selected = name !== undefined && name in COMMANDS ? [name] : Object.keys(COMMANDS);
  for (const command of selected) (await COMMANDS[command]!())(program);
}
