import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskExcerpt } from './history-mask.js';

describe('maskExcerpt', () => {
  it('masks Secret data, sensitive settings, env values named like secrets and recognised credentials', () => {
    const text = [
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: db',
      'stringData:',
      '  username: admin',
      '  password: Tr0ub4dor&3horse',
      'type: Opaque',
    ].join('\n');
    const masked = maskExcerpt(text);
    assert.ok(!masked.includes('Tr0ub4dor&3horse'));
    assert.ok(!masked.includes('admin'), 'every Secret data value is masked');
    assert.equal(masked.split('\n').length, 8, 'line numbers are kept');
    assert.ok(masked.includes('type: Opaque'), 'the Secret data block ends with its indentation');

    const pod = [
      'kind: Deployment',
      'spec:',
      '  containers:',
      '    - name: app',
      '      env:',
      '        - name: DB_PASSWORD',
      '          value: "s3cr3t-literal-value"',
      '        - name: LOG_LEVEL',
      '          value: debug',
      '        - name: API_TOKEN',
      '          valueFrom:',
      '            secretKeyRef: {name: api, key: token}',
      '      args: ["--aws-key=AKIAIOSFODNN7EXAMPLE"]',
      '  adminPassword: hunter2hunter2',
    ].join('\n');
    const out = maskExcerpt(pod);
    assert.ok(!out.includes('s3cr3t-literal-value'));
    assert.ok(!out.includes('hunter2hunter2'));
    assert.ok(!out.includes('AKIAIOSFODNN7EXAMPLE'));
    assert.ok(out.includes('value: debug'), 'ordinary values stay');
    assert.ok(out.includes('secretKeyRef: {name: api, key: token}'), 'references to secrets stay');
  });

  it('leaves a manifest without credentials unchanged', () => {
    const text = 'kind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 80\n';
    assert.equal(maskExcerpt(text), text);
  });
});
