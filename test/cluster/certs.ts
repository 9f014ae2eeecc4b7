import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPki {
  dir: string;
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** A client certificate signed by another CA: the server must refuse it. */
  strangerCert: string;
  strangerKey: string;
  caFile: string;
  clientCertFile: string;
  clientKeyFile: string;
  cleanup(): void;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe', timeout: 30_000 });
}

/**
 * A throw-away PKI made with openssl: a CA, a serving certificate for 127.0.0.1 and a client
 * certificate (CN=stockade-reader, O=stockade:readers) as the API server would see one.
 */
export function makePki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'stockade-cluster-pki-'));
  const ca = (name: string) => {
    openssl(dir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', '2', '-subj', `/CN=${name}`]);
  };
  const leaf = (name: string, signer: string, subject: string, ext: string) => {
    openssl(dir, ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject]);
    writeFileSync(join(dir, `${name}.ext`), ext);
    openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', `${signer}.crt`, '-CAkey', `${signer}.key`, '-CAcreateserial', '-out', `${name}.crt`, '-days', '2', '-extfile', `${name}.ext`]);
  };
  ca('ca');
  ca('stranger-ca');
  leaf('server', 'ca', '/CN=kube-apiserver', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  leaf('client', 'ca', '/O=stockade:readers/CN=stockade-reader', 'extendedKeyUsage=clientAuth\n');
  leaf('stranger', 'stranger-ca', '/CN=stranger', 'extendedKeyUsage=clientAuth\n');
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  return {
    dir,
    caCert: read('ca.crt'),
    serverCert: read('server.crt'),
    serverKey: read('server.key'),
    clientCert: read('client.crt'),
    clientKey: read('client.key'),
    strangerCert: read('stranger.crt'),
    strangerKey: read('stranger.key'),
    caFile: join(dir, 'ca.crt'),
    clientCertFile: join(dir, 'client.crt'),
    clientKeyFile: join(dir, 'client.key'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A kubeconfig for the fake server: bearer token or client certificate. */
export function writeKubeconfig(dir: string, server: string, pki: TestPki, user: { token: string } | { clientCert: true } | { stranger: true }, name = 'kubeconfig'): string {
  const file = join(dir, name);
  let userBlock: string;
  if ('token' in user) userBlock = `    token: ${user.token}`;
  else if ('clientCert' in user) userBlock = `    client-certificate: ${pki.clientCertFile}\n    client-key: ${pki.clientKeyFile}`;
  else {
    writeFileSync(join(dir, 'stranger.pem'), pki.strangerCert);
    writeFileSync(join(dir, 'stranger-key.pem'), pki.strangerKey);
    userBlock = `    client-certificate: ${join(dir, 'stranger.pem')}\n    client-key: ${join(dir, 'stranger-key.pem')}`;
  }
  writeFileSync(
    file,
    `apiVersion: v1
kind: Config
clusters:
- name: fake
  cluster:
    server: ${server}
    certificate-authority: ${pki.caFile}
contexts:
- name: fake
  context: { cluster: fake, user: reader }
- name: other
  context: { cluster: fake, user: nobody }
current-context: fake
users:
- name: reader
  user:
${userBlock}
- name: nobody
  user:
    token: wrong-token
`,
  );
  return file;
}
