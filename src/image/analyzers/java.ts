import { fromBufferPromise, type ZipFile } from 'yauzl';
import type { FoundPackage, WholeFileAnalyzer } from './analyzer.js';

const ARCHIVE = /\.(?:jar|war|ear|par)$/i;
const POM_PROPERTIES = /^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/;
/** Fat jars (Spring Boot's BOOT-INF/lib, WARs' WEB-INF/lib) nest jars; deeper nesting is not seen in practice. */
const MAX_DEPTH = 2;
const MAX_NESTED_BYTES = 64 * 1024 * 1024;
const MAX_PROPERTIES_BYTES = 64 * 1024;

/** java.util.Properties, the subset Maven writes: `key=value` or `key: value` lines, `#`/`!` comments. */
export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    const match = /^([^=:\s]+)\s*[=:\s]\s*(.*)$/.exec(line);
    if (match) out.set(match[1], match[2].trim());
  }
  return out;
}

async function readEntry(zip: ZipFile, entry: Parameters<ZipFile['openReadStreamPromise']>[0], limit: number): Promise<Buffer | undefined> {
  if (entry.uncompressedSize > limit) return undefined;
  const stream = await zip.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > limit) {
      stream.destroy();
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Maven coordinates of a jar and of the jars inside it, from META-INF/maven/.../pom.properties. */
export async function jarPackages(bytes: Buffer, depth = 0): Promise<FoundPackage[]> {
  const zip = await fromBufferPromise(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
  const out: FoundPackage[] = [];
  try {
    for await (const entry of zip.eachEntry()) {
      if (POM_PROPERTIES.test(entry.fileName)) {
        const text = await readEntry(zip, entry, MAX_PROPERTIES_BYTES);
        if (!text) continue;
        const props = parseProperties(text.toString('utf8'));
        const group = props.get('groupId');
        const artifact = props.get('artifactId');
        const version = props.get('version');
        if (group && artifact && version) {
          const name = `${group}:${artifact}`;
          out.push({ ecosystem: 'Maven', name, version, sourceName: name, sourceVersion: version });
        }
      } else if (depth < MAX_DEPTH && ARCHIVE.test(entry.fileName)) {
        const inner = await readEntry(zip, entry, MAX_NESTED_BYTES);
        if (inner) out.push(...(await jarPackages(inner, depth + 1).catch(() => [])));
      }
    }
  } finally {
    zip.close();
  }
  return out;
}

export const javaAnalyzer: WholeFileAnalyzer = {
  name: 'java',
  maxBytes: 256 * 1024 * 1024,
  wants: (file) => ARCHIVE.test(file.path),
  async analyze(file, content) {
    try {
      return { packages: await jarPackages(content) };
    } catch (error) {
      return { notes: [`${file.path}: not a readable Java archive (${error instanceof Error ? error.message : String(error)})`] };
    }
  },
};
