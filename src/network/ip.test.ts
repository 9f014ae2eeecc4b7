import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { atomsOf, containsRange, formatRange, normalize, parseCidr, parseIPv4, subtract } from './ip.js';

const ip = (text: string) => parseIPv4(text)!;

describe('IPv4 address sets', () => {
  it('parses addresses and rejects malformed ones', () => {
    assert.equal(ip('255.255.255.255'), 0xffffffff);
    assert.equal(ip('10.0.0.1'), 167772161);
    for (const bad of ['256.0.0.1', '1.2.3', '1.2.3.4.5', 'a.b.c.d', '', '1..2.3']) assert.equal(parseIPv4(bad), undefined, bad);
  });

  it('parses CIDRs, aligning a host address to its network', () => {
    assert.deepEqual(parseCidr('10.1.2.3/16'), { family: 4, lo: ip('10.1.0.0'), hi: ip('10.1.255.255') });
    assert.deepEqual(parseCidr('0.0.0.0/0'), { family: 4, lo: 0, hi: 0xffffffff });
    assert.deepEqual(parseCidr('fd00::/8'), { family: 6 });
    for (const bad of ['10.0.0.0', '10.0.0.0/33', '10.0.0.0/x', 'fd00::/129']) assert.ok('error' in parseCidr(bad), bad);
  });

  it('subtracts except ranges and keeps the pieces', () => {
    const block = subtract([[ip('10.0.0.0'), ip('10.255.255.255')]], normalize([[ip('10.10.0.0'), ip('10.10.255.255')]]));
    assert.deepEqual(block.map(([lo, hi]) => formatRange(lo, hi)), ['10.0.0.0-10.9.255.255', '10.11.0.0-10.255.255.255']);
    assert.ok(containsRange(block, ip('10.11.0.0'), ip('10.11.0.255')));
    assert.ok(!containsRange(block, ip('10.9.255.0'), ip('10.10.0.5')));
  });

  it('splits the address space at every boundary', () => {
    const atoms = atomsOf([[[ip('10.0.0.0'), ip('10.255.255.255')]], [[ip('10.10.0.0'), ip('10.10.255.255')]]]);
    assert.deepEqual(atoms.map(([lo, hi]) => formatRange(lo, hi)), [
      '0.0.0.0-9.255.255.255',
      '10.0.0.0-10.9.255.255',
      '10.10.0.0-10.10.255.255',
      '10.11.0.0-10.255.255.255',
      '11.0.0.0-255.255.255.255',
    ]);
  });
});
