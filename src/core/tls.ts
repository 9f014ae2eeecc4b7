import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import type { Server } from 'node:https';
import type { SecureContextOptions } from 'node:tls';

/** Where a server's certificate lives, and the CA whose client certificates are required, if any. */
export interface TlsFiles {
  cert: string;
  key: string;
  clientCa?: string;
}

/** Reads the TLS files (TLS 1.2 or later); throws with the file's error when one cannot be read. */
export function readTlsFiles(files: TlsFiles): SecureContextOptions {
  const context: SecureContextOptions = { cert: readFileSync(files.cert), key: readFileSync(files.key), minVersion: 'TLSv1.2' };
  if (files.clientCa) context.ca = readFileSync(files.clientCa);
  return context;
}

/**
 * Serves renewed certificates without a restart (cert-manager and kubelet Secret updates replace
 * the files): the files are polled, which also sees the symlink swaps of mounted Secrets, and a
 * pair that does not load yet (key and certificate replaced one after the other) keeps the
 * previous one in service. `onReload` hears of each attempt. Returns the stop function.
 */
export function reloadTlsOnChange(server: Server, files: TlsFiles, onReload: (error?: Error) => void, pollMs = 2000): () => void {
  const paths = [files.cert, files.key, ...(files.clientCa ? [files.clientCa] : [])];
  const reload = () => {
    try {
      server.setSecureContext(readTlsFiles(files));
      onReload();
    } catch (error) {
      onReload(error as Error);
    }
  };
  for (const p of paths) watchFile(p, { interval: pollMs, persistent: false }, reload);
  return () => {
    for (const p of paths) unwatchFile(p, reload);
  };
}
