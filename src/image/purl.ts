/** Package URLs (github.com/package-url/purl-spec): how SBOMs and advisories name a package. */
export function purl(type: string, namespace: string | undefined, name: string, version: string, qualifiers: Record<string, string | undefined> = {}): string {
  const ns = namespace ? `${namespace.split('/').map(encodeSegment).join('/')}/` : '';
  const pairs = Object.entries(qualifiers)
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${encodeSegment(v)}`);
  return `pkg:${type}/${ns}${encodeSegment(name)}${version ? `@${encodeSegment(version)}` : ''}${pairs.length ? `?${pairs.join('&')}` : ''}`;
}

function encodeSegment(text: string): string {
  return encodeURIComponent(text);
}
