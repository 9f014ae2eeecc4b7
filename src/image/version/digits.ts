/**
 * Order of two runs of decimal digits as the numbers they write, leading zeros ignored, at any
 * length (version components outgrow 2^53: dates, hashes read as numbers). Compares characters in
 * place: matching compares one installed version with every candidate bound, and stripping the
 * zeros with a regular expression first cost 4% of matching 1,000 packages.
 */
export function compareDigitRuns(a: string, b: string): number {
  let i = 0;
  while (i < a.length && a.charCodeAt(i) === 48) i++;
  let j = 0;
  while (j < b.length && b.charCodeAt(j) === 48) j++;
  const significantA = a.length - i;
  const significantB = b.length - j;
  if (significantA !== significantB) return significantA < significantB ? -1 : 1;
  for (; i < a.length; i++, j++) {
    const difference = a.charCodeAt(i) - b.charCodeAt(j);
    if (difference !== 0) return difference < 0 ? -1 : 1;
  }
  return 0;
}
