// The dashboard's client, served as files of their own so the page runs under script-src 'self'
// (no inline script). Plain JavaScript, no build step; it builds the DOM with textContent only.

export const DASHBOARD_HTML = String.raw`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>Stockade dashboard</title>
<link rel="stylesheet" href="/app.css">
<script src="/app.js" defer></script>
</head>
<body data-ready="false">
<header><h1>Stockade</h1><span class="control"><label for="scan-select">Scan</label><select id="scan-select"></select></span></header>
<nav aria-label="Views">
<a href="#overview">Overview</a>
<a href="#findings">Findings</a>
<a href="#rbac">RBAC graph</a>
<a href="#network">Network graph</a>
<a href="#images">Images</a>
<a href="#exceptions">Exceptions</a>
<a href="#checks">Checks</a>
</nav>
<main id="view" tabindex="-1" aria-busy="true"><p>Loading…</p></main>
</body>
</html>
`;

export const DASHBOARD_STYLE = String.raw`:root { --bg: #fff; --fg: #1d2433; --muted: #5b6475; --line: #d9dee8; --accent: #2156c9; --critical: #8b0a1a; --high: #c4321d; --medium: #b86b00; --low: #2d6cb5; --info: #5b6475; font-family: system-ui, sans-serif; color: var(--fg); background: var(--bg); }
body { margin: 0; }
header { display: flex; gap: 1rem; align-items: center; padding: .6rem 1rem; border-bottom: 1px solid var(--line); }
header h1 { font-size: 1.2rem; margin: 0 1rem 0 0; }
nav { display: flex; gap: .25rem; padding: .4rem 1rem; border-bottom: 1px solid var(--line); flex-wrap: wrap; }
nav a { padding: .35rem .7rem; border-radius: 6px; color: var(--fg); text-decoration: none; }
nav a[aria-current=page] { background: var(--accent); color: #fff; }
a:focus-visible, button:focus-visible, select:focus-visible, input:focus-visible, [tabindex]:focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; }
main { padding: 1rem; }
.muted { color: var(--muted); }
.error { color: var(--high); font-weight: 600; }
.cards { display: flex; gap: .6rem; flex-wrap: wrap; margin: .8rem 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: .6rem .9rem; min-width: 6rem; display: flex; flex-direction: column; }
.card .big { font-size: 1.6rem; font-weight: 700; }
.chart { width: 100%; max-width: 900px; height: auto; display: block; }
.chart .axis { stroke: var(--line); }
.chart .tick { font-size: 11px; fill: var(--muted); }
.series { fill: none; stroke-width: 2; }
.series.critical, .dot.critical { stroke: var(--critical); fill: var(--critical); } .series.critical { fill: none; }
.series.high, .dot.high { stroke: var(--high); } .dot.high { fill: var(--high); }
.series.medium, .dot.medium { stroke: var(--medium); } .dot.medium { fill: var(--medium); }
.series.low, .dot.low { stroke: var(--low); } .dot.low { fill: var(--low); }
.series.info, .dot.info { stroke: var(--info); } .dot.info { fill: var(--info); }
.series.score, .dot.score { stroke: var(--accent); } .dot.score { fill: var(--accent); }
.legend .key { margin-right: 1rem; font-size: .85rem; }
.legend .key::before { content: ''; display: inline-block; width: .8rem; height: .8rem; margin-right: .3rem; border-radius: 2px; background: currentColor; }
.sev-critical { color: var(--critical); } .sev-high { color: var(--high); } .sev-medium { color: var(--medium); } .sev-low { color: var(--low); } .sev-info { color: var(--info); }
.sev { font-weight: 600; text-transform: uppercase; font-size: .75rem; }
table { border-collapse: collapse; margin: .5rem 0 1.5rem; }
caption { text-align: left; color: var(--muted); padding: .3rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .6rem; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.expired td { color: var(--high); } tr.expiring td { color: var(--medium); }
.filters { display: flex; gap: 1rem; flex-wrap: wrap; align-items: end; margin: .5rem 0; }
.control { display: flex; flex-direction: column; gap: .2rem; font-size: .85rem; }
.split { display: flex; gap: 1rem; align-items: flex-start; }
#findings-viewport { flex: 1; position: relative; height: 65vh; overflow: auto; border: 1px solid var(--line); border-radius: 6px; }
#findings-viewport .spacer { position: relative; }
.row { position: absolute; left: 0; right: 0; top: 0; height: 28px; display: grid; grid-template-columns: 5.5rem 16rem 18rem 1fr; gap: .5rem; align-items: center; padding: 0 .5rem; white-space: nowrap; overflow: hidden; cursor: pointer; border-bottom: 1px solid #f0f2f6; box-sizing: border-box; }
.row span { overflow: hidden; text-overflow: ellipsis; }
.row[aria-selected=true] { background: #e6eefc; }
.row.suppressed { opacity: .6; }
#detail { flex: 0 0 44%; max-height: 75vh; overflow: auto; border: 1px solid var(--line); border-radius: 6px; padding: .5rem 1rem; position: relative; }
#detail .close { position: absolute; right: .5rem; top: .5rem; font-size: 1.2rem; background: none; border: none; cursor: pointer; }
pre { background: #f6f8fb; padding: .5rem 0; overflow: auto; font-size: .8rem; }
pre .line { display: block; padding: 0 .5rem; }
pre .line.focus { background: #ffe3a3; font-weight: 600; }
pre .ln { display: inline-block; width: 3.5rem; color: var(--muted); user-select: none; }
.graph-holder { overflow: auto; max-height: 75vh; border: 1px solid var(--line); border-radius: 6px; }
.col-title { font-weight: 700; font-size: 13px; fill: var(--muted); text-transform: capitalize; }
.node rect { fill: #eef2fa; stroke: #9aa7c0; }
.node text { font-size: 12px; fill: var(--fg); }
.node-subject rect { fill: #e8f4ea; } .node-binding rect { fill: #f3eefa; } .node-role rect { fill: #fdf3e3; } .node-permission rect { fill: #f2f4f7; }
.node.esc rect { stroke: var(--high); stroke-width: 2; }
.node.hl rect, .node:focus rect { stroke: var(--accent); stroke-width: 3; }
.node:focus { outline: none; }
.edge { fill: none; stroke: #b3bccc; stroke-width: 1; opacity: .6; }
.edge.esc { stroke: var(--high); stroke-width: 2; opacity: .9; }
.edge.hl { stroke: var(--accent); stroke-width: 2.5; opacity: 1; }
.edge.exposure { stroke: var(--high); stroke-dasharray: 4 3; opacity: .9; }
.arrowhead { fill: #8a94a8; }
.namespace rect { fill: #fafbfd; stroke: var(--line); }
.ns-title { font-size: 12px; font-weight: 700; fill: var(--muted); }
.node.exposed rect { fill: #fde8e4; stroke: var(--high); stroke-width: 2; }
.node.internet rect { fill: var(--high); } .node.internet text { fill: #fff; font-weight: 700; }
.steps { font-size: .85rem; color: var(--muted); }
`;

