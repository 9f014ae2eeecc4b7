import { testCheck } from '../check-tester.js';
import check from './credentials-in-configmap.js';

// Assembled at run time so that no secret scanner mistakes this file for a leak.
const GITHUB = 'ghp_' + 'Z'.repeat(36);
const cm = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app, namespace: shop}\ndata:\n${data}`;

testCheck(check, {
  valid: [
    { name: 'plain settings', yaml: cm('  LOG_LEVEL: info\n  app.properties: |\n    server.port=8080\n    db.password=${DB_PASSWORD}\n') },
    { name: 'pointer to a secret file', yaml: cm('  TOKEN_FILE: /var/run/secrets/token\n') },
  ],
  invalid: [
    { name: 'GitHub token', yaml: cm(`  notes: "deploy with ${GITHUB}"\n`), errors: [{ messageId: 'recognised', path: 'data.notes', severity: 'high' }] },
    {
      name: 'password in an embedded properties file',
      yaml: cm('  application.properties: |\n    spring.datasource.url=jdbc:postgresql://db/app\n    spring.datasource.password=' + 'Sup3rS3cret' + '\n'),
      errors: [{ messageId: 'recognised', path: 'data["application.properties"]' }],
    },
    { name: 'credential by key name', yaml: cm('  DB_PASSWORD: ' + 'hunter2hunter2' + '\n'), errors: [{ messageId: 'sensitiveKey', path: 'data.DB_PASSWORD', severity: 'medium' }] },
  ],
});
