import { Command, CommanderError } from 'commander';
import { InputError, oneLine, UsageError } from '../core/errors.js';
import { registerCommands } from './commands.js';
import { VERSION } from './version.js';

/** Builds the `stockade` program. Each command lives in its own file and registers itself. */
export async function buildProgram(argv: readonly string[]): Promise<Command> {
  const program = new Command('stockade')
    .description('Kubernetes security: vet manifests, RBAC, network policy, admission, images and audit logs')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  await registerCommands(program, argv);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  let program: Command;
  try {
    program = await buildProgram(argv);
  } catch (error) {
    process.stderr.write(`stockade: internal error: ${oneLine(error)}\n`);
    return 3;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are "errors" to commander; they already printed what the user asked for.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2;
    }
    if (error instanceof UsageError || error instanceof InputError) {
      process.stderr.write(`stockade: ${oneLine(error)}\n`);
      return 2;
    }
    process.stderr.write(`stockade: internal error: ${oneLine(error)}\n`);
    if (process.env.STOCKADE_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    return 3;
  }
}
