import { main } from './main.js';

// A reader that stops early (`stockade … | head`) closes the pipe: stop writing, as `git log | head`
// does, instead of dying on an unhandled EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`stockade: internal error: ${String(error)}\n`);
    process.exitCode = 3;
  },
);