export const DASHBOARD_SCRIPT = String.raw`'use strict';
(() => {
  const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
  const ROW_HEIGHT = 28;
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const VIEWS = ['overview', 'findings', 'rbac', 'network', 'images', 'exceptions', 'checks'];

  // The token arrives once in the fragment (never sent to the server in a URL) and stays for the tab.
  let token = sessionStorage.getItem('stockade-token');
  const fromHash = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (fromHash) {
    token = decodeURIComponent(fromHash[1]);
    sessionStorage.setItem('stockade-token', token);
    history.replaceState(null, '', location.pathname + '#overview');
  }

  const state = { scans: [], scan: null, cache: new Map(), checks: null, findings: { rows: [], shown: [], selected: -1 } };

  async function api(path) {
    const headers = token ? { Authorization: 'Bearer ' + token } : {};
    const response = await fetch(path, { headers, credentials: 'omit' });
    if (response.status === 401) throw new Error('This dashboard requires its token: open it as …/#token=<token>.');
    if (!response.ok) throw new Error(path + ': HTTP ' + response.status);
    return response.json();
  }

  function scanData(kind) {
    const key = state.scan + '/' + kind;
    if (!state.cache.has(key)) state.cache.set(key, api('/api/scans/' + state.scan + '/' + kind));
    return state.cache.get(key);
  }

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'text') el.textContent = v;
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) if (c !== undefined && c !== null) el.append(c);
    return el;
  }

  function svg(tag, attrs, ...children) {
    const el = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'text') el.textContent = v;
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, String(v));
    }
    for (const c of children.flat()) if (c !== undefined && c !== null) el.append(c);
    return el;
  }

  function labelled(id, label, control) {
    return h('span', { class: 'control' }, h('label', { for: id, text: label }), control);
  }

  function select(id, values, onchange) {
    return h('select', { id, onchange }, values.map(([value, text]) => h('option', { value, text })));
  }

  function table(caption, headers, rows) {
    return h('table', {}, h('caption', { text: caption }), h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col', text: t })))), h('tbody', {}, rows));
  }

  const main = () => document.getElementById('view');

  function ready(view) {
    // The moment the view accepts input, for measurements (performance.getEntriesByName).
    performance.mark('stockade-ready:' + view);
    document.body.dataset.view = view;
    document.body.dataset.ready = 'true';
    main().setAttribute('aria-busy', 'false');
  }

  // ---- Overview: trend over scans and posture per namespace ----

  function lineChart(id, title, series, max, width, height) {
    const pad = 36;
    const n = state.scans.length;
    const x = (i) => pad + (n <= 1 ? (width - 2 * pad) / 2 : (i * (width - 2 * pad)) / (n - 1));
    const y = (v) => height - pad - (max === 0 ? 0 : (v * (height - 2 * pad)) / max);
    const chart = svg('svg', { id, role: 'img', 'aria-label': title, viewBox: '0 0 ' + width + ' ' + height, class: 'chart' }, svg('title', { text: title }));
    chart.append(svg('line', { x1: pad, y1: height - pad, x2: width - pad, y2: height - pad, class: 'axis' }));
    chart.append(svg('text', { x: 4, y: pad, class: 'tick', text: String(max) }));
    chart.append(svg('text', { x: 4, y: height - pad, class: 'tick', text: '0' }));
    for (const s of series) {
      const points = state.scans.map((scan, i) => x(i) + ',' + y(s.value(scan))).join(' ');
      chart.append(svg('polyline', { points, class: 'series ' + s.name }));
      state.scans.forEach((scan, i) => chart.append(svg('circle', { cx: x(i), cy: y(s.value(scan)), r: 3, class: 'dot ' + s.name }, svg('title', { text: s.name + ' in scan ' + scan.id + ': ' + s.value(scan) }))));
    }
    state.scans.forEach((scan, i) => chart.append(svg('text', { x: x(i), y: height - 12, class: 'tick', 'text-anchor': 'middle', text: '#' + scan.id })));
    return chart;
  }

  async function overview() {
    const scan = state.scans.find((s) => s.id === state.scan);
    const namespaces = await scanData('namespaces');
    const active = SEVERITIES.reduce((sum, s) => sum + scan.counts[s], 0);
    const maxCount = Math.max(1, ...state.scans.map((s) => Math.max(...SEVERITIES.map((v) => s.counts[v]))));
    main().replaceChildren(
      h('h2', { text: 'Scan #' + scan.id + ' · ' + new Date(scan.scannedAt).toLocaleString() }),
      h('p', { class: 'muted', text: scan.target.join(', ') + ' · ' + scan.resources + ' resources · stockade ' + scan.toolVersion }),
      h('div', { class: 'cards' },
        h('div', { class: 'card score', id: 'score' }, h('span', { class: 'big', text: String(scan.score) }), h('span', { text: 'posture score' })),
        h('div', { class: 'card' }, h('span', { class: 'big', text: String(active) }), h('span', { text: 'active findings' })),
        SEVERITIES.map((s) => h('div', { class: 'card sev-' + s }, h('span', { class: 'big', text: String(scan.counts[s]) }), h('span', { text: s })))),
      h('section', { 'aria-labelledby': 'trend-title' },
        h('h3', { id: 'trend-title', text: 'Findings by severity over scans' }),
        lineChart('trend', 'Active findings by severity per scan', SEVERITIES.map((name) => ({ name, value: (s) => s.counts[name] })), maxCount, 900, 260),
        h('p', { class: 'legend' }, SEVERITIES.map((s) => h('span', { class: 'key sev-' + s, text: s }))),
        h('h3', { text: 'Posture score over scans' }),
        lineChart('score-trend', 'Posture score per scan (share of resources without high or critical findings)', [{ name: 'score', value: (s) => s.score }], 100, 900, 200)),
      h('section', { 'aria-labelledby': 'ns-title' },
        h('h3', { id: 'ns-title', text: 'Posture per namespace' }),
        table('Namespaces, worst first', ['Namespace', 'Score', 'Resources', ...SEVERITIES],
          namespaces.map((n) => h('tr', {}, h('th', { scope: 'row' }, h('a', { href: '#findings', 'data-namespace': n.namespace, onclick: () => { pendingNamespace = n.namespace === '(no namespace)' ? '' : n.namespace; }, text: n.namespace })),
            h('td', { class: 'num', text: String(n.score) }), h('td', { class: 'num', text: String(n.resources) }), SEVERITIES.map((s) => h('td', { class: 'num', text: String(n.counts[s]) })))))),
    );
    const table0 = main().querySelector('table');
    table0.id = 'namespaces';
    ready('overview');
  }

  // ---- Findings browser: virtualised list, the report's filters, detail with the source line ----

  let pendingNamespace;

  async function findingsView() {
    const rows = await scanData('findings');
    const f = state.findings;
    f.rows = rows;
    const unique = (key) => [...new Set(rows.map((r) => r[key]))].sort();
    const count = h('p', { id: 'count', role: 'status', 'aria-live': 'polite' });
    const spacer = h('div', { class: 'spacer' });
    const viewport = h('div', { id: 'findings-viewport', role: 'grid', tabindex: '0', 'aria-label': 'Findings (arrow keys move, Enter opens)', 'aria-rowcount': '0' }, spacer);
    const detail = h('aside', { id: 'detail', hidden: true, 'aria-label': 'Finding detail', tabindex: '-1' });
    const filters = h('form', { class: 'filters', role: 'search', onsubmit: (e) => e.preventDefault() },
      labelled('f-severity', 'Severity', select('f-severity', [['all', 'all'], ...SEVERITIES.map((s) => [s, s + ' and above'])], apply)),
      labelled('f-category', 'Category', select('f-category', [['all', 'all'], ...unique('g').map((c) => [c, c])], apply)),
      labelled('f-namespace', 'Namespace', select('f-namespace', [['all', 'all'], ...unique('n').map((n) => [n, n === '' ? '(no namespace)' : n])], apply)),
      labelled('f-search', 'Search', h('input', { id: 'f-search', type: 'search', placeholder: 'check, resource, message', oninput: apply })),
      labelled('f-suppressed', 'Show suppressed', h('input', { id: 'f-suppressed', type: 'checkbox', onchange: apply })));
    main().replaceChildren(h('h2', { text: 'Findings' }), filters, count, h('div', { class: 'split' }, viewport, detail));
    if (pendingNamespace !== undefined) {
      document.getElementById('f-namespace').value = pendingNamespace;
      pendingNamespace = undefined;
    }
    viewport.addEventListener('scroll', paint);
    viewport.addEventListener('keydown', onKey);
    viewport.addEventListener('click', (e) => {
      const row = e.target.closest('.row');
      if (row) { f.selected = Number(row.dataset.pos); paint(); openDetail(); }
    });
    detail.addEventListener('keydown', (e) => { if (e.key === 'Escape') closeDetail(); });
    document.addEventListener('keydown', escapeCloses);
    apply();
    ready('findings');

    function apply() {
      const sev = document.getElementById('f-severity').value;
      const category = document.getElementById('f-category').value;
      const namespace = document.getElementById('f-namespace').value;
      const terms = document.getElementById('f-search').value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      const suppressed = document.getElementById('f-suppressed').checked;
      const rank = sev === 'all' ? 99 : SEVERITIES.indexOf(sev);
      f.shown = f.rows.filter((r) => {
        if (r.x && !suppressed) return false;
        if (SEVERITIES.indexOf(r.s) > rank) return false;
        if (category !== 'all' && r.g !== category) return false;
        if (namespace !== 'all' && r.n !== namespace) return false;
        if (terms.length === 0) return true;
        const text = (r.c + ' ' + r.t + ' ' + r.k + ' ' + r.n + '/' + r.r + ' ' + r.m + ' ' + r.f).toLowerCase();
        return terms.every((t) => text.includes(t));
      });
      f.selected = f.shown.length > 0 ? 0 : -1;
      const active = f.rows.filter((r) => !r.x).length;
      count.textContent = f.shown.length + ' of ' + (suppressed ? f.rows.length : active) + ' findings';
      viewport.setAttribute('aria-rowcount', String(f.shown.length));
      spacer.style.height = f.shown.length * ROW_HEIGHT + 'px';
      viewport.scrollTop = 0;
      paint();
    }

    function paint() {
      const first = Math.max(0, Math.floor(viewport.scrollTop / ROW_HEIGHT) - 5);
      const last = Math.min(f.shown.length, first + Math.ceil(viewport.clientHeight / ROW_HEIGHT) + 10);
      const nodes = [];
      for (let p = first; p < last; p++) {
        const r = f.shown[p];
        const row = h('div', { class: 'row' + (r.x ? ' suppressed' : ''), role: 'row', 'data-pos': String(p), 'aria-rowindex': String(p + 1), 'aria-selected': String(p === f.selected) },
          h('span', { role: 'gridcell', class: 'sev sev-' + r.s, text: r.s }),
          h('span', { role: 'gridcell', class: 'check', text: r.c }),
          h('span', { role: 'gridcell', class: 'res', text: r.k + ' ' + (r.n ? r.n + '/' : '') + r.r }),
          h('span', { role: 'gridcell', class: 'msg', text: r.m }));
        row.style.transform = 'translateY(' + p * ROW_HEIGHT + 'px)';
        nodes.push(row);
      }
      spacer.replaceChildren(...nodes);
    }

    function onKey(e) {
      const page = Math.max(1, Math.floor(viewport.clientHeight / ROW_HEIGHT) - 1);
      const moves = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -Infinity, End: Infinity };
      if (e.key in moves) {
        e.preventDefault();
        f.selected = Math.max(0, Math.min(f.shown.length - 1, (f.selected < 0 ? -1 : f.selected) + moves[e.key]));
        const top = f.selected * ROW_HEIGHT;
        if (top < viewport.scrollTop) viewport.scrollTop = top;
        else if (top + ROW_HEIGHT > viewport.scrollTop + viewport.clientHeight) viewport.scrollTop = top + ROW_HEIGHT - viewport.clientHeight;
        paint();
      } else if (e.key === 'Enter' && f.selected >= 0) {
        e.preventDefault();
        openDetail();
      }
    }

    async function openDetail() {
      const r = f.shown[f.selected];
      if (!r) return;
      const { finding, source } = await api('/api/scans/' + state.scan + '/finding/' + r.i);
      const where = (finding.file || '(no file)') + (finding.line ? ':' + finding.line : '');
      const children = [
        h('button', { type: 'button', class: 'close', 'aria-label': 'Close detail', onclick: closeDetail, text: '×' }),
        h('h3', { text: finding.title }),
        h('p', {}, h('span', { class: 'sev sev-' + finding.severity, text: finding.severity }), ' ', h('code', { text: finding.check + ' (' + finding.code + ')' })),
        h('p', { text: finding.kind + ' ' + (finding.namespace ? finding.namespace + '/' : '') + finding.name }),
        h('p', { class: 'muted', text: where + (finding.path ? ' · ' + finding.path : '') }),
        h('p', { class: 'message', text: finding.message }),
        h('h4', { text: 'Remediation' }),
        h('p', { text: finding.remediation }),
      ];
      if (finding.suppression) children.push(h('p', { class: 'muted', text: 'Suppressed by ' + finding.suppression.by + ': ' + finding.suppression.reason + (finding.suppression.expires ? ' (until ' + finding.suppression.expires + ')' : '') }));
      if (source) {
        const lines = source.text.split('\n');
        const pre = h('pre', { 'aria-label': 'Source of ' + source.file });
        lines.forEach((text, i) => {
          const n = source.firstLine + i;
          pre.append(h('span', { class: 'line' + (n === finding.line ? ' focus' : ''), 'data-line': String(n) }, h('span', { class: 'ln', 'aria-hidden': 'true', text: String(n) }), text + '\n'));
        });
        children.push(h('h4', { text: 'Source' }), pre);
      }
      detail.replaceChildren(...children);
      detail.hidden = false;
      detail.querySelector('.focus')?.scrollIntoView({ block: 'center' });
      detail.focus();
    }

    function closeDetail() {
      detail.hidden = true;
      viewport.focus();
    }

    function escapeCloses(e) {
      if (e.key === 'Escape' && !detail.hidden && document.body.dataset.view === 'findings') closeDetail();
    }
  }

  // ---- Graphs ----

  function connectedTo(seeds, edges) {
    const out = new Map();
    const into = new Map();
    for (const e of edges) {
      (out.get(e.from) || out.set(e.from, []).get(e.from)).push(e.to);
      (into.get(e.to) || into.set(e.to, []).get(e.to)).push(e.from);
    }
    const keep = new Set(seeds);
    // Downstream and upstream separately: a subject's roles, and a permission's holders, not their siblings.
    for (const next of [out, into]) {
      const seen = new Set(seeds);
      const queue = [...seeds];
      while (queue.length > 0) {
        for (const n of next.get(queue.pop()) || []) {
          if (seen.has(n)) continue;
          seen.add(n);
          keep.add(n);
          queue.push(n);
        }
      }
    }
    return keep;
  }

  function highlightOnFocus(graph, edgesOf) {
    const toggle = (node, on) => {
      for (const e of edgesOf(node.dataset.id)) e.classList.toggle('hl', on);
      node.classList.toggle('hl', on);
    };
    graph.addEventListener('focusin', (e) => { const n = e.target.closest('.node'); if (n) toggle(n, true); });
    graph.addEventListener('focusout', (e) => { const n = e.target.closest('.node'); if (n) toggle(n, false); });
    graph.addEventListener('mouseover', (e) => { const n = e.target.closest('.node'); if (n) toggle(n, true); });
    graph.addEventListener('mouseout', (e) => { const n = e.target.closest('.node'); if (n) toggle(n, false); });
  }

  const MAX_NODES = 600;
  const NODE_WIDTH = 250;

  async function rbacView() {
    const graph = await scanData('rbac');
    const holder = h('div', { class: 'graph-holder' });
    const note = h('p', { id: 'rbac-note', role: 'status' });
    const filter = h('input', { id: 'rbac-filter', type: 'search', placeholder: 'subject, binding, role or permission', oninput: draw });
    const onlyEsc = h('input', { id: 'rbac-escalation', type: 'checkbox', onchange: draw });
    main().replaceChildren(
      h('h2', { text: 'RBAC: subjects → bindings → roles → permissions' }),
      h('form', { class: 'filters', role: 'search', onsubmit: (e) => e.preventDefault() }, labelled('rbac-filter', 'Filter', filter), labelled('rbac-escalation', 'Only escalation paths', onlyEsc)),
      note, holder,
      h('section', { 'aria-labelledby': 'paths-title' }, h('h3', { id: 'paths-title', text: 'Escalation paths (' + (graph.paths.length + graph.morePaths) + ')' }),
        h('ol', { id: 'rbac-paths' }, graph.paths.map((p) => h('li', {}, h('strong', { text: p.subject }), ' → ' + p.target, h('ol', { class: 'steps' }, p.steps.map((s) => h('li', { text: s }))))))));
    draw();
    ready('rbac');

    function draw() {
      const text = filter.value.trim().toLowerCase();
      let nodes = graph.nodes;
      if (onlyEsc.checked) nodes = nodes.filter((n) => n.escalation);
      if (text) {
        const seeds = new Set(nodes.filter((n) => n.label.toLowerCase().includes(text)).map((n) => n.id));
        const keep = connectedTo(seeds, graph.edges);
        nodes = nodes.filter((n) => keep.has(n.id));
      }
      const total = nodes.length;
      nodes = nodes.slice(0, MAX_NODES);
      const ids = new Set(nodes.map((n) => n.id));
      const columns = ['subject', 'binding', 'role', 'permission'];
      const colWidth = 330;
      const place = new Map();
      const heights = columns.map((type) => {
        let row = 0;
        for (const n of nodes) if (n.type === type) place.set(n.id, { x: 10 + columns.indexOf(type) * colWidth, y: 40 + row++ * 26 });
        return row;
      });
      const height = 60 + Math.max(1, ...heights) * 26;
      const chart = svg('svg', { id: 'rbac-graph', role: 'group', 'aria-label': 'RBAC graph: ' + nodes.length + ' nodes', width: columns.length * colWidth + 20, height, viewBox: '0 0 ' + (columns.length * colWidth + 20) + ' ' + height });
      columns.forEach((c, i) => chart.append(svg('text', { x: 10 + i * colWidth, y: 20, class: 'col-title', text: c + 's' })));
      const edgeLayer = svg('g', { class: 'edges' });
      const byNode = new Map();
      for (const e of graph.edges) {
        if (!ids.has(e.from) || !ids.has(e.to)) continue;
        const a = place.get(e.from);
        const b = place.get(e.to);
        const line = svg('path', { d: 'M' + (a.x + 280) + ',' + (a.y + 9) + ' C' + (a.x + 305) + ',' + (a.y + 9) + ' ' + (b.x - 25) + ',' + (b.y + 9) + ' ' + b.x + ',' + (b.y + 9), class: 'edge' + (e.escalation ? ' esc' : '') });
        edgeLayer.append(line);
        for (const id of [e.from, e.to]) (byNode.get(id) || byNode.set(id, []).get(id)).push(line);
      }
      chart.append(edgeLayer);
      for (const n of nodes) {
        const p = place.get(n.id);
        const label = n.label.length > 44 ? n.label.slice(0, 43) + '…' : n.label;
        chart.append(svg('g', { class: 'node node-' + n.type + (n.escalation ? ' esc' : ''), 'data-id': n.id, tabindex: '0', role: 'img', 'aria-label': n.type + ' ' + n.label + (n.escalation ? ' (on an escalation path)' : ''), transform: 'translate(' + p.x + ',' + p.y + ')' },
          svg('title', { text: n.label }), svg('rect', { width: 280, height: 20, rx: 4 }), svg('text', { x: 6, y: 14, text: label })));
      }
      highlightOnFocus(chart, (id) => byNode.get(id) || []);
      note.textContent = total + ' nodes' + (total > MAX_NODES ? ', the first ' + MAX_NODES + ' drawn: filter to narrow' : '') + '; escalation paths in red.';
      holder.replaceChildren(chart);
    }
  }

  async function networkView() {
    const graph = await scanData('network');
    const namespaces = [...new Set(graph.nodes.map((n) => n.namespace))].sort();
    const holder = h('div', { class: 'graph-holder' });
    const note = h('p', { id: 'network-note', role: 'status' });
    const nsSelect = select('net-namespace', [['all', 'all'], ...namespaces.map((n) => [n, n])], draw);
    const filter = h('input', { id: 'net-filter', type: 'search', placeholder: 'workload name', oninput: draw });
    main().replaceChildren(
      h('h2', { text: 'Network: allowed connections between workloads' }),
      h('form', { class: 'filters', role: 'search', onsubmit: (e) => e.preventDefault() }, labelled('net-namespace', 'Namespace', nsSelect), labelled('net-filter', 'Workload', filter)),
      note, holder);
    draw();
    ready('network');

    function draw() {
      const ns = nsSelect.value;
      const text = filter.value.trim().toLowerCase();
      let nodes = graph.nodes.filter((n) => ns === 'all' || n.namespace === ns);
      if (text) {
        const seeds = new Set(nodes.filter((n) => n.id.toLowerCase().includes(text)).map((n) => n.id));
        const near = new Set(seeds);
        for (const e of graph.edges) {
          if (seeds.has(e.from)) near.add(e.to);
          if (seeds.has(e.to)) near.add(e.from);
        }
        nodes = graph.nodes.filter((n) => near.has(n.id));
      }
      const total = nodes.length;
      nodes = nodes.slice(0, MAX_NODES);
      const groups = new Map();
      for (const n of nodes) (groups.get(n.namespace) || groups.set(n.namespace, []).get(n.namespace)).push(n);
      const boxWidth = NODE_WIDTH + 180;
      const perRow = 3;
      const left = 170;
      const place = new Map();
      const boxes = [];
      let y = 20;
      const entries = [...groups.entries()].sort((a, b) => a[0].localeCompare(b[0]));
      for (let i = 0; i < entries.length; i += perRow) {
        let rowHeight = 0;
        entries.slice(i, i + perRow).forEach(([name, members], j) => {
          const x = left + j * (boxWidth + 30);
          const boxHeight = 34 + members.length * 26;
          boxes.push({ name, x, y, height: boxHeight });
          members.forEach((m, k) => place.set(m.id, { x: x + 10, y: y + 28 + k * 26 }));
          rowHeight = Math.max(rowHeight, boxHeight);
        });
        y += rowHeight + 30;
      }
      const width = left + perRow * (boxWidth + 30);
      const chart = svg('svg', { id: 'network-graph', role: 'group', 'aria-label': 'Network graph: ' + nodes.length + ' workloads', width, height: y, viewBox: '0 0 ' + width + ' ' + y });
      chart.append(svg('defs', {}, svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse' }, svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrowhead' }))));
      for (const b of boxes) chart.append(svg('g', { class: 'namespace', 'data-namespace': b.name }, svg('rect', { x: b.x, y: b.y, width: boxWidth, height: b.height, rx: 8 }), svg('text', { x: b.x + 10, y: b.y + 18, class: 'ns-title', text: 'namespace ' + b.name })));
      const byNode = new Map();
      const edgeLayer = svg('g', { class: 'edges' });
      let drawn = 0;
      for (const e of graph.edges) {
        const a = place.get(e.from);
        const b = place.get(e.to);
        if (!a || !b) continue;
        drawn++;
        // Within a namespace box the nodes share a column: connections arc out to the right of it.
        const sameBox = a.x === b.x;
        const bend = 20 + Math.abs(b.y - a.y) / 4;
        const d = sameBox
          ? 'M' + (a.x + NODE_WIDTH) + ',' + (a.y + 10) + ' C' + (a.x + NODE_WIDTH + bend) + ',' + (a.y + 10) + ' ' + (b.x + NODE_WIDTH + bend) + ',' + (b.y + 10) + ' ' + (b.x + NODE_WIDTH) + ',' + (b.y + 10)
          : 'M' + (a.x + (b.x > a.x ? NODE_WIDTH : 0)) + ',' + (a.y + 10) + ' L' + (b.x + (b.x > a.x ? 0 : NODE_WIDTH)) + ',' + (b.y + 10);
        const line = svg('path', { d, class: 'edge', 'marker-end': 'url(#arrow)' }, svg('title', { text: e.from + ' → ' + e.to + ': ' + e.ports }));
        edgeLayer.append(line);
        for (const id of [e.from, e.to]) (byNode.get(id) || byNode.set(id, []).get(id)).push(line);
      }
      const exposed = nodes.filter((n) => n.exposed);
      if (exposed.length > 0) {
        chart.append(svg('g', { class: 'node internet', 'data-id': 'internet', tabindex: '0', role: 'img', 'aria-label': 'Internet: ' + exposed.length + ' workloads exposed' }, svg('rect', { x: 10, y: 20, width: 120, height: 26, rx: 13 }), svg('text', { x: 22, y: 38, text: 'Internet' })));
        for (const n of exposed) {
          const b = place.get(n.id);
          const line = svg('line', { x1: 130, y1: 33, x2: b.x, y2: b.y + 10, class: 'edge exposure', 'marker-end': 'url(#arrow)' }, svg('title', { text: 'Internet → ' + n.id + ' (' + n.exposed + ')' }));
          edgeLayer.append(line);
          for (const id of ['internet', n.id]) (byNode.get(id) || byNode.set(id, []).get(id)).push(line);
        }
      }
      chart.append(edgeLayer);
      for (const n of nodes) {
        const p = place.get(n.id);
        const label = (n.exposed ? '⚠ ' : '') + n.name + ' [' + n.kind + ']';
        chart.append(svg('g', { class: 'node workload' + (n.exposed ? ' exposed' : ''), 'data-id': n.id, tabindex: '0', role: 'img', 'aria-label': 'workload ' + n.id + (n.exposed ? ', exposed to the internet via ' + n.exposed : ''), transform: 'translate(' + p.x + ',' + p.y + ')' },
          svg('title', { text: n.id + (n.exposed ? '\nexposed: ' + n.exposed : '') }), svg('rect', { width: NODE_WIDTH, height: 20, rx: 4 }), svg('text', { x: 6, y: 14, text: label.length > 38 ? label.slice(0, 37) + '…' : label })));
      }
      highlightOnFocus(chart, (id) => byNode.get(id) || []);
      note.textContent = total + ' workloads in ' + groups.size + ' namespaces' + (total > MAX_NODES ? ' (first ' + MAX_NODES + ' drawn)' : '') + ', ' + drawn + ' allowed connections drawn' +
        (graph.truncated ? ' (the first ' + graph.edges.length + ' stored: more are allowed)' : '') + ', ' + exposed.length + ' exposed to the internet.';
      holder.replaceChildren(chart);
    }
  }

  // ---- Images, exceptions, check catalogue ----

  function imageRow(img) {
    const workloads = h('ul', {}, img.workloads.map((w) => h('li', { text: w.kind + ' ' + (w.namespace ? w.namespace + '/' : '') + w.name + ' (' + w.container + ')' })));
    const vulns = img.vulnerabilities.length === 0 ? 'none recorded'
      : h('details', {}, h('summary', { text: img.vulnerabilities.length + ' vulnerabilities' }),
        h('ul', {}, img.vulnerabilities.map((v) => h('li', { text: v.advisory + ' ' + v.package + ' ' + v.installed + (v.fixed ? ' → fixed in ' + v.fixed : '') }))));
    return h('tr', {}, h('th', { scope: 'row' }, h('code', { text: img.image })), h('td', {}, workloads), h('td', {}, vulns));
  }

  async function imagesView() {
    const data = await scanData('images');
    main().replaceChildren(
      h('h2', { text: 'Images' }),
      h('p', { class: 'muted', text: data.vulnerabilityData ? 'Vulnerabilities are those stockade image last matched for an image of the same reference; "none recorded" also covers images it has not scanned.' : 'No image has been scanned into this database (stockade image scan): only the workloads running each image are shown.' }),
      table('Images and the workloads that run them', ['Image', 'Workloads', 'Vulnerabilities'], data.images.map(imageRow)));
    main().querySelector('table').id = 'images';
    ready('images');
  }

  async function exceptionsView() {
    const rows = await scanData('exceptions');
    main().replaceChildren(h('h2', { text: 'Exceptions' }),
      rows.length === 0 ? h('p', { text: 'No finding of this scan is suppressed.' }) :
        table('Suppressed findings, soonest expiry first', ['Check', 'Resource', 'By', 'Reason', 'Owner', 'Expires'], rows.map((r) => h('tr', { class: r.expired ? 'expired' : (r.daysLeft !== undefined && r.daysLeft < 14 ? 'expiring' : '') },
          h('td', {}, h('code', { text: r.check })), h('td', { text: r.resource }), h('td', { text: r.by }), h('td', { text: r.reason }), h('td', { text: r.owner || '' }),
          h('td', { text: r.expires ? r.expires + (r.daysLeft < 0 ? ' (expired ' + -r.daysLeft + ' days ago)' : ' (' + r.daysLeft + ' days left)') : 'never' })))));
    ready('exceptions');
  }

  async function checksView() {
    state.checks = state.checks || (await api('/api/checks'));
    const body = h('tbody');
    const search = h('input', { id: 'checks-search', type: 'search', oninput: draw });
    main().replaceChildren(h('h2', { text: 'Check catalogue (' + state.checks.length + ')' }), h('form', { class: 'filters', role: 'search', onsubmit: (e) => e.preventDefault() }, labelled('checks-search', 'Search', search)),
      h('table', { id: 'checks' }, h('caption', { text: 'Every check stockade runs' }), h('thead', {}, h('tr', {}, ['Check', 'Severity', 'Category', 'Title', 'Frameworks'].map((t) => h('th', { scope: 'col', text: t })))), body));
    draw();
    ready('checks');

    function draw() {
      const text = search.value.trim().toLowerCase();
      body.replaceChildren(...state.checks.filter((c) => !text || (c.id + ' ' + c.code + ' ' + c.title + ' ' + c.category).toLowerCase().includes(text)).map((c) => {
        const fw = [c.frameworks.pss ? 'PSS ' + c.frameworks.pss.level : '', ...(c.frameworks.nsa || []).map((x) => 'NSA ' + x), ...(c.frameworks.cis || []).map((x) => 'CIS ' + x), ...(c.frameworks.mitre || [])].filter(Boolean);
        return h('tr', {}, h('th', { scope: 'row' }, h('code', { text: c.id }), ' ', h('span', { class: 'muted', text: c.code })), h('td', {}, h('span', { class: 'sev sev-' + c.severity, text: c.severity })), h('td', { text: c.category }),
          h('td', {}, h('details', {}, h('summary', { text: c.title }), h('p', { text: c.description }), h('p', { class: 'muted', text: c.remediation }))), h('td', { text: fw.join(', ') }));
      }));
    }
  }

  // ---- Routing ----

  const RENDER = { overview, findings: findingsView, rbac: rbacView, network: networkView, images: imagesView, exceptions: exceptionsView, checks: checksView };

  async function route() {
    const view = VIEWS.includes(location.hash.slice(1)) ? location.hash.slice(1) : 'overview';
    document.body.dataset.ready = 'false';
    main().setAttribute('aria-busy', 'true');
    for (const a of document.querySelectorAll('nav a')) {
      if (a.getAttribute('href') === '#' + view) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    try {
      if (state.scan === null) {
        main().replaceChildren(h('p', { text: 'No scan recorded yet: run stockade scan --record.' }));
        if (view !== 'checks') return ready(view);
      }
      await RENDER[view]();
    } catch (error) {
      main().replaceChildren(h('p', { class: 'error', role: 'alert', text: error.message }));
      ready(view);
    }
  }

  async function start() {
    try {
      state.scans = await api('/api/scans');
    } catch (error) {
      main().replaceChildren(h('p', { class: 'error', role: 'alert', text: error.message }));
      ready('error');
      return;
    }
    const scanSelect = document.getElementById('scan-select');
    scanSelect.replaceChildren(...state.scans.slice().reverse().map((s) => h('option', { value: String(s.id), text: '#' + s.id + ' ' + new Date(s.scannedAt).toLocaleString() + ' · ' + s.target.join(', ') })));
    state.scan = state.scans.length > 0 ? state.scans[state.scans.length - 1].id : null;
    scanSelect.addEventListener('change', () => { state.scan = Number(scanSelect.value); route(); });
    window.addEventListener('hashchange', route);
    // Alt+1…7 jump between the views.
    document.addEventListener('keydown', (e) => {
      if (e.altKey && e.key >= '1' && e.key <= String(VIEWS.length)) { location.hash = VIEWS[Number(e.key) - 1]; main().focus(); }
    });
    route();
  }

  start();
})();
`;
