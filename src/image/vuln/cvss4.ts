/**
 * CVSS v4.0 scoring (FIRST CVSS v4.0 specification §8: MacroVector lookup plus interpolation by
 * severity distance). The score is for whatever metric groups the vector carries (CVSS-B, -BT,
 * -BE, -BTE). The MacroVector scores and the highest-severity vectors per equivalence set are the
 * specification's published data tables; the interpolation follows the specification's reference
 * calculator step by step so that scores agree to the decimal.
 */
const BASE: Record<string, string[]> = {
  AV: ['N', 'A', 'L', 'P'], AC: ['L', 'H'], AT: ['N', 'P'], PR: ['N', 'L', 'H'], UI: ['N', 'P', 'A'],
  VC: ['H', 'L', 'N'], VI: ['H', 'L', 'N'], VA: ['H', 'L', 'N'], SC: ['H', 'L', 'N'], SI: ['H', 'L', 'N'], SA: ['H', 'L', 'N'],
};
const OPTIONAL: Record<string, string[]> = {
  E: ['X', 'A', 'P', 'U'],
  CR: ['X', 'H', 'M', 'L'], IR: ['X', 'H', 'M', 'L'], AR: ['X', 'H', 'M', 'L'],
  MAV: ['X', 'N', 'A', 'L', 'P'], MAC: ['X', 'L', 'H'], MAT: ['X', 'N', 'P'], MPR: ['X', 'N', 'L', 'H'], MUI: ['X', 'N', 'P', 'A'],
  MVC: ['X', 'H', 'L', 'N'], MVI: ['X', 'H', 'L', 'N'], MVA: ['X', 'H', 'L', 'N'], MSC: ['X', 'H', 'L', 'N'],
  MSI: ['X', 'S', 'H', 'L', 'N'], MSA: ['X', 'S', 'H', 'L', 'N'],
  S: ['X', 'N', 'P'], AU: ['X', 'N', 'Y'], R: ['X', 'A', 'U', 'I'], V: ['X', 'D', 'C'], RE: ['X', 'L', 'M', 'H'],
  U: ['X', 'Clear', 'Green', 'Amber', 'Red'],
};
const ORDER = [...Object.keys(BASE), ...Object.keys(OPTIONAL)];

