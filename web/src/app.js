// dyad explorer: filter bar → time line, network, map and event table; a row opens its
// article. Filters live in the URL fragment (#actor=RUS&from=…) so a view can be shared.

import { renderTimeline, renderNetwork, renderMap } from './charts.js';
import { renderArticle } from './article.js';

const FILTERS = ['actor', 'country', 'code', 'root', 'quad', 'from', 'to', 'text'];
const $ = (sel) => document.querySelector(sel);

const state = {
  filters: {},
  dyad: { source: '', target: '', undirected: false, by: 'all' },
  level: 'actor',
  cursors: [], // cursors of the pages before the current one
  cursor: '',
  next: null,
  article: null,
  mention: null,
};

let busy = 0;
function status(msg, error = false) {
  const s = $('#status');
  s.textContent = msg;
  s.classList.toggle('error', error);
}

async function api(path, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== '' && v !== null && v !== undefined && v !== false) q.set(k, v);
  const url = `/api/${path}${q.toString() ? '?' + q : ''}`;
  busy++;
  status('loading…');
  try {
    const r = await fetch(url, { headers: { Accept: 'application/json' } });
    const body = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error(body.error || `${r.status} ${r.statusText}`);
    return body;
  } finally {
    busy--;
    if (busy === 0 && !$('#status').classList.contains('error')) status('');
  }
}

function fail(e) {
  console.error(e);
  status(e.message || String(e), true);
}

// ------------------------------------------------------------------ URL state

function readHash() {
  const h = new URLSearchParams(location.hash.slice(1));
  state.filters = {};
  for (const k of FILTERS) if (h.get(k)) state.filters[k] = h.get(k);
  state.dyad.source = h.get('dyad_source') || '';
  state.dyad.target = h.get('dyad_target') || '';
  state.dyad.undirected = h.get('undirected') === '1';
  state.dyad.by = h.get('by') || 'all';
  state.level = h.get('level') || 'actor';
  state.article = h.get('article') ? Number(h.get('article')) : null;
  state.mention = h.get('mention') ? Number(h.get('mention')) : null;
}

function writeHash() {
  const h = new URLSearchParams();
  for (const [k, v] of Object.entries(state.filters)) if (v) h.set(k, v);
  if (state.dyad.source) h.set('dyad_source', state.dyad.source);
  if (state.dyad.target) h.set('dyad_target', state.dyad.target);
  if (state.dyad.undirected) h.set('undirected', '1');
  if (state.dyad.by !== 'all') h.set('by', state.dyad.by);
  if (state.level !== 'actor') h.set('level', state.level);
  if (state.article !== null) h.set('article', state.article);
  if (state.mention !== null) h.set('mention', state.mention);
  const s = h.toString();
  history.replaceState(null, '', s ? '#' + s : location.pathname);
}

function fillForms() {
  const f = $('#filters');
  for (const k of FILTERS) f.elements[k].value = state.filters[k] || '';
  const d = $('#dyad-form');
  d.elements.source.value = state.dyad.source;
  d.elements.target.value = state.dyad.target;
  d.elements.undirected.checked = state.dyad.undirected;
  d.elements.by.value = state.dyad.by;
  $('#net-level').value = state.level;
}

// ------------------------------------------------------------------ panels

function dyadParams() {
  const { source, target, undirected } = state.dyad;
  if (source && target) return { dyad: `${source}:${target}`, undirected: undirected ? 'true' : '' };
  if (source) return { source };
  if (target) return { target };
  return {};
}

async function loadTimeline() {
  const params = { ...state.filters, ...dyadParams(), by: state.dyad.by };
  const t = await api('timeline', params);
  const { source, target, undirected } = state.dyad;
  const who = source || target
    ? `${source || 'anyone'} ${undirected ? '↔' : '→'} ${target || 'anyone'}`
    : 'all filtered events';
  const n = t.series.reduce((a, s) => a + s.events.reduce((x, y) => x + y, 0), 0);
  $('#timeline-caption').textContent = `${who}: ${n} events per ${t.bucket}` + (t.undated ? ` (${t.undated} undated not shown)` : '') + ' · bars: events · red: mean Goldstein';
  renderTimeline($('#timeline'), t);
}

async function loadNetwork() {
  const net = await api('network', { ...state.filters, level: state.level, nodes: 40, edges: 150 });
  renderNetwork($('#network'), net,
    (id) => { setFilters({ ...state.filters, [state.level === 'country' ? 'country' : 'actor']: id }); },
    (s, t) => { state.dyad = { ...state.dyad, source: s, target: t, undirected: false }; fillForms(); writeHash(); loadTimeline().catch(fail); });
}

async function loadMap() {
  const m = await api('map', { ...state.filters, limit: 1000 });
  $('#map-count').textContent = `${m.points.length} of ${m.total_points} places`;
  await renderMap($('#map'), m.points, (p) => { loadEventsAt(p); });
}

async function loadEventsAt(point) {
  // A map click narrows the table (not the whole page) to that place.
  await loadEvents(false, { place: point.name, place_country: point.country });
  $('#events-total').textContent += ` at ${point.name}`;
}

function cell(text, cls) {
  const td = document.createElement('td');
  if (cls) td.className = cls;
  td.textContent = text ?? '';
  return td;
}

