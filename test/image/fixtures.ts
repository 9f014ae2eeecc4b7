import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar-stream';

/** A tar entry for building test layers in memory: files by content, links by target. */
export type TestEntry =
  | { name: string; content: string | Buffer; mode?: number }
  | { name: string; dir: true }
  | { name: string; symlink: string }
  | { name: string; hardlink: string };

/** Packs entries into a tar, exactly as named (hostile names included). */
export async function tarOf(entries: TestEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const chunk of pack) chunks.push(chunk as Buffer);
  })();
  for (const entry of entries) {
    if ('content' in entry) {
      const body = Buffer.isBuffer(entry.content) ? entry.content : Buffer.from(entry.content);
      pack.entry({ name: entry.name, size: body.length, mode: entry.mode ?? 0o644 }, body);
    } else if ('dir' in entry) {
      pack.entry({ name: entry.name, type: 'directory', mode: 0o755 });
    } else if ('symlink' in entry) {
      pack.entry({ name: entry.name, type: 'symlink', linkname: entry.symlink });
    } else {
      pack.entry({ name: entry.name, type: 'link', linkname: entry.hardlink });
    }
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

export async function gzipTarOf(entries: TestEntry[]): Promise<Buffer> {
  return gzipSync(await tarOf(entries));
}

export function streamOf(bytes: Buffer): Readable {
  return Readable.from([bytes]);
}

export const DEBIAN_OS_RELEASE = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\nID=debian\n';

export function dpkgStanza(name: string, version: string, extra = ''): string {
  return `Package: ${name}\nStatus: install ok installed\nArchitecture: amd64\nVersion: ${version}\n${extra}Description: test\n long text\n\n`;
}
