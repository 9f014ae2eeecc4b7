import { readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { Command, Option } from 'commander';
import { createTwoFilesPatch } from 'diff';
import { POLICIES } from '../core/registry.js';
import { fixText, type FileFix } from '../fix/index.js';
import { manifestFiles, STDIN, type LoadError } from '../load/index.js';
import { writeChunks } from './output.js';
import { checkSetup, type CheckFlags } from './setup.js';

interface FixFlags extends CheckFlags {
  dryRun?: boolean;
  unsafe?: boolean;
}

export function registerFix(program: Command): void {
  program
    .command('fix')
    .description("Apply the checks' fixes to YAML manifests in place, changing only the lines that need it")
    .argument('<paths...>', 'YAML files or directories, or - to fix standard input to standard output')
    .option('--dry-run', 'print a unified diff instead of writing the files')
    .option('--unsafe', 'also apply fixes that could break a workload (e.g. runAsNonRoot)')
    .option('-c, --config <file>', 'configuration file (default: nearest .stockade.yaml above the first path)')
    .option('--check <ids...>', 'apply only these checks\' fixes')
    .option('--skip-check <ids...>', 'do not apply these checks\' fixes')
    .addOption(new Option('--policy <name>', 'named check set').choices([...POLICIES]))
    .option('--pss-version <version>', 'Pod Security Standards version: latest or v1.N')
    .addHelpText(
      'after',
      `
Comments, key order, quoting and untouched lines are preserved; each edit is verified by
re-parsing. Documents rendered by Helm (# Source: comments) are reported as not fixable: fix
the chart's templates. Suppressed findings (exceptions) are never fixed.

Exit codes: 0 done, 2 usage or input error.`,
    )
    .action((paths: string[], flags: FixFlags) => {
      process.exitCode = runFix(paths, flags);
    });
}

function runFix(paths: string[], flags: FixFlags): number {
  const { checks, config, options } = checkSetup(flags, paths[0]);
  const settings = { checks, config, options, unsafe: flags.unsafe === true };
  const errors: LoadError[] = [];
  let applied = 0;
  let skipped = 0;
  const report = (file: string, fix: FileFix) => {
    applied += fix.applied.length;
    skipped += fix.skipped.length;
    for (const a of fix.applied) process.stderr.write(`fixed: ${file}: ${a.resource}: ${a.check}\n`);
    for (const s of fix.skipped) process.stderr.write(`not fixed: ${file}: ${s.resource}${s.check ? `: ${s.check}` : ''}: ${s.reason}\n`);
  };
  for (const path of paths) {
    if (path === STDIN) {
      const fix = fixText(readFileSync(0), settings);
      report('<stdin>', fix);
      if (flags.dryRun) writeChunks([createTwoFilesPatch('a/<stdin>', 'b/<stdin>', fix.original, fix.updated)], undefined);
      else writeChunks([fix.updated], undefined);
      continue;
    }
    for (const file of manifestFiles(path, errors)) {
      if (extname(file).toLowerCase() === '.json') {
        process.stderr.write(`not fixed: ${file}: JSON files are not rewritten\n`);
        continue;
      }
      let buf: Buffer;
      try {
        buf = readFileSync(file);
      } catch (error) {
        errors.push({ file, message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}` });
        continue;
      }
      const fix = fixText(buf, settings);
      report(file, fix);
      if (fix.updated === fix.original) continue;
      if (flags.dryRun) writeChunks([createTwoFilesPatch(`a/${file}`, `b/${file}`, fix.original, fix.updated)], undefined);
      else writeFileSync(file, fix.updated);
    }
  }
  for (const e of errors) process.stderr.write(`stockade: ${e.file}: ${e.message}\n`);
  process.stderr.write(`${applied} fix${applied === 1 ? '' : 'es'} ${flags.dryRun ? 'proposed' : 'applied'}, ${skipped} not applied\n`);
  return errors.length > 0 ? 2 : 0;
}