// MacroVector (EQ1..EQ6) → score of its highest-severity vector (specification data table).
const MACRO_SCORES: Record<string, number> = Object.fromEntries(
  (
    '000000 10,000001 9.9,000010 9.8,000011 9.5,000020 9.5,000021 9.2,000100 10,000101 9.6,000110 9.3,000111 8.7,000120 9.1,000121 8.1,' +
    '000200 9.3,000201 9,000210 8.9,000211 8,000220 8.1,000221 6.8,001000 9.8,001001 9.5,001010 9.5,001011 9.2,001020 9,001021 8.4,' +
    '001100 9.3,001101 9.2,001110 8.9,001111 8.1,001120 8.1,001121 6.5,001200 8.8,001201 8,001210 7.8,001211 7,001220 6.9,001221 4.8,' +
    '002001 9.2,002011 8.2,002021 7.2,002101 7.9,002111 6.9,002121 5,002201 6.9,002211 5.5,002221 2.7,010000 9.9,010001 9.7,010010 9.5,' +
    '010011 9.2,010020 9.2,010021 8.5,010100 9.5,010101 9.1,010110 9,010111 8.3,010120 8.4,010121 7.1,010200 9.2,010201 8.1,010210 8.2,' +
    '010211 7.1,010220 7.2,010221 5.3,011000 9.5,011001 9.3,011010 9.2,011011 8.5,011020 8.5,011021 7.3,011100 9.2,011101 8.2,011110 8,' +
    '011111 7.2,011120 7,011121 5.9,011200 8.4,011201 7,011210 7.1,011211 5.2,011220 5,011221 3,012001 8.6,012011 7.5,012021 5.2,' +
    '012101 7.1,012111 5.2,012121 2.9,012201 6.3,012211 2.9,012221 1.7,100000 9.8,100001 9.5,100010 9.4,100011 8.7,100020 9.1,100021 8.1,' +
    '100100 9.4,100101 8.9,100110 8.6,100111 7.4,100120 7.7,100121 6.4,100200 8.7,100201 7.5,100210 7.4,100211 6.3,100220 6.3,100221 4.9,' +
    '101000 9.4,101001 8.9,101010 8.8,101011 7.7,101020 7.6,101021 6.7,101100 8.6,101101 7.6,101110 7.4,101111 5.8,101120 5.9,101121 5,' +
    '101200 7.2,101201 5.7,101210 5.7,101211 5.2,101220 5.2,101221 2.5,102001 8.3,102011 7,102021 5.4,102101 6.5,102111 5.8,102121 2.6,' +
    '102201 5.3,102211 2.1,102221 1.3,110000 9.5,110001 9,110010 8.8,110011 7.6,110020 7.6,110021 7,110100 9,110101 7.7,110110 7.5,' +
    '110111 6.2,110120 6.1,110121 5.3,110200 7.7,110201 6.6,110210 6.8,110211 5.9,110220 5.2,110221 3,111000 8.9,111001 7.8,111010 7.6,' +
    '111011 6.7,111020 6.2,111021 5.8,111100 7.4,111101 5.9,111110 5.7,111111 5.7,111120 4.7,111121 2.3,111200 6.1,111201 5.2,111210 5.7,' +
    '111211 2.9,111220 2.4,111221 1.6,112001 7.1,112011 5.9,112021 3,112101 5.8,112111 2.6,112121 1.5,112201 2.3,112211 1.3,112221 0.6,' +
    '200000 9.3,200001 8.7,200010 8.6,200011 7.2,200020 7.5,200021 5.8,200100 8.6,200101 7.4,200110 7.4,200111 6.1,200120 5.6,200121 3.4,' +
    '200200 7,200201 5.4,200210 5.2,200211 4,200220 4,200221 2.2,201000 8.5,201001 7.5,201010 7.4,201011 5.5,201020 6.2,201021 5.1,' +
    '201100 7.2,201101 5.7,201110 5.5,201111 4.1,201120 4.6,201121 1.9,201200 5.3,201201 3.6,201210 3.4,201211 1.9,201220 1.9,201221 0.8,' +
    '202001 6.4,202011 5.1,202021 2,202101 4.7,202111 2.1,202121 1.1,202201 2.4,202211 0.9,202221 0.4,210000 8.8,210001 7.5,210010 7.3,' +
    '210011 5.3,210020 6,210021 5,210100 7.3,210101 5.5,210110 5.9,210111 4,210120 4.1,210121 2,210200 5.4,210201 4.3,210210 4.5,' +
    '210211 2.2,210220 2,210221 1.1,211000 7.5,211001 5.5,211010 5.8,211011 4.5,211020 4,211021 2.1,211100 6.1,211101 5.1,211110 4.8,' +
    '211111 1.8,211120 2,211121 0.9,211200 4.6,211201 1.8,211210 1.7,211211 0.7,211220 0.8,211221 0.2,212001 5.3,212011 2.4,212021 1.4,' +
    '212101 2.4,212111 1.2,212121 0.5,212201 1,212211 0.3,212221 0.1'
  )
    .split(',')
    .map((entry) => {
      const [macro, score] = entry.split(' ');
      return [macro, Number(score)];
    }),
);

// Severity level of each metric value within its equivalence set (smaller = more severe).
const LEVELS: Record<string, Record<string, number>> = {
  AV: { N: 0, A: 0.1, L: 0.2, P: 0.3 }, PR: { N: 0, L: 0.1, H: 0.2 }, UI: { N: 0, P: 0.1, A: 0.2 },
  AC: { L: 0, H: 0.1 }, AT: { N: 0, P: 0.1 },
  VC: { H: 0, L: 0.1, N: 0.2 }, VI: { H: 0, L: 0.1, N: 0.2 }, VA: { H: 0, L: 0.1, N: 0.2 },
  SC: { H: 0.1, L: 0.2, N: 0.3 }, SI: { S: 0, H: 0.1, L: 0.2, N: 0.3 }, SA: { S: 0, H: 0.1, L: 0.2, N: 0.3 },
  CR: { H: 0, M: 0.1, L: 0.2 }, IR: { H: 0, M: 0.1, L: 0.2 }, AR: { H: 0, M: 0.1, L: 0.2 },
  E: { U: 0.2, P: 0.1, A: 0 },
};

