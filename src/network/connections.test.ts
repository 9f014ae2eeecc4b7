import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ALL_CONNECTIONS,
  ConnectionTable,
  NO_CONNECTIONS,
  complement,
  formatConnections,
  formatConnectionsDetailed,
  intersect,
  keyOf,
  parsePortSpec,
  portRange,
  union,
} from './connections.js';

describe('connection sets', () => {
  const web = union(portRange('TCP', 80, 80), portRange('TCP', 443, 443));
  it('formats as netpol-analyzer does', () => {
    assert.equal(formatConnections(ALL_CONNECTIONS), 'All Connections');
    assert.equal(formatConnections(union(portRange('TCP', 10053, 10054), portRange('UDP', 10053, 10053))), 'TCP 10053-10054,UDP 10053');
    assert.equal(formatConnections(union(portRange('SCTP', 9090, 9090), portRange('SCTP', 8956, 8956))), 'SCTP 8956,9090');
    assert.equal(formatConnectionsDetailed(complement(portRange('TCP', 8080, 8080))), 'TCP:[1-8079,8081-65535], UDP, SCTP');
  });

  it('merges adjacent ranges and intersects', () => {
    assert.deepEqual(union(portRange('TCP', 1, 79), portRange('TCP', 80, 90)).TCP, [1, 90]);
    assert.deepEqual(intersect(web, portRange('TCP', 100, 1000)).TCP, [443, 443]);
    assert.equal(keyOf(intersect(web, portRange('UDP', 1, 65535))), keyOf(NO_CONNECTIONS));
    assert.equal(keyOf(union(complement(web), web)), keyOf(ALL_CONNECTIONS));
  });

  it('interns sets and memoises operations', () => {
    const table = new ConnectionTable();
    const a = table.id(web);
    assert.equal(table.id(union(portRange('TCP', 443, 443), portRange('TCP', 80, 80))), a);
    assert.equal(table.intersect(a, ConnectionTable.ALL), a);
    assert.equal(table.intersect(a, ConnectionTable.NONE), ConnectionTable.NONE);
    const b = table.id(portRange('TCP', 80, 80));
    assert.equal(table.intersect(a, b), b);
    assert.equal(table.union(b, a), a);
  });

  it('parses port specs for explain', () => {
    assert.equal(formatConnections(parsePortSpec('80')!), 'TCP 80');
    assert.equal(formatConnections(parsePortSpec('53/udp')!), 'UDP 53');
    assert.equal(formatConnections(parsePortSpec('8000-8080/TCP')!), 'TCP 8000-8080');
    for (const bad of ['http', '0', '70000', '90-80', '80/icmp']) assert.equal(parsePortSpec(bad), undefined, bad);
  });
});
