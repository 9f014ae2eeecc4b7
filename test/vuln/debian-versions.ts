/**
 * Real Debian version strings for the comparator tests, read from dpkg status files and apt
 * `Packages` lists (both are RFC 822-style stanzas). Binary versions and the versions in
 * `Source: name (version)` fields are both collected, keyed by package name, so that pairs of
 * versions of the same package (the comparisons that matter for advisories) can be formed.
 */
export function debianVersionsByPackage(text: string, into = new Map<string, Set<string>>()): Map<string, Set<string>> {
  let name = '';
  const add = (pkg: string, version: string): void => {
    let set = into.get(pkg);
    if (!set) into.set(pkg, (set = new Set()));
    set.add(version);
  };
  for (const line of text.split('\n')) {
    if (line === '') {
      name = '';
    } else if (line.startsWith('Package: ')) {
      name = line.slice(9).trim();
    } else if (line.startsWith('Version: ') && name) {
      add(name, line.slice(9).trim());
    } else if (line.startsWith('Source: ')) {
      const match = /^Source: (\S+) \((\S+)\)/.exec(line);
      if (match) add(match[1], match[2]);
    }
  }
  return into;
}

/** A small deterministic generator (mulberry32) so that pair selection is reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Pairs that exercise the ordering: every pair of versions of one package (capped), neighbours
 * in plain string order (long shared prefixes: `1.2.3-1` against `1.2.3-1+deb12u1`, `~` suffixes),
 * and random pairs across packages (epochs against none, letters against digits).
 */
export function versionPairs(byPackage: Map<string, Set<string>>, target: number, seed: number): Array<[string, string]> {
  const random = seededRandom(seed);
  const seen = new Set<string>();
  const pairs: Array<[string, string]> = [];
  const push = (a: string, b: string): void => {
    const key = `${a}\t${b}`;
    if (a === b || seen.has(key)) return;
    seen.add(key);
    pairs.push([a, b]);
  };
  const names = [...byPackage.keys()].sort();
  for (const name of names) {
    const versions = [...byPackage.get(name)!].sort();
    for (let i = 0; i < versions.length && i < 6; i++) {
      for (let j = i + 1; j < versions.length && j < 6; j++) push(versions[i], versions[j]);
    }
  }
  const perPackage = pairs.splice(0);
  seen.clear();
  const take = (list: Array<[string, string]>, count: number): void => {
    for (let k = 0; k < count && list.length > 0; k++) {
      const index = Math.floor(random() * list.length);
      const [a, b] = list[index];
      list[index] = list[list.length - 1];
      list.pop();
      push(a, b);
    }
  };
  take(perPackage, Math.floor(target * 0.4));
  const all = [...new Set([...byPackage.values()].flatMap((s) => [...s]))].sort();
  const neighbours: Array<[string, string]> = [];
  for (let i = 1; i < all.length; i++) neighbours.push([all[i - 1], all[i]]);
  take(neighbours, Math.floor(target * 0.3));
  while (pairs.length < target && all.length > 1) {
    const a = all[Math.floor(random() * all.length)];
    const b = all[Math.floor(random() * all.length)];
    if (random() < 0.5) push(a, b);
    else push(b, a);
  }
  return pairs;
}