// Highest-severity vectors of each equivalence class (EQ3 is keyed by EQ3 then EQ6).
const MAX_EQ1 = [['AV:N/PR:N/UI:N'], ['AV:A/PR:N/UI:N', 'AV:N/PR:L/UI:N', 'AV:N/PR:N/UI:P'], ['AV:P/PR:N/UI:N', 'AV:A/PR:L/UI:P']];
const MAX_EQ2 = [['AC:L/AT:N'], ['AC:H/AT:N', 'AC:L/AT:P']];
const MAX_EQ3_EQ6: Array<Array<string[] | undefined>> = [
  [['VC:H/VI:H/VA:H/CR:H/IR:H/AR:H'], ['VC:H/VI:H/VA:L/CR:M/IR:M/AR:H', 'VC:H/VI:H/VA:H/CR:M/IR:M/AR:M']],
  [
    ['VC:L/VI:H/VA:H/CR:H/IR:H/AR:H', 'VC:H/VI:L/VA:H/CR:H/IR:H/AR:H'],
    ['VC:L/VI:H/VA:L/CR:H/IR:M/AR:H', 'VC:L/VI:H/VA:H/CR:H/IR:M/AR:M', 'VC:H/VI:L/VA:H/CR:M/IR:H/AR:M', 'VC:H/VI:L/VA:L/CR:M/IR:H/AR:H', 'VC:L/VI:L/VA:H/CR:H/IR:H/AR:M'],
  ],
  [undefined, ['VC:L/VI:L/VA:L/CR:H/IR:H/AR:H']],
];
const MAX_EQ4 = [['SC:H/SI:S/SA:S'], ['SC:H/SI:H/SA:H'], ['SC:L/SI:L/SA:L']];
const MAX_EQ5 = [['E:A'], ['E:P'], ['E:U']];

// Depth of each equivalence class, in severity steps (+1).
const DEPTH_EQ1 = [1, 4, 5];
const DEPTH_EQ2 = [1, 2];
const DEPTH_EQ3_EQ6 = [[7, 6], [8, 8], [Number.NaN, 10]];
const DEPTH_EQ4 = [6, 5, 4];

function parseVector(vector: string): Map<string, string> | undefined {
  const parts = vector.split('/');
  if (parts.shift() !== 'CVSS:4.0') return undefined;
  const metrics = new Map<string, string>();
  let position = 0;
  for (const part of parts) {
    const [key, value, extra] = part.split(':');
    if (extra !== undefined || value === undefined) return undefined;
    const index = ORDER.indexOf(key);
    // Metrics appear once each, in the specification's order.
    if (index < position) return undefined;
    position = index + 1;
    if (!(BASE[key] ?? OPTIONAL[key]).includes(value)) return undefined;
    metrics.set(key, value);
  }
  if (!Object.keys(BASE).every((key) => metrics.has(key))) return undefined;
  return metrics;
}

/** The value that counts: a modified (environmental) value overrides; unset E, CR, IR, AR take their worst case. */
function effective(metrics: Map<string, string>, metric: string): string {
  const value = metrics.get(metric) ?? 'X';
  if (value === 'X' && metric === 'E') return 'A';
  if (value === 'X' && (metric === 'CR' || metric === 'IR' || metric === 'AR')) return 'H';
  const modified = metrics.get(`M${metric}`);
  if (modified !== undefined && modified !== 'X') return modified;
  return value;
}

function macroVector(m: (metric: string) => string): number[] {
  const [av, pr, ui] = [m('AV'), m('PR'), m('UI')];
  const eq1 = av === 'N' && pr === 'N' && ui === 'N' ? 0 : (av === 'N' || pr === 'N' || ui === 'N') && av !== 'P' ? 1 : 2;
  const eq2 = m('AC') === 'L' && m('AT') === 'N' ? 0 : 1;
  const [vc, vi, va] = [m('VC'), m('VI'), m('VA')];
  const eq3 = vc === 'H' && vi === 'H' ? 0 : vc === 'H' || vi === 'H' || va === 'H' ? 1 : 2;
  const eq4 = m('MSI') === 'S' || m('MSA') === 'S' ? 0 : m('SC') === 'H' || m('SI') === 'H' || m('SA') === 'H' ? 1 : 2;
  const e = m('E');
  const eq5 = e === 'A' ? 0 : e === 'P' ? 1 : 2;
  const eq6 = (m('CR') === 'H' && vc === 'H') || (m('IR') === 'H' && vi === 'H') || (m('AR') === 'H' && va === 'H') ? 0 : 1;
  return [eq1, eq2, eq3, eq4, eq5, eq6];
}

