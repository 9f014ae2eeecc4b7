import { testCheck } from '../check-tester.js';
import check from './ingress-snippet-annotation.js';

const ingress = (annotations: string) => `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, annotations: ${annotations}}\nspec: {}`;

testCheck(check, {
  valid: [{ name: 'ordinary annotations', yaml: ingress('{nginx.ingress.kubernetes.io/rewrite-target: /, nginx.ingress.kubernetes.io/ssl-redirect: "true"}') }],
  invalid: [
    {
      name: 'configuration snippet',
      yaml: ingress('{nginx.ingress.kubernetes.io/configuration-snippet: "more_set_headers \\"X: y\\";"}'),
      errors: [{ messageId: 'snippet', path: 'metadata.annotations["nginx.ingress.kubernetes.io/configuration-snippet"]' }],
    },
    { name: 'NGINX Inc controller snippets', yaml: ingress('{nginx.org/server-snippets: "location /x {}"}'), errors: [{ messageId: 'snippet' }] },
  ],
});
