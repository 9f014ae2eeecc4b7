import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';

export interface WebhookCertificates {
  caCert: string;
  caKey: string;
  cert: string;
  key: string;
  /** Base64 of the CA certificate PEM: the `caBundle` of the webhook configurations. */
  caBundle: string;
  dnsNames: string[];
}

export interface CertificateRequest {
  service: string;
  namespace: string;
  /** Validity of both certificates, in days. */
  days?: number;
  /** Extra names (e.g. `localhost`) and IP addresses for the serving certificate. */
  extraDnsNames?: string[];
  ipAddresses?: string[];
  now?: Date;
}

/** The names the API server may use to reach a Service: `svc`, `svc.ns`, `svc.ns.svc`, `svc.ns.svc.cluster.local`. */
export function serviceDnsNames(service: string, namespace: string): string[] {
  return [service, `${service}.${namespace}`, `${service}.${namespace}.svc`, `${service}.${namespace}.svc.cluster.local`];
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * A private CA and a serving certificate for the webhook Service, for installs without
 * cert-manager. Keys come from node:crypto (RSA 2048, fast and native); node-forge builds and
 * signs the X.509 certificates, which node:crypto cannot do.
 */
export function generateWebhookCertificates(request: CertificateRequest): WebhookCertificates {
  for (const [what, value] of [['service', request.service], ['namespace', request.namespace]] as const) {
    if (!DNS_LABEL.test(value) || value.length > 63) throw new Error(`${what} "${value}" is not a valid DNS label (lower-case letters, digits and '-')`);
  }
  const now = request.now ?? new Date();
  const days = request.days ?? 365;
  const dnsNames = [...serviceDnsNames(request.service, request.namespace), ...(request.extraDnsNames ?? [])];

  const caKeys = keyPair();
  const ca = forge.pki.createCertificate();
  ca.publicKey = caKeys.publicKey;
  ca.serialNumber = serial();
  setValidity(ca, now, days);
  const caName = [{ name: 'commonName', value: `stockade-webhook-ca.${request.namespace}` }, { name: 'organizationName', value: 'stockade' }];
  ca.setSubject(caName);
  ca.setIssuer(caName);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());

  const keys = keyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  setValidity(cert, now, days);
  cert.setSubject([{ name: 'commonName', value: dnsNames[2]! }]);
  cert.setIssuer(caName);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [...dnsNames.map((value) => ({ type: 2, value })), ...(request.ipAddresses ?? []).map((ip) => ({ type: 7, ip }))] },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(caKeys.privateKey, forge.md.sha256.create());

  const caCert = forge.pki.certificateToPem(ca);
  return {
    caCert,
    caKey: forge.pki.privateKeyToPem(caKeys.privateKey),
    cert: forge.pki.certificateToPem(cert),
    key: forge.pki.privateKeyToPem(keys.privateKey),
    caBundle: Buffer.from(caCert).toString('base64'),
    dnsNames,
  };
}

function keyPair(): { publicKey: forge.pki.rsa.PublicKey; privateKey: forge.pki.rsa.PrivateKey } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKey: forge.pki.publicKeyFromPem(publicKey), privateKey: forge.pki.privateKeyFromPem(privateKey) };
}

function serial(): string {
  // Positive 128-bit serial: the top bit cleared so DER does not read it as negative.
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}

function setValidity(cert: forge.pki.Certificate, now: Date, days: number): void {
  // Back-dated a little so a node whose clock runs slightly behind still accepts it.
  cert.validity.notBefore = new Date(now.getTime() - 5 * 60_000);
  cert.validity.notAfter = new Date(now.getTime() + days * 86_400_000);
}

/** Writes the files with private keys readable by the owner only. */
export function writeWebhookCertificates(dir: string, certs: WebhookCertificates): string[] {
  mkdirSync(dir, { recursive: true });
  const files: [string, string, number][] = [
    ['ca.crt', certs.caCert, 0o644],
    ['ca.key', certs.caKey, 0o600],
    ['tls.crt', certs.cert, 0o644],
    ['tls.key', certs.key, 0o600],
    // No trailing newline: the kustomize overlay copies the file verbatim into caBundle.
    ['caBundle', certs.caBundle, 0o644],
  ];
  for (const [name, content, mode] of files) writeFileSync(join(dir, name), content, { mode });
  return files.map(([name]) => join(dir, name));
}
