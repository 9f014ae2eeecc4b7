import { testCheck } from '../check-tester.js';
import check from './audit-policy-gaps.js';

const head = 'apiVersion: audit.k8s.io/v1\nkind: Policy\nmetadata:\n  name: audit\n';

/** The example policy of the Kubernetes documentation (Auditing, "Audit policy"). */
const DOCS_EXAMPLE = `${head}omitStages:
  - "RequestReceived"
rules:
  - level: RequestResponse
    resources:
    - group: ""
      resources: ["pods"]
  - level: Metadata
    resources:
    - group: ""
      resources: ["pods/log", "pods/status"]
  - level: None
    resources:
    - group: ""
      resources: ["configmaps"]
      resourceNames: ["controller-leader"]
  - level: None
    users: ["system:kube-proxy"]
    verbs: ["watch"]
    resources:
    - group: ""
      resources: ["endpoints", "services"]
  - level: None
    userGroups: ["system:authenticated"]
    nonResourceURLs:
    - "/api*"
    - "/version"
  - level: Request
    resources:
    - group: ""
      resources: ["configmaps"]
    namespaces: ["kube-system"]
  - level: Metadata
    resources:
    - group: ""
      resources: ["secrets", "configmaps"]
  - level: Request
    resources:
    - group: ""
    - group: "extensions"
  - level: Metadata
    omitStages:
      - "RequestReceived"
`;

testCheck(check, {
  valid: [
    { name: 'the documentation example', yaml: DOCS_EXAMPLE },
    { name: 'metadata for everything', yaml: `${head}rules:\n- level: Metadata\n` },
    { name: 'not an audit policy (a Kyverno-like Policy kind)', yaml: 'apiVersion: kyverno.io/v1\nkind: Policy\nmetadata:\n  name: p\nspec: {}\n' },
  ],
  invalid: [
    { name: 'everything with bodies', yaml: `${head}rules:\n- level: RequestResponse\n`, errors: [{ messageId: 'secretValuesLogged', path: 'rules[0].level' }] },
    { name: 'only None', yaml: `${head}rules:\n- level: None\n`, errors: [{ messageId: 'logsNothing', path: 'rules' }] },
    { name: 'no rules', yaml: `${head}rules: []\n`, errors: [{ messageId: 'logsNothing' }] },
    {
      name: 'secrets excluded before the catch-all',
      yaml: `${head}rules:\n- level: None\n  resources:\n  - group: ""\n    resources: ["secrets"]\n- level: Metadata\n`,
      errors: [{ messageId: 'secretsNotAudited', path: 'rules[0].level' }],
    },
    {
      name: 'secret bodies in kube-system only, then metadata',
      yaml: `${head}rules:\n- level: Request\n  namespaces: ["kube-system"]\n  resources:\n  - group: ""\n    resources: ["secrets"]\n- level: Metadata\n`,
      errors: [{ messageId: 'secretValuesLogged', path: 'rules[0].level' }],
    },
    { name: 'only pods audited', yaml: `${head}rules:\n- level: Metadata\n  resources:\n  - group: ""\n    resources: ["pods"]\n`, errors: [{ messageId: 'secretsNotAudited', path: 'rules' }] },
  ],
});
