import { constants, type Dirent } from 'node:fs';
import { lstat, open, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Analyzer } from '../analyzers/analyzer.js';
import { analyseStream, type LayerEntry, type LayerRecord, STREAM_CHUNK } from '../fs/layer.js';
import { ImageFormatError, type ReadImage } from './manifest.js';

/** Kernel-provided trees: not part of what is installed, and endless or blocking to read. */
const VIRTUAL = new Set(['/proc', '/sys', '/dev']);

/**
 * Reads a root filesystem directory as if it were a single layer. Links are recorded, never
 * followed on the host: a symlink to `/etc/passwd` in the tree means the tree's own /etc/passwd.
 */
export async function readRootfs(dir: string, analyzers: readonly Analyzer[]): Promise<ReadImage> {
  const top = await lstat(dir).catch(() => undefined);
  if (!top?.isDirectory()) throw new ImageFormatError(`${dir}: not a directory`);
  const record: LayerRecord = { entries: [], whiteouts: [], opaqueDirs: [], problems: [], diffId: '', blobDigest: '', size: 0 };
  const walk = async (hostDir: string, imageDir: string): Promise<void> => {
    let children: Dirent[];
    try {
      children = await readdir(hostDir, { withFileTypes: true });
    } catch (error) {
      record.problems.push(`${imageDir}: not readable (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      return;
    }
    children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const child of children) {
      const imagePath = imageDir === '/' ? `/${child.name}` : `${imageDir}/${child.name}`;
      const hostPath = join(hostDir, child.name);
      if (VIRTUAL.has(imagePath)) continue;
      if (child.isDirectory()) {
        record.entries.push({ path: imagePath, kind: 'dir' });
        await walk(hostPath, imagePath);
      } else if (child.isSymbolicLink()) {
        const target = await readlink(hostPath).catch(() => '');
        record.entries.push({ path: imagePath, kind: 'symlink', linkTarget: target });
      } else if (child.isFile()) {
        record.entries.push(await fileEntry(hostPath, imagePath, analyzers, record));
      } else {
        record.entries.push({ path: imagePath, kind: 'other' });
      }
    }
  };
  await walk(dir, '/');
  return { source: 'rootfs', name: dir, annotations: {}, layers: [{ digest: '', record }], notes: [] };
}

async function fileEntry(hostPath: string, path: string, analyzers: readonly Analyzer[], record: LayerRecord): Promise<LayerEntry> {
  const entry: LayerEntry = { path, kind: 'file' };
  let info;
  try {
    info = await lstat(hostPath);
  } catch {
    return entry;
  }
  const file = { path, size: info.size, mode: info.mode & 0o7777 };
  const wanting = analyzers.filter((a) => a.wants(file));
  if (wanting.length === 0) return entry;
  let handle;
  try {
    // O_NOFOLLOW: a file swapped for a symlink after the walk saw it is refused, not followed out of the root.
    handle = await open(hostPath, constants.O_RDONLY | constants.O_NOFOLLOW);
    const { analysis, problem } = await analyseStream(wanting, { ...file, size: (await handle.stat()).size }, handle.createReadStream({ autoClose: false, highWaterMark: STREAM_CHUNK }));
    if (analysis) entry.analysis = analysis;
    if (problem) record.problems.push(problem);
  } catch (error) {
    record.problems.push(`${path}: not readable (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  } finally {
    await handle?.close();
  }
  return entry;
}
