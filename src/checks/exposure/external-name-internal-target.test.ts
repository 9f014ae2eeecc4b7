import { testCheck } from '../check-tester.js';
import check from './external-name-internal-target.js';

const svc = (target: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: tenant}\nspec: {type: ExternalName, externalName: "${target}"}`;

testCheck(check, {
  valid: [
    { name: 'external DNS name', yaml: svc('db.example.com') },
    { name: 'ClusterIP Service', yaml: 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}]}' },
  ],
  invalid: [
    { name: 'other namespace', yaml: svc('vault.secrets.svc.cluster.local'), errors: [{ messageId: 'internal', path: 'spec.externalName' }] },
    { name: 'metadata endpoint', yaml: svc('metadata.google.internal'), errors: [{ messageId: 'internal' }] },
    { name: 'API server', yaml: svc('kubernetes.default.svc'), errors: [{ messageId: 'internal' }] },
    { name: 'IP address', yaml: svc('169.254.169.254'), errors: [{ messageId: 'internal' }] },
  ],
});
