import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findCredentials, isLiteralSecretValue, isSensitiveName, maskSecret } from './credentials.js';

// Test credentials assembled at run time so that no secret scanner mistakes this file for a leak.
const aws = 'AKIA' + 'IOSFODNN7EXAMPLE';
const github = 'ghp_' + 'a'.repeat(36);
const jwt = 'eyJhbGciOiJIUzI1NiJ9' + '.eyJzdWIiOiIxMjM0NTY3ODkwIn0' + '.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';

describe('findCredentials', () => {
  const cases: [string, string, string][] = [
    ['AWS access key', `key=${aws}`, 'aws-access-key'],
    ['private key', '-----BEGIN RSA PRIVATE KEY-----\nMIIE...', 'private-key'],
    ['OpenSSH key', '-----BEGIN OPENSSH PRIVATE KEY-----', 'private-key'],
    ['GitHub token', github, 'github-token'],
    ['GitLab token', 'glpat-' + 'x1'.repeat(10), 'gitlab-token'],
    ['Slack token', 'xoxb-' + '1234567890-abcdef', 'slack-token'],
    ['JWT', `Bearer ${jwt}`, 'jwt'],
    ['Google API key', 'AIza' + 'S'.repeat(35), 'gcp-api-key'],
    ['GCP key file', '{"type": "service_account", "project_id": "p", "private_key": "x"}', 'gcp-service-account-key'],
    ['Azure storage', 'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=' + 'A'.repeat(86) + '==;', 'azure-storage-key'],
    ['URL password', 'postgres://app:' + 's3cr3tpw' + '@db:5432/app', 'url-password'],
    ['password assignment', 'spring.datasource.password=' + 'hunter22', 'password-assignment'],
    ['YAML password key', 'db:\n  password: ' + 'Tr0ub4dor', 'password-assignment'],
    ['literal after a placeholder', 'db.password=${DB_PASSWORD}\nadmin.password=' + 'Adm1nPa55', 'password-assignment'],
  ];
  for (const [name, text, id] of cases) {
    it(`recognises ${name}`, () => assert.deepEqual(findCredentials(text).map((m) => m.kind.id), [id]));
  }

  for (const text of ['imagePullSecret: regcred', 'nopassword=allowed', 'password=${DB_PASSWORD}', 'password: $(PASSWORD)', 'token: {{ .Values.token }}', 'password=changeme', 'no secrets here at all', 'http://example.com/path']) {
    it(`ignores ${JSON.stringify(text)}`, () => assert.deepEqual(findCredentials(text), []));
  }

  it('never returns more of the secret than its format prefix', () => {
    for (const [, text] of cases) {
      for (const match of findCredentials(text)) {
        if (match.kind.id === 'private-key') continue;
        assert.ok(match.masked.endsWith('*'.repeat(12)));
        assert.ok(match.masked.length - 12 <= match.kind.visible, `${match.kind.id} shows ${match.masked}`);
      }
    }
    assert.equal(findCredentials(`x ${aws}`)[0]!.masked, 'AKIA************');
  });
});

describe('maskSecret', () => {
  it('shows the format prefix only', () => assert.equal(maskSecret(github, 4), 'ghp_************'));
  it('shows nothing of a short secret', () => assert.equal(maskSecret('abc12345', 4), '************'));
});

describe('isSensitiveName', () => {
  for (const name of ['DB_PASSWORD', 'password', 'GITHUB_TOKEN', 'api-key', 'AWS_SECRET_ACCESS_KEY', 'clientSecret', 'REDIS_AUTH']) {
    it(`${name} holds a secret`, () => assert.ok(isSensitiveName(name)));
  }
  for (const name of ['PASSWORD_FILE', 'TOKEN_URL', 'SECRET_NAME', 'AWS_ACCESS_KEY_ID', 'PORT', 'TOKENIZER_MODEL', 'AUTHOR']) {
    it(`${name} does not`, () => assert.ok(!isSensitiveName(name)));
  }
});

describe('isLiteralSecretValue', () => {
  it('accepts a real-looking value', () => assert.ok(isLiteralSecretValue('s3cr3t-value')));
  for (const v of ['', 'abc', '${X}', '/etc/secret/pw', '8080', 'true', '<password>']) {
    it(`rejects ${JSON.stringify(v)}`, () => assert.ok(!isLiteralSecretValue(v)));
  }
});
