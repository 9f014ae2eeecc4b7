import type { Command } from 'commander';
import { registerAudit } from './audit.js';
import { registerChecks } from './checks.js';
import { registerDb } from './db.js';
import { registerFix } from './fix.js';
import { registerImage } from './image.js';
import { registerNetpol } from './netpol.js';
import { registerRbac } from './rbac.js';
import { registerScan } from './scan.js';
import { registerWebhook } from './webhook.js';

/** Every command of the CLI, one file each. */
export function registerCommands(program: Command): void {
  registerScan(program);
  registerChecks(program);
  registerFix(program);
  registerAudit(program);
  registerWebhook(program);
  registerNetpol(program);
  registerRbac(program);
  registerDb(program);
  registerImage(program);
}