async function loadEvents(keepCursor = false, extra = {}) {
  if (!keepCursor) { state.cursors = []; state.cursor = ''; }
  const page = await api('events', { ...state.filters, ...extra, limit: 25, cursor: state.cursor });
  state.next = page.next_cursor;
  $('#events-total').textContent = `${page.total.toLocaleString()} events`;
  const body = $('#events tbody');
  body.replaceChildren();
  for (const e of page.events) {
    const tr = document.createElement('tr');
    tr.dataset.event = e.id;
    tr.dataset.article = e.article_id;
    tr.append(
      cell(e.date || '?'),
      cell(`${e.source}${e.source_name ? ' · ' + e.source_name : ''}`),
      cell(`${e.target}${e.target_name ? ' · ' + e.target_name : ''}`),
      cell(e.code),
      cell(e.quad_class, `q${e.quad_class}`),
      cell(e.goldstein),
      cell(e.num_mentions),
      cell(e.modality),
      cell(e.place ? `${e.place}${e.place_country ? ', ' + e.place_country : ''}` : ''),
      cell(e.title || e.source_url, 'title'),
    );
    tr.addEventListener('click', () => openArticle(e.article_id, e.id).catch(fail));
    body.append(tr);
  }
  if (!page.events.length) {
    const tr = document.createElement('tr');
    const td = cell('No events for these filters.', 'empty');
    td.colSpan = 10;
    tr.append(td);
    body.append(tr);
  }
  $('#next-page').disabled = !state.next;
  $('#prev-page').disabled = state.cursors.length === 0;
}

async function openArticle(articleId, eventId = null) {
  const a = await api(`articles/${articleId}`);
  let focus = null;
  if (eventId !== null) {
    const m = a.mentions.find((x) => x.event_id === eventId);
    focus = m ? m.id : null;
  } else if (state.mention !== null && a.mentions.some((x) => x.id === state.mention)) {
    focus = state.mention;
  }
  state.article = articleId;
  state.mention = focus;
  writeHash();
  for (const tr of document.querySelectorAll('#events tbody tr')) tr.classList.toggle('selected', Number(tr.dataset.event) === eventId);
  renderArticle($('#article-panel'), a, focus);
  $('#article-panel').scrollIntoView({ behavior: 'instant', block: 'start' });
}

async function loadFacets() {
  const f = await api('facets', { top: 60 });
  const fill = (list, items) => {
    list.replaceChildren(...items.map(([v, n]) => { const o = document.createElement('option'); o.value = v; o.label = `${n} events`; return o; }));
  };
  fill($('#actor-list'), f.actors);
  fill($('#country-list'), f.countries);
  const root = $('#filters').elements.root;
  for (const [r] of [...f.roots].sort()) {
    const o = document.createElement('option');
    o.value = r; o.textContent = r;
    root.append(o);
  }
  const from = $('#filters').elements.from; const to = $('#filters').elements.to;
  if (f.first_day) { from.min = f.first_day; to.min = f.first_day; }
  if (f.last_day) { from.max = f.last_day; to.max = f.last_day; }
}

async function loadInfo() {
  const i = await api('info');
  const range = i.first_day ? ` · ${i.first_day} … ${i.last_day}` : '';
  $('#summary').textContent = `${i.events.toLocaleString()} events · ${i.mentions.toLocaleString()} mentions · ${i.articles.toLocaleString()} articles${range}${i.read_only ? '' : ' · ingest on'}`;
  document.body.dataset.vendored = Object.entries(i.vendored).filter(([, v]) => v).map(([k]) => k).join(' ');
}

async function refresh() {
  writeHash();
  document.body.dataset.ready = 'false';
  const jobs = [loadTimeline(), loadNetwork(), loadMap(), loadEvents()];
  const results = await Promise.allSettled(jobs);
  const bad = results.find((r) => r.status === 'rejected');
  if (bad) fail(bad.reason); else status('');
  document.body.dataset.ready = 'true';
}

function setFilters(f) {
  state.filters = Object.fromEntries(Object.entries(f).filter(([, v]) => v));
  fillForms();
  refresh();
}

// ------------------------------------------------------------------ wiring

function wire() {
  $('#filters').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const f = {};
    for (const k of FILTERS) f[k] = ev.target.elements[k].value.trim();
    setFilters(f);
  });
  $('#reset').addEventListener('click', () => {
    state.dyad = { source: '', target: '', undirected: false, by: 'all' };
    setFilters({});
  });
  $('#dyad-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const e = ev.target.elements;
    state.dyad = { source: e.source.value.trim().toUpperCase(), target: e.target.value.trim().toUpperCase(), undirected: e.undirected.checked, by: e.by.value };
    writeHash();
    loadTimeline().catch(fail);
  });
  $('#net-level').addEventListener('change', (ev) => { state.level = ev.target.value; writeHash(); loadNetwork().catch(fail); });
  $('#next-page').addEventListener('click', () => {
    if (!state.next) return;
    state.cursors.push(state.cursor);
    state.cursor = state.next;
    loadEvents(true).catch(fail);
  });
  $('#prev-page').addEventListener('click', () => {
    state.cursor = state.cursors.pop() || '';
    loadEvents(true).catch(fail);
  });
  $('#close-article').addEventListener('click', () => {
    $('#article-panel').hidden = true;
    state.article = null; state.mention = null;
    writeHash();
  });
  // A link or a typed URL with another fragment: show that view.
  window.addEventListener('hashchange', () => {
    readHash();
    fillForms();
    refresh().then(() => (state.article !== null ? openArticle(state.article) : null)).catch(fail);
  });
  let resize = null;
  window.addEventListener('resize', () => { clearTimeout(resize); resize = setTimeout(() => loadTimeline().catch(fail), 200); });
}

async function main() {
  readHash();
  wire();
  fillForms();
  try {
    await Promise.all([loadInfo(), loadFacets()]);
    fillForms();
  } catch (e) { fail(e); }
  await refresh();
  if (state.article !== null) await openArticle(state.article).catch(fail);
}

main();
