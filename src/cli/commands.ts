import type { Command } from 'commander';
import { registerAudit } from './audit.js';
import { registerChecks } from './checks.js';
import { registerNetpol } from './netpol.js';
import { registerScan } from './scan.js';

/** Every command of the CLI, one file each. */
export function registerCommands(program: Command): void {
  registerScan(program);
  registerChecks(program);
  registerAudit(program);
  registerNetpol(program);
}
