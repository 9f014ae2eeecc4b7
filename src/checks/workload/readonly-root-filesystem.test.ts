import { testCheck } from '../check-tester.js';
import check from './readonly-root-filesystem.js';

testCheck(check, {
  valid: [
    {
      name: 'read-only root filesystem on every container',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: app
    image: app:1.0
    securityContext: {readOnlyRootFilesystem: true}`,
    },
    {
      name: 'a Service is not a workload',
      yaml: `apiVersion: v1
kind: Service
metadata: {name: s}
spec: {ports: [{port: 80}]}`,
    },
    {
      name: 'a CRD named Deployment is not a workload',
      yaml: `apiVersion: example.com/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      containers: [{name: app, image: x}]`,
    },
  ],
  invalid: [
    {
      name: 'deployment container without securityContext',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
      - name: app
        image: app:1.0`,
      errors: [{ messageId: 'writable', path: 'spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem', container: 'app' }],
      output: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
      - name: app
        image: app:1.0
        securityContext: {readOnlyRootFilesystem: true}`,
    },
    {
      name: 'init container explicitly writable',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: {name: c}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          initContainers:
          - name: init
            image: i:1
            securityContext: {readOnlyRootFilesystem: false}
          containers:
          - name: main
            image: m:1
            securityContext: {readOnlyRootFilesystem: true}`,
      errors: [{ messageId: 'writable', path: 'spec.jobTemplate.spec.template.spec.initContainers[0].securityContext.readOnlyRootFilesystem' }],
      output: `apiVersion: batch/v1
kind: CronJob
metadata: {name: c}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          initContainers:
          - name: init
            image: i:1
            securityContext: {readOnlyRootFilesystem: true}
          containers:
          - name: main
            image: m:1
            securityContext: {readOnlyRootFilesystem: true}`,
    },
  ],
});
