/** YAML fixtures shared by the network checks' test cases. */

/** A Deployment whose pods carry `app: <name>` (and any extra labels). */
export function deployment(name: string, namespace: string, extraLabels = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  template:
    metadata: {labels: {app: ${name}${extraLabels ? `, ${extraLabels}` : ''}}}
    spec: {containers: [{name: ${name}, image: ${name}:1}]}`;
}

export function namespace(name: string, labels = ''): string {
  return `apiVersion: v1
kind: Namespace
metadata: {name: ${name}${labels ? `, labels: {${labels}}` : ''}}`;
}

export const docs = (...parts: string[]) => parts.join('\n---\n');
