/** Styles of the self-contained HTML report. */
export const HTML_REPORT_STYLE = String.raw`
:root { --crit:#a4001d; --high:#d9480f; --med:#b58100; --low:#1971c2; --info:#666; --bg:#f7f7f8; --line:#e2e2e6; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color:#1d1d22; background:var(--bg); }
header { padding:12px 24px; background:#1d2733; color:#fff; display:flex; gap:16px; align-items:baseline; }
header h1 { margin:0; font-size:20px; } header .meta { margin:0; opacity:.8; }
main { padding:16px 24px; display:grid; gap:16px; }
section { background:#fff; border:1px solid var(--line); border-radius:8px; padding:12px 16px; }
h2 { font-size:16px; margin:0 0 8px; }
.cards { display:flex; flex-wrap:wrap; gap:12px; }
.card { min-width:110px; padding:8px 12px; border-radius:6px; background:var(--bg); }
.card b { display:block; font-size:22px; }
.sev-critical { color:var(--crit); } .sev-high { color:var(--high); } .sev-medium { color:var(--med); } .sev-low { color:var(--low); } .sev-info { color:var(--info); }
.bars { display:grid; grid-template-columns: minmax(120px, 220px) 1fr 60px; gap:4px 8px; align-items:center; }
.bar { height:14px; background:#4263eb; border-radius:3px; min-width:2px; }
.two { display:grid; grid-template-columns: 1fr 1fr; gap:16px; }
table { border-collapse:collapse; width:100%; }
th, td { text-align:left; padding:4px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
.filters { display:flex; flex-wrap:wrap; gap:12px; align-items:end; margin-bottom:8px; }
.filters label { display:flex; flex-direction:column; font-size:12px; color:#555; }
.filters input[type=search] { min-width:260px; }
.grid-head, .row { display:grid; grid-template-columns: 90px 230px 260px 170px 1fr; gap:8px; padding:0 8px; align-items:center; }
.grid-head { font-weight:600; border-bottom:2px solid var(--line); height:32px; }
.grid-head button { all:unset; cursor:pointer; } .grid-head button:focus-visible { outline:2px solid #4263eb; }
.viewport { height:60vh; overflow:auto; position:relative; border:1px solid var(--line); }
.spacer { position:relative; }
.row { position:absolute; left:0; right:0; height:28px; border-bottom:1px solid #f0f0f3; cursor:pointer; white-space:nowrap; overflow:hidden; }
.row > span { overflow:hidden; text-overflow:ellipsis; }
.row:hover { background:#f3f5ff; } .row[aria-selected=true] { background:#e5ebff; outline:2px solid #4263eb; outline-offset:-2px; }
.row.suppressed { opacity:.55; }
#detail[hidden] { display:none; }
pre { margin:0; overflow:auto; background:#fbfbfc; border:1px solid var(--line); border-radius:4px; padding:6px 0; font:12px/1.5 ui-monospace, Menlo, monospace; }
pre .ln { display:inline-block; width:52px; padding-right:8px; text-align:right; color:#999; user-select:none; }
pre .hl { background:#fff3bf; display:block; } pre .focus { background:#ffd8a8; display:block; }
pre .add { color:#2b8a3e; display:block; } pre .del { color:#c92a2a; display:block; }
.muted { color:#666; } .tag { display:inline-block; padding:0 6px; border-radius:4px; background:#eee; font-size:12px; }
button.link { all:unset; color:#1c4fd1; cursor:pointer; text-decoration:underline; }
`;

/**
 * The report's script: reads the embedded data chunk by chunk (no single long parse), renders a
 * virtualised findings table with filters, sorting and keyboard navigation, and a detail view per
 * finding with the resource's YAML excerpt, the highlighted line and the suggested fix.
 */
