import { defineCheck, type Violation } from '../../core/check.js';
import type { InventoryEntry } from '../../core/inventory.js';
import { describeObject, groupOf, nameOf, namespaceOf } from '../../core/k8s/object.js';

export default defineCheck({
  id: 'duplicate-object',
  code: 'SKD-609',
  title: 'Object defined more than once',
  description: 'Each object (API group, kind, namespace, name) should be defined once across the manifests.',
  severity: 'medium',
  category: 'hygiene',
  frameworks: {},
  docs: {
    rationale:
      'When two documents define the same object, whichever is applied last wins: a hardened definition can be silently replaced by an older or weaker copy, and what reviewers read is not what runs. Objects without a name (generateName) are not compared.',
    remediation: 'Delete or rename one of the definitions; use kustomize overlays or Helm values for variants.',
  },
  messages: {
    duplicate: '{{object}} is defined {{count}} times ({{places}}); whichever is applied last replaces the others. Keep one definition.',
  },
  scope: 'inventory',
  check(inventory) {
    const groups = new Map<string, InventoryEntry[]>();
    for (const entry of inventory.entries) {
      const { object } = entry;
      const name = object.metadata?.name;
      if (typeof name !== 'string' || name === '') continue;
      // A namespaced object without a namespace lands in the namespace it is applied to: compare as written.
      const key = [groupOf(object.apiVersion), object.kind, namespaceOf(object) ?? '', nameOf(object)].join('\u0000');
      let group = groups.get(key);
      if (!group) groups.set(key, (group = []));
      group.push(entry);
    }
    const out: Violation<'duplicate'>[] = [];
    for (const group of groups.values()) {
      if (group.length < 2) continue;
      const places = group.map((e) => `${e.origin.file}:${e.origin.line}`).join(', ');
      // Every copy is reported: any of them may be the one that should go.
      for (const entry of group) {
        out.push({ messageId: 'duplicate', data: { object: describeObject(entry.object), count: group.length, places }, entry });
      }
    }
    return out;
  },
});
