/** A mistake in how a command was called: exit code 2, one line, no stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Input that could not be read or understood, located as precisely as possible. */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly problem: string,
  ) {
    super(line !== undefined ? `${file}:${line}: ${problem}` : `${file}: ${problem}`);
  }
}

/** First line of an error's message, for one-line reports. */
export function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const first = text.split('\n').find((l) => l.trim() !== '') ?? text;
  return first.trim();
}