function scoreOf(eqs: number[]): number | undefined {
  return MACRO_SCORES[eqs.join('')];
}

function roundToTenth(value: number): number {
  return Number((Math.round(value * 10) / 10).toFixed(1));
}

/** The CVSS v4.0 score of a vector, or undefined when the vector is malformed. */
export function cvss4BaseScore(vector: string): number | undefined {
  const metrics = parseVector(vector.trim());
  if (!metrics) return undefined;
  const m = (metric: string): string => effective(metrics, metric);
  if (['VC', 'VI', 'VA', 'SC', 'SI', 'SA'].every((metric) => m(metric) === 'N')) return 0;

  const eqs = macroVector(m);
  const [eq1, eq2, eq3, eq4, eq5, eq6] = eqs;
  const value = scoreOf(eqs);
  if (value === undefined) return undefined;

  const lower = (changes: Partial<Record<number, number>>): number | undefined =>
    scoreOf(eqs.map((eq, i) => eq + (changes[i] ?? 0)));
  let lowerEq3Eq6: number | undefined;
  if (eq3 === 0 && eq6 === 0) {
    const left = lower({ 5: 1 });
    const right = lower({ 2: 1 });
    lowerEq3Eq6 = left === undefined || right === undefined ? undefined : Math.max(left, right);
  } else if (eq3 === 1 && eq6 === 0) {
    lowerEq3Eq6 = lower({ 5: 1 });
  } else if ((eq3 === 1 && eq6 === 1) || (eq3 === 0 && eq6 === 1)) {
    lowerEq3Eq6 = lower({ 2: 1 });
  } else {
    lowerEq3Eq6 = lower({ 2: 1, 5: 1 });
  }
  const lowerScores = [lower({ 0: 1 }), lower({ 1: 1 }), lowerEq3Eq6, lower({ 3: 1 }), lower({ 4: 1 })];

  // The highest-severity vector of this MacroVector that the scored vector does not exceed.
  let distances: Record<string, number> | undefined;
  search: for (const a of MAX_EQ1[eq1]) {
    for (const b of MAX_EQ2[eq2]) {
      for (const c of MAX_EQ3_EQ6[eq3][eq6] ?? []) {
        for (const d of MAX_EQ4[eq4]) {
          for (const e of MAX_EQ5[eq5]) {
            const max = new Map([a, b, c, d, e].join('/').split('/').map((p) => p.split(':') as [string, string]));
            const candidate: Record<string, number> = {};
            for (const metric of Object.keys(LEVELS)) candidate[metric] = LEVELS[metric][m(metric)] - LEVELS[metric][max.get(metric)!];
            if (Object.values(candidate).every((distance) => distance >= 0)) {
              distances = candidate;
              break search;
            }
          }
        }
      }
    }
  }
  if (!distances) return undefined;
  const d = distances;
  const current = [d.AV + d.PR + d.UI, d.AC + d.AT, d.VC + d.VI + d.VA + d.CR + d.IR + d.AR, d.SC + d.SI + d.SA, 0];
  const depth = [DEPTH_EQ1[eq1], DEPTH_EQ2[eq2], DEPTH_EQ3_EQ6[eq3][eq6], DEPTH_EQ4[eq4], 1].map((steps) => steps * 0.1);

  let existing = 0;
  let total = 0;
  lowerScores.forEach((lowerScore, i) => {
    if (lowerScore === undefined) return;
    existing++;
    // EQ5 has no depth inside its MacroVector: its proportion is always 0.
    if (i !== 4) total += (value - lowerScore) * (current[i] / depth[i]);
  });
  const mean = existing === 0 ? 0 : total / existing;
  return roundToTenth(Math.max(0, Math.min(10, value - mean)));
}
