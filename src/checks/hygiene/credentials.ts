import { memoized } from '../../core/memo.js';

/**
 * Recognisers for credentials written literally into manifests. Each names what it found and
 * how many leading characters are safe to show: a finding must help the reader locate the
 * value without ever repeating it (`AKIA************`).
 */
export interface CredentialKind {
  id: string;
  /** What the message calls it: "an AWS access key ID". */
  label: string;
  /**
   * Matches the credential. Every quantifier that can run over long input is bounded and no
   * pattern starts with an unbounded run: annotations such as last-applied-configuration hold
   * hundreds of kilobytes, and a pattern that backtracks quadratically would stall the scan.
   */
  pattern: RegExp;
  /** A second pattern that must also match somewhere in the text (for multi-field formats). */
  also?: RegExp;
  /** Capture group holding the secret itself (0: the whole match). */
  group?: number;
  /** Leading characters of the secret that identify its format and reveal nothing. */
  visible: number;
  /** Not reported when one of these more specific kinds was found in the same text. */
  supersededBy?: string[];
}

const KINDS: readonly CredentialKind[] = [
  {
    id: 'gcp-service-account-key',
    label: 'a Google Cloud service account key',
    pattern: /"type"\s{0,16}:\s{0,16}"service_account"/,
    also: /"private_key"\s{0,16}:/,
    visible: 0,
  },
  {
    id: 'private-key',
    label: 'a private key',
    pattern: /-----BEGIN (?:[A-Z0-9]{1,16} ){0,4}PRIVATE KEY(?: BLOCK)?-----/,
    visible: 0,
    supersededBy: ['gcp-service-account-key'],
  },
  { id: 'aws-access-key', label: 'an AWS access key ID', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/, visible: 4 },
  {
    id: 'aws-secret-key',
    label: 'an AWS secret access key',
    pattern: /aws_?secret_?(?:access_?)?key["']?\s{0,16}[:=]\s{0,16}["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/i,
    group: 1,
    visible: 0,
  },
  { id: 'gcp-api-key', label: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/, visible: 4 },
  { id: 'azure-storage-key', label: 'an Azure storage account key', pattern: /AccountKey=([A-Za-z0-9+/]{86}==)/, group: 1, visible: 0 },
  { id: 'azure-shared-access-key', label: 'an Azure shared access key', pattern: /SharedAccessKey=([A-Za-z0-9+/]{43}=)/, group: 1, visible: 0 },
  { id: 'github-token', label: 'a GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{82})\b/, visible: 4 },
  { id: 'gitlab-token', label: 'a GitLab token', pattern: /\bglpat-[A-Za-z0-9_-]{20,255}/, visible: 6 },
  { id: 'slack-token', label: 'a Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,255}/, visible: 5 },
  { id: 'slack-webhook', label: 'a Slack webhook URL', pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{1,32}\/B[A-Z0-9]{1,32}\/[A-Za-z0-9]{1,64}/, visible: 29 },
  { id: 'stripe-key', label: 'a Stripe secret key', pattern: /\b[sr]k_live_[A-Za-z0-9]{20,255}/, visible: 8 },
  { id: 'jwt', label: 'a JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{8,4096}\.eyJ[A-Za-z0-9_-]{8,8192}\.[A-Za-z0-9_-]{8,4096}/, visible: 3 },
  {
    id: 'url-password',
    label: 'a password in a URL',
    pattern: /\b[a-z][a-z0-9+.-]{0,31}:\/\/[^\s:@/'"]{1,256}:([^\s@/'"]{3,256})@[^\s/'"]/i,
    group: 1,
    visible: 0,
  },
  {
    id: 'password-assignment',
    label: 'a password assignment',
    pattern:
      /(?<![A-Za-z0-9])(?:password|passwd|pwd|secret|api[_-]?key|access[_-]?key|secret[_-]?key|auth[_-]?token|access[_-]?token|client[_-]?secret)["']?\s{0,16}[:=]\s{0,16}["']?([^\s"'&;,<>]{4,256})/i,
    group: 1,
    visible: 0,
  },
];

/** Values that stand in for a credential rather than being one. */
const PLACEHOLDER = /^(?:\$\{[^}]*\}|\$\([^)]*\)|\{\{.*\}\}|<[^>]*>|%[A-Za-z_]+%|\$[A-Za-z_][A-Za-z0-9_]*|\*+|x+|changeme|redacted|none|null|true|false|example|placeholder|your[_-].*)$/i;

export interface CredentialMatch {
  kind: CredentialKind;
  /** Safe to print: the format prefix followed by a fixed run of asterisks. */
  masked: string;
}

export function maskSecret(secret: string, visible: number): string {
  // A fixed number of asterisks hides the length too.
  return secret.slice(0, Math.min(visible, Math.max(0, secret.length - 8))) + '*'.repeat(12);
}

/** Every distinct credential kind found in a text, first occurrence each. */
export function findCredentials(text: string): CredentialMatch[] {
  if (text.length < 8) return [];
  const found: CredentialMatch[] = [];
  for (const kind of KINDS) {
    if (kind.supersededBy?.some((id) => found.some((f) => f.kind.id === id))) continue;
    const secret = firstSecret(kind, text);
    if (secret === undefined || (kind.also && !kind.also.test(text))) continue;
    // A password assignment that is one of the more specific formats is reported once, as that format.
    if (kind.id === 'password-assignment' && found.length > 0) continue;
    found.push({ kind, masked: kind.id === 'private-key' ? '-----BEGIN … PRIVATE KEY-----' : maskSecret(secret, kind.visible) });
  }
  return found;
}

/** Placeholders (`${DB_PASSWORD}`) are skipped, so a later literal in the same file is still found. */
function firstSecret(kind: CredentialKind, text: string): string | undefined {
  let pattern = GLOBAL.get(kind);
  if (!pattern) GLOBAL.set(kind, (pattern = new RegExp(kind.pattern.source, kind.pattern.flags + 'g')));
  pattern.lastIndex = 0;
  let match: RegExpExecArray | null;
  for (let seen = 0; seen < MAX_MATCHES_PER_KIND && (match = pattern.exec(text)) !== null; seen++) {
    const secret = match[kind.group ?? 0] ?? '';
    if (kind.group === undefined || !PLACEHOLDER.test(secret)) return secret;
  }
  return undefined;
}

const GLOBAL = new Map<CredentialKind, RegExp>();

/** Bounds the work on a text full of placeholders. */
const MAX_MATCHES_PER_KIND = 64;

/**
 * Names of settings that hold a secret (`DB_PASSWORD`, `api-key`, `GITHUB_TOKEN`), but not
 * the names of settings that point at one (`PASSWORD_FILE`, `TOKEN_URL`, `SECRET_NAME`).
 */
const SENSITIVE_NAME = /(?:^|[_.-])(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|secret[_-]?key|private[_-]?key|credentials?|auth)(?:$|[_.-])/i;
const POINTER_SUFFIX = /(?:^|[_.-])(?:file|path|dir|url|uri|endpoint|name|ref|id|enabled|type|length|ttl|expiry|expires|header|env|key[_-]?id|user(?:name)?|mode|policy|algorithm|issuer|audience|duration|timeout|version)$/i;

/** The same env var and key names recur in every workload: each is judged once. */
export const isSensitiveName = memoized((name: string): boolean => {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2');
  return SENSITIVE_NAME.test(words) && !POINTER_SUFFIX.test(words);
}, 4096);

/** Whether a literal value looks like a real secret rather than a placeholder, a flag or a reference. */
export function isLiteralSecretValue(value: string): boolean {
  const v = value.trim();
  return v.length >= 4 && !PLACEHOLDER.test(v) && !/^\d{1,6}$/.test(v) && !/^(?:\/|\.\/|https?:\/\/[^:@]*$)/.test(v);
}