export const HTML_REPORT_SCRIPT = String.raw`
(function () {
  'use strict';
  var SEV = ['critical', 'high', 'medium', 'low', 'info'];
  var ROW = 28;
  var summary = JSON.parse(document.getElementById('summary').textContent);
  var tables = JSON.parse(document.getElementById('tables').textContent);
  var S = tables.strings, R = tables.resources, C = tables.checks;
  var docChunks = {};
  function docAt(index) {
    var chunk = Math.floor(index / tables.docsPerChunk);
    if (!docChunks[chunk]) docChunks[chunk] = JSON.parse(document.getElementById('docs-' + chunk).textContent);
    return docChunks[chunk][index % tables.docsPerChunk];
  }
  var rows = [];
  var visible = new Int32Array(0);
  var state = { sev: 'all', category: '', namespace: '', q: '', suppressed: false, sort: -1, dir: 1, selected: -1 };
  var filterToken = 0;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      if (k === 'text') node.textContent = attrs[k];
      else if (k === 'class') node.className = attrs[k];
      else if (k.slice(0, 2) === 'on') node.addEventListener(k.slice(2), attrs[k]);
      else node.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return node;
  }
  function str(i) { return i >= 0 ? S[i] : ''; }
  function resourceName(r) { var res = R[r]; var ns = str(res[1]); return str(res[0]) + ' ' + (ns ? ns + '/' : '') + str(res[2]); }
  function namespaceOf(row) { return str(R[row[2]][1]); }

  document.getElementById('generated').textContent = 'generated ' + summary.generated;
  var app = document.getElementById('app');
  app.textContent = '';

  // Overview
  var cards = el('div', { class: 'cards' }, [
    el('div', { class: 'card' }, [el('b', { text: summary.score + '%' }), 'posture score']),
    el('div', { class: 'card' }, [el('b', { text: String(summary.findings) }), 'findings']),
  ].concat(SEV.map(function (s) { return el('div', { class: 'card sev-' + s }, [el('b', { text: String(summary.bySeverity[s]) }), s]); }))
   .concat([el('div', { class: 'card' }, [el('b', { text: String(summary.resources) }), 'resources']), el('div', { class: 'card' }, [el('b', { text: String(summary.suppressed) }), 'suppressed'])]));
  app.appendChild(el('section', { 'aria-labelledby': 'h-overview' }, [el('h2', { id: 'h-overview', text: 'Overview' }), cards,
    el('p', { class: 'muted', text: 'Posture score: share of resources without an unsuppressed critical or high finding.' })]));

  var byCategory = el('div', { class: 'bars', id: 'by-category' });
  var byNamespace = el('div', { class: 'bars', id: 'by-namespace' });
  app.appendChild(el('div', { class: 'two' }, [
    el('section', { 'aria-labelledby': 'h-cat' }, [el('h2', { id: 'h-cat', text: 'Findings by category' }), byCategory]),
    el('section', { 'aria-labelledby': 'h-ns' }, [el('h2', { id: 'h-ns', text: 'Findings by namespace' }), byNamespace]),
  ]));

  var comp = el('table', {}, [el('thead', {}, [el('tr', {}, [el('th', { text: 'Framework' }), el('th', { text: 'Controls passed' }), el('th', { text: 'Controls failed' })])])]);
  var compBody = el('tbody');
  summary.compliance.forEach(function (c) {
    if (c.passed + c.failed === 0) return;
    compBody.appendChild(el('tr', {}, [el('td', { text: c.framework.toUpperCase() }), el('td', { text: String(c.passed) }), el('td', { text: String(c.failed) })]));
  });
  comp.appendChild(compBody);
  app.appendChild(el('section', { 'aria-labelledby': 'h-comp' }, [el('h2', { id: 'h-comp', text: 'Compliance' }), comp]));

  // Findings
  function option(value, text) { return el('option', { value: value, text: text }); }
  var sevSelect = el('select', { id: 'f-severity' }, [option('all', 'all')].concat(SEV.map(function (s) { return option(s, s + ' and above'); })));
  var catSelect = el('select', { id: 'f-category' }, [option('', 'all')]);
  var nsSelect = el('select', { id: 'f-namespace' }, [option('', 'all')]);
  var search = el('input', { type: 'search', id: 'f-search', placeholder: 'check, message, resource, file' });
  var showSuppressed = el('input', { type: 'checkbox', id: 'f-suppressed' });
  var count = el('span', { id: 'count', 'aria-live': 'polite', class: 'muted' });
  var filters = el('div', { class: 'filters', role: 'search' }, [
    el('label', { for: 'f-severity' }, ['Severity', sevSelect]),
    el('label', { for: 'f-category' }, ['Category', catSelect]),
    el('label', { for: 'f-namespace' }, ['Namespace', nsSelect]),
    el('label', { for: 'f-search' }, ['Search', search]),
    el('label', { for: 'f-suppressed' }, ['Show suppressed', showSuppressed]),
    count,
  ]);
  var headers = ['Severity', 'Check', 'Resource', 'Location', 'Message'];
  var head = el('div', { class: 'grid-head', role: 'row' }, headers.map(function (h, i) {
    return el('span', { role: 'columnheader' }, [el('button', { type: 'button', 'data-col': String(i), onclick: function () { sortBy(i); }, text: h })]);
  }));
  var spacer = el('div', { class: 'spacer', role: 'rowgroup' });
  var viewport = el('div', { class: 'viewport', id: 'findings-viewport', tabindex: '0', role: 'grid', 'aria-label': 'Findings', 'aria-rowcount': '0' }, [spacer]);
  app.appendChild(el('section', { 'aria-labelledby': 'h-findings' }, [el('h2', { id: 'h-findings', text: 'Findings' }), filters, head, viewport]));

  var detail = el('section', { id: 'detail', hidden: '', 'aria-labelledby': 'h-detail', tabindex: '-1' });
  app.appendChild(detail);
  var exceptions = el('section', { 'aria-labelledby': 'h-exc' }, [el('h2', { id: 'h-exc', text: 'Exceptions' })]);
  var excBody = el('tbody');
  exceptions.appendChild(el('table', {}, [el('thead', {}, [el('tr', {}, ['Check', 'Resource', 'Reason', 'By', 'Owner', 'Expires'].map(function (h) { return el('th', { text: h }); }))]), excBody]));
  app.appendChild(exceptions);
  if (summary.errors.length) {
    app.appendChild(el('section', { 'aria-labelledby': 'h-err' }, [el('h2', { id: 'h-err', text: 'Input errors' }),
      el('ul', {}, summary.errors.map(function (e) { return el('li', { text: (e.file ? e.file + (e.line ? ':' + e.line : '') + ': ' : '') + e.message }); }))]));
  }

  function matches(row, q) {
    if (state.sev !== 'all' && row[1] > SEV.indexOf(state.sev)) return false;
    if (!state.suppressed && row[6]) return false;
    var check = C[row[0]];
    if (state.category && check.category !== state.category) return false;
    if (state.namespace && namespaceOf(row) !== state.namespace) return false;
    if (q) {
      var res = R[row[2]];
      var hay = (check.id + ' ' + row[4] + ' ' + resourceName(row[2]) + ' ' + str(res[3])).toLowerCase();
      if (hay.indexOf(q) < 0) return false;
    }
    return true;
  }

  // Filtering runs in slices so that no single task blocks the page, however many findings.
  function applyFilter() {
    var token = ++filterToken;
    var q = state.q.toLowerCase();
    var out = new Int32Array(rows.length);
    var n = 0, i = 0;
    (function slice() {
      if (token !== filterToken) return;
      var end = Math.min(rows.length, i + 20000);
      for (; i < end; i++) if (matches(rows[i], q)) out[n++] = i;
      if (i < rows.length) { setTimeout(slice, 0); return; }
      visible = out.subarray(0, n);
      if (state.sort >= 0) sortVisible();
      render(true);
    })();
  }

  function sortKey(i, col) {
    var row = rows[i];
    switch (col) {
      case 0: return row[1];
      case 1: return C[row[0]].id;
      case 2: return resourceName(row[2]);
      case 3: return str(R[row[2]][3]) + ':' + String(row[3]).padStart(8, '0');
      default: return row[4];
    }
  }
  function sortVisible() {
    var col = state.sort, dir = state.dir;
    var keys = new Map();
    visible.forEach(function (i) { keys.set(i, sortKey(i, col)); });
    var arr = Array.prototype.slice.call(visible);
    arr.sort(function (a, b) { var x = keys.get(a), y = keys.get(b); return (x < y ? -1 : x > y ? 1 : a - b) * dir; });
    visible = Int32Array.from(arr);
  }
  function sortBy(col) {
    state.dir = state.sort === col ? -state.dir : 1;
    state.sort = col;
    head.querySelectorAll('button').forEach(function (b) {
      b.parentNode.setAttribute('aria-sort', Number(b.dataset.col) === col ? (state.dir > 0 ? 'ascending' : 'descending') : 'none');
    });
    sortVisible();
    render(true);
  }

  function renderRow(pos) {
    var i = visible[pos], row = rows[i], res = R[row[2]];
    var node = el('div', { class: 'row' + (row[6] ? ' suppressed' : ''), role: 'row', 'aria-rowindex': String(pos + 1), 'data-index': String(i),
      'aria-selected': String(state.selected === pos), tabindex: state.selected === pos ? '0' : '-1' }, [
      el('span', { role: 'gridcell', class: 'sev-' + SEV[row[1]], text: SEV[row[1]] }),
      el('span', { role: 'gridcell', text: C[row[0]].id }),
      el('span', { role: 'gridcell', text: resourceName(row[2]) }),
      el('span', { role: 'gridcell', text: str(res[3]) + (row[3] ? ':' + row[3] : '') }),
      el('span', { role: 'gridcell', text: row[4] }),
    ]);
    node.style.top = (pos * ROW) + 'px';
    node.addEventListener('click', function () { select(pos, true); });
    return node;
  }
  var lastRange = '';
  function render(force) {
    spacer.style.height = (visible.length * ROW) + 'px';
    viewport.setAttribute('aria-rowcount', String(visible.length));
    count.textContent = visible.length + ' of ' + rows.length + ' findings' + (loading ? ' (loading…)' : '');
    var first = Math.max(0, Math.floor(viewport.scrollTop / ROW) - 10);
    var last = Math.min(visible.length, first + Math.ceil((viewport.clientHeight || 600) / ROW) + 20);
    var range = first + ':' + last + ':' + state.selected;
    if (!force && range === lastRange) return;
    lastRange = range;
    spacer.textContent = '';
    for (var p = first; p < last; p++) spacer.appendChild(renderRow(p));
  }
  viewport.addEventListener('scroll', function () { render(false); });

  function select(pos, open) {
    if (pos < 0 || pos >= visible.length) return;
    state.selected = pos;
    var top = pos * ROW;
    if (top < viewport.scrollTop) viewport.scrollTop = top;
    else if (top + ROW > viewport.scrollTop + viewport.clientHeight) viewport.scrollTop = top + ROW - viewport.clientHeight;
    render(true);
    var node = spacer.querySelector('[aria-rowindex="' + (pos + 1) + '"]');
    if (node) node.focus();
    if (open) showDetail(visible[pos]);
  }
  viewport.addEventListener('keydown', function (e) {
    var page = Math.max(1, Math.floor(viewport.clientHeight / ROW) - 1);
    if (e.key === 'ArrowDown') select(Math.min(visible.length - 1, state.selected + 1), false);
    else if (e.key === 'ArrowUp') select(Math.max(0, state.selected - 1), false);
    else if (e.key === 'PageDown') select(Math.min(visible.length - 1, state.selected + page), false);
    else if (e.key === 'PageUp') select(Math.max(0, state.selected - page), false);
    else if (e.key === 'Home') select(0, false);
    else if (e.key === 'End') select(visible.length - 1, false);
    else if (e.key === 'Enter' && state.selected >= 0) { showDetail(visible[state.selected]); return; }
    else return;
    e.preventDefault();
  });

  function excerpt(doc, lines, focus) {
    var pre = el('pre', { 'aria-label': 'YAML excerpt' });
    var d = docAt(doc);
    d.lines.forEach(function (text, k) {
      var n = d.firstLine + k;
      var cls = n === focus ? 'focus' : lines.indexOf(n) >= 0 ? 'hl' : '';
      var line = el('span', cls ? { class: cls, 'data-line': String(n) } : { 'data-line': String(n) }, [el('span', { class: 'ln', text: String(n) }), text]);
      pre.appendChild(line);
      if (!cls) pre.appendChild(document.createTextNode('\n'));
    });
    return pre;
  }
  function diffView(text) {
    var pre = el('pre', { 'aria-label': 'Suggested fix' });
    text.split('\n').forEach(function (l) {
      var cls = l[0] === '+' ? 'add' : l[0] === '-' ? 'del' : '';
      if (cls) pre.appendChild(el('span', { class: cls, text: l }));
      else pre.appendChild(document.createTextNode(l + '\n'));
    });
    return pre;
  }
  function showDetail(i) {
    var row = rows[i], check = C[row[0]], res = R[row[2]];
    detail.textContent = '';
    detail.hidden = false;
    detail.appendChild(el('h2', { id: 'h-detail', text: resourceName(row[2]) }));
    detail.appendChild(el('p', {}, [el('span', { class: 'tag sev-' + SEV[row[1]], text: SEV[row[1]] }), ' ', el('b', { text: check.title }), ' (' + check.id + ', ' + check.code + ')']));
    detail.appendChild(el('p', { text: row[4] }));
    detail.appendChild(el('p', { class: 'muted', text: str(res[3]) + (row[3] ? ':' + row[3] : '') + (row[5] >= 0 ? ' · ' + str(row[5]) : '') }));
    if (row[6]) detail.appendChild(el('p', { class: 'tag', text: 'Suppressed by ' + row[6][0] + ': ' + row[6][1] + (row[6][2] ? ' (expires ' + row[6][2] + ')' : '') }));
    if (row[7]) detail.appendChild(el('p', { class: 'tag', text: 'Exception expired on ' + row[7] }));
    if (res[4] >= 0) {
      var lines = [];
      for (var k = 0; k < rows.length && lines.length < 200; k++) if (rows[k][2] === row[2] && rows[k][3]) lines.push(rows[k][3]);
      detail.appendChild(el('h3', { text: 'Source' }));
      var ex = excerpt(res[4], lines, row[3]);
      detail.appendChild(ex);
      var focusLine = ex.querySelector('.focus');
      if (focusLine) ex.scrollTop = Math.max(0, focusLine.offsetTop - 60);
    }
    detail.appendChild(el('h3', { text: 'How to fix it' }));
    detail.appendChild(el('p', { text: check.remediation }));
    if (row[8]) {
      detail.appendChild(el('h3', { text: 'Suggested change' + (row[9] ? ' (may break the workload: review before applying)' : '') }));
      detail.appendChild(diffView(row[8]));
    }
    detail.appendChild(el('button', { type: 'button', class: 'link', text: 'Back to findings', onclick: function () { detail.hidden = true; select(state.selected, false); } }));
    location.hash = 'finding-' + i;
    detail.focus();
  }
  document.addEventListener('keydown', function (e) { if (e.key === 'Escape' && !detail.hidden) { detail.hidden = true; select(state.selected, false); } });

  function bars(container, counts) {
    container.textContent = '';
    var entries = Object.keys(counts).map(function (k) { return [k, counts[k]]; }).sort(function (a, b) { return b[1] - a[1]; }).slice(0, 15);
    var max = entries.length ? entries[0][1] : 1;
    entries.forEach(function (e) {
      container.appendChild(el('span', { text: e[0] || '(cluster-scoped)' }));
      var bar = el('div', { class: 'bar', role: 'img', 'aria-label': e[0] + ': ' + e[1] });
      bar.style.width = (100 * e[1] / max) + '%';
      container.appendChild(bar);
      container.appendChild(el('span', { text: String(e[1]) }));
    });
  }
  function refreshFacets() {
    var cat = {}, ns = {};
    for (var i = 0; i < rows.length; i++) {
      if (rows[i][6]) continue;
      var c = C[rows[i][0]].category; cat[c] = (cat[c] || 0) + 1;
      var n = namespaceOf(rows[i]); ns[n] = (ns[n] || 0) + 1;
    }
    bars(byCategory, cat);
    bars(byNamespace, ns);
    function fill(select, keys) {
      var current = select.value;
      select.textContent = '';
      select.appendChild(option('', 'all'));
      keys.sort().forEach(function (k) { select.appendChild(option(k, k || '(cluster-scoped)')); });
      select.value = current;
    }
    fill(catSelect, Object.keys(cat));
    fill(nsSelect, Object.keys(ns));
    excBody.textContent = '';
    var shown = 0;
    for (var j = 0; j < rows.length && shown < 500; j++) {
      var r = rows[j];
      if (!r[6] && !r[7]) continue;
      shown++;
      var s = r[6] || ['expired', '', r[7], ''];
      excBody.appendChild(el('tr', {}, [C[r[0]].id, resourceName(r[2]), s[1], s[0], s[3], s[2]].map(function (t) { return el('td', { text: t }); })));
    }
    if (!shown) excBody.appendChild(el('tr', {}, [el('td', { colspan: '6', class: 'muted', text: 'No exceptions.' })]));
  }

  function onFilter() {
    state.sev = sevSelect.value; state.category = catSelect.value; state.namespace = nsSelect.value;
    state.q = search.value.trim(); state.suppressed = showSuppressed.checked; state.selected = -1;
    applyFilter();
  }
  [sevSelect, catSelect, nsSelect, showSuppressed].forEach(function (c) { c.addEventListener('change', onFilter); });
  var debounce = 0;
  search.addEventListener('input', function () { clearTimeout(debounce); debounce = setTimeout(onFilter, 150); });

  var loading = true;
  var chunk = 0;
  (function loadChunk() {
    var node = document.getElementById('chunk-' + chunk);
    if (node) {
      var part = JSON.parse(node.textContent);
      for (var i = 0; i < part.length; i++) rows.push(part[i]);
      chunk++;
      if (chunk === 1 || chunk % 10 === 0) applyFilter();
      setTimeout(loadChunk, 0);
      return;
    }
    loading = false;
    refreshFacets();
    applyFilter();
    app.setAttribute('aria-busy', 'false');
    document.body.setAttribute('data-ready', 'true');
  })();
})();
`;
