// Charts of the dyad explorer: time line (uPlot), actor network (Cytoscape) and map (SVG with
// world-atlas outlines through topojson-client). Each has a plain-SVG fallback used when the
// library was not vendored (a build without `npm ci`), so the page always shows the data.

const SVG = 'http://www.w3.org/2000/svg';

function svgEl(name, attrs = {}, parent = null) {
  const el = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (parent) parent.appendChild(el);
  return el;
}

function empty(el, message) {
  el.replaceChildren();
  const d = document.createElement('div');
  d.className = 'empty';
  d.textContent = message;
  el.appendChild(d);
}

/** Colour of a mean Goldstein value: red (−10) through grey (0) to blue (+10). */
export function goldsteinColour(g) {
  const t = Math.max(-1, Math.min(1, (g || 0) / 10));
  const grey = [150, 150, 150];
  const end = t < 0 ? [200, 40, 40] : [36, 89, 201];
  const a = Math.abs(t);
  const c = grey.map((x, i) => Math.round(x + (end[i] - x) * a));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

const SERIES_COLOURS = ['#2459c9', '#1b9e77', '#d95f02', '#c62828', '#7570b3', '#e7298a',
  '#66a61e', '#e6ab02', '#a6761d', '#666666'];

// ---------------------------------------------------------------- time line

let plot = null;

/**
 * Draws events per bucket (bars, or lines for several series) and the mean Goldstein value
 * (right axis) of a /api/timeline answer.
 */
export function renderTimeline(el, timeline) {
  let t = timeline;
  if (plot) { plot.destroy(); plot = null; }
  el.replaceChildren();
  if (!t.dates.length) { empty(el, 'No dated events for these filters.'); return; }
  // A short line gets three empty buckets on each side, so that it is not stretched over years.
  if (t.dates.length < 7) t = padTimeline(t, 3);
  const xs = t.dates.map((d) => Date.parse(d + 'T00:00:00Z') / 1000);
  if (typeof window.uPlot !== 'function') { fallbackTimeline(el, t, xs); return; }
  const uPlot = window.uPlot;
  const single = t.series.length === 1;
  const data = [xs];
  const series = [{}];
  t.series.forEach((s, i) => {
    const colour = single ? '#2459c9' : SERIES_COLOURS[i % SERIES_COLOURS.length];
    data.push(s.events);
    series.push({
      label: single ? 'events' : `${s.key}`,
      stroke: colour,
      fill: single ? 'rgba(36,89,201,0.25)' : undefined,
      width: single ? 0 : 1.5,
      paths: single && xs.length <= 800 ? uPlot.paths.bars({ size: [0.8, 40, 5] }) : undefined,
      scale: 'n',
      points: { show: false },
    });
  });
  // Mean Goldstein over all series of the bucket.
  const mean = xs.map((_, i) => {
    let n = 0; let g = 0;
    for (const s of t.series) { n += s.events[i]; g += s.goldstein[i]; }
    return n ? g / n : null;
  });
  data.push(mean);
  series.push({
    label: 'mean Goldstein',
    stroke: '#c62828',
    width: 1.5,
    scale: 'g',
    spanGaps: false,
    points: { show: mean.filter((v) => v !== null).length <= 120, size: 5, fill: '#c62828' },
  });
  const width = Math.max(300, el.clientWidth || 800);
  plot = new uPlot({
    width,
    height: 240,
    series,
    scales: { x: { time: true }, n: { range: (u, lo, hi) => [0, Math.max(1, hi)] }, g: { range: [-10, 10] } },
    axes: [
      {
        // Whole days only (buckets are days, weeks or months), written as UTC dates.
        incrs: [1, 2, 7, 14, 30, 91, 182, 365, 730].map((d) => d * 86400),
        values: (u, splits) => splits.map((x) => new Date(x * 1000).toISOString().slice(0, 10)),
        space: 70,
      },
      { scale: 'n', label: 'events', size: 50 },
      { scale: 'g', side: 1, label: 'Goldstein', grid: { show: false }, size: 50 },
    ],
    legend: { live: true },
    cursor: { drag: { x: true, y: false } },
  }, data, el);
}

function shiftDate(iso, bucket, k) {
  const d = new Date(iso + 'T00:00:00Z');
  if (bucket === 'month') d.setUTCMonth(d.getUTCMonth() + k);
  else d.setUTCDate(d.getUTCDate() + k * (bucket === 'week' ? 7 : 1));
  return d.toISOString().slice(0, 10);
}

/** `t` with `k` empty buckets before and after. */
function padTimeline(t, k) {
  const before = []; const after = [];
  for (let i = k; i >= 1; i--) before.push(shiftDate(t.dates[0], t.bucket, -i));
  for (let i = 1; i <= k; i++) after.push(shiftDate(t.dates[t.dates.length - 1], t.bucket, i));
  const pad = (arr, fill) => [...Array(k).fill(fill), ...arr, ...Array(k).fill(fill)];
  return {
    ...t,
    dates: [...before, ...t.dates, ...after],
    series: t.series.map((s) => ({ ...s, events: pad(s.events, 0), mentions: pad(s.mentions, 0), goldstein: pad(s.goldstein, 0), goldstein_mean: pad(s.goldstein_mean, null) })),
  };
}

function fallbackTimeline(el, t, xs) {
  const W = Math.max(300, el.clientWidth || 800); const H = 240; const pad = 36;
  const svg = svgEl('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', height: H, class: 'fallback' }, el);
  const total = xs.map((_, i) => t.series.reduce((n, s) => n + s.events[i], 0));
  const max = Math.max(1, ...total);
  const x = (i) => pad + (xs.length === 1 ? (W - 2 * pad) / 2 : (i * (W - 2 * pad)) / (xs.length - 1));
  const yN = (v) => H - pad - (v / max) * (H - 2 * pad);
  const yG = (g) => H / 2 - (g / 10) * (H / 2 - pad);
  svgEl('line', { x1: pad, x2: W - pad, y1: H - pad, y2: H - pad, stroke: '#999' }, svg);
  const bw = Math.max(1, (W - 2 * pad) / xs.length * 0.8);
  total.forEach((v, i) => {
    if (v) svgEl('rect', { x: x(i) - bw / 2, y: yN(v), width: bw, height: H - pad - yN(v), fill: 'rgba(36,89,201,0.5)' }, svg);
  });
  const pts = [];
  xs.forEach((_, i) => {
    let n = 0; let g = 0;
    for (const s of t.series) { n += s.events[i]; g += s.goldstein[i]; }
    if (n) pts.push(`${x(i)},${yG(g / n)}`);
  });
  if (pts.length) svgEl('polyline', { points: pts.join(' '), fill: 'none', stroke: '#c62828', 'stroke-width': 1.5 }, svg);
  const label = (text, lx, ly, anchor = 'start') => {
    const tx = svgEl('text', { x: lx, y: ly, 'font-size': 11, fill: '#555', 'text-anchor': anchor }, svg);
    tx.textContent = text;
  };
  label(t.dates[0], pad, H - 12);
  label(t.dates[t.dates.length - 1], W - pad, H - 12, 'end');
  label(`max ${max} events / ${t.bucket}`, pad, 14);
  label('red: mean Goldstein (−10…+10)', W - pad, 14, 'end');
}

// ---------------------------------------------------------------- network

let cy = null;

/**
 * Draws a /api/network answer. `onNode(id)` and `onEdge(source, target)` are called on clicks.
 */
export function renderNetwork(el, net, onNode, onEdge) {
  if (cy) { cy.destroy(); cy = null; }
  el.replaceChildren();
  if (!net.nodes.length) { empty(el, 'No actor pairs for these filters.'); return; }
  const maxN = Math.max(...net.nodes.map((n) => n.events));
  const maxE = Math.max(...net.edges.map((e) => e.events), 1);
  const size = (n) => 14 + 30 * Math.sqrt(n.events / maxN);
  if (typeof window.cytoscape !== 'function') { fallbackNetwork(el, net, size, maxE, onNode, onEdge); return; }
  const elements = [];
  for (const n of net.nodes) {
    elements.push({ data: { id: n.id, label: n.id, size: size(n), colour: goldsteinColour(n.goldstein / n.events), weight: n.events } });
  }
  net.edges.forEach((e, i) => {
    elements.push({ data: {
      id: `e${i}`, source: e.source, target: e.target, events: e.events,
      width: 1 + 7 * Math.sqrt(e.events / maxE), colour: goldsteinColour(e.goldstein_mean),
    } });
  });
  cy = window.cytoscape({
    container: el,
    maxZoom: 1.1,
    elements,
    style: [
      { selector: 'node', style: {
        'background-color': 'data(colour)', label: 'data(label)', width: 'data(size)', height: 'data(size)',
        'font-size': 10, 'text-valign': 'center', 'text-halign': 'center', color: '#111',
        'text-outline-color': '#fff', 'text-outline-width': 2, 'border-width': 1, 'border-color': '#fff',
      } },
      { selector: 'edge', style: {
        width: 'data(width)', 'line-color': 'data(colour)', 'target-arrow-color': 'data(colour)',
        'target-arrow-shape': 'triangle', 'curve-style': 'bezier', opacity: 0.75, 'arrow-scale': 0.8,
      } },
      { selector: ':selected', style: { 'border-color': '#2459c9', 'border-width': 3 } },
    ],
    layout: { name: 'preset' },
  });
  // Deterministic: start from a circle (heaviest first), then let the force layout settle.
  const R = 150;
  cy.nodes().forEach((n, i) => {
    const a = (2 * Math.PI * i) / cy.nodes().length;
    n.position({ x: R * Math.cos(a), y: R * Math.sin(a) });
  });
  cy.layout({
    name: 'cose', randomize: false, animate: false, fit: true, padding: 20,
    nodeRepulsion: () => 12000, idealEdgeLength: () => 60, numIter: 1500,
  }).run();
  cy.on('tap', 'node', (ev) => onNode(ev.target.id()));
  cy.on('tap', 'edge', (ev) => onEdge(ev.target.data('source'), ev.target.data('target')));
}

function fallbackNetwork(el, net, size, maxE, onNode, onEdge) {
  const W = Math.max(300, el.clientWidth || 500); const H = 380;
  const svg = svgEl('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', height: H, class: 'fallback' }, el);
  const pos = new Map();
  const r = Math.min(W, H) / 2 - 40;
  net.nodes.forEach((n, i) => {
    const a = (2 * Math.PI * i) / net.nodes.length - Math.PI / 2;
    pos.set(n.id, [W / 2 + (i === 0 && net.nodes.length > 4 ? 0 : r * Math.cos(a)), H / 2 + (i === 0 && net.nodes.length > 4 ? 0 : r * Math.sin(a))]);
  });
  for (const e of net.edges) {
    const [x1, y1] = pos.get(e.source); const [x2, y2] = pos.get(e.target);
    const line = svgEl('line', { x1, y1, x2, y2, stroke: goldsteinColour(e.goldstein_mean), 'stroke-width': 1 + 6 * Math.sqrt(e.events / maxE), opacity: 0.6 }, svg);
    line.addEventListener('click', () => onEdge(e.source, e.target));
    svgEl('title', {}, line).textContent = `${e.source} → ${e.target}: ${e.events} events`;
  }
  for (const n of net.nodes) {
    const [cx, cy2] = pos.get(n.id);
    const c = svgEl('circle', { cx, cy: cy2, r: size(n) / 2, fill: goldsteinColour(n.goldstein / n.events), stroke: '#fff', class: 'node' }, svg);
    c.addEventListener('click', () => onNode(n.id));
    const t = svgEl('text', { x: cx, y: cy2 + 3, 'font-size': 10, 'text-anchor': 'middle' }, svg);
    t.textContent = n.id;
  }
}

// ---------------------------------------------------------------- map

let world = undefined; // undefined: not loaded yet; null: not available

async function loadWorld() {
  if (world !== undefined) return world;
  world = null;
  if (!window.topojson || typeof window.topojson.feature !== 'function') return world;
  try {
    const r = await fetch('/assets/vendor/countries-110m.json');
    const topo = await r.json();
    if (topo && topo.objects && topo.objects.countries) world = window.topojson.feature(topo, topo.objects.countries);
  } catch (e) {
    world = null;
  }
  return world;
}

/** Equirectangular: x = lon + 180, y = 90 − lat, in a 360 × 180 box. */
function ringPath(ring) {
  let d = '';
  let prev = null;
  for (const [lon, lat] of ring) {
    // A jump across the antimeridian starts a new piece instead of a stroke across the map.
    const jump = prev !== null && Math.abs(lon - prev) > 180;
    d += `${d === '' || jump ? 'M' : 'L'}${(lon + 180).toFixed(2)},${(90 - lat).toFixed(2)}`;
    prev = lon;
  }
  return d + 'Z';
}

function featurePath(geom) {
  if (!geom) return '';
  const polys = geom.type === 'Polygon' ? [geom.coordinates] : geom.type === 'MultiPolygon' ? geom.coordinates : [];
  return polys.map((p) => p.map(ringPath).join('')).join('');
}

/** Draws /api/map points on world outlines; `onPoint(point)` is called on a click. */
export async function renderMap(el, points, onPoint) {
  const w = await loadWorld();
  el.replaceChildren();
  const svg = svgEl('svg', { viewBox: '0 0 360 180', preserveAspectRatio: 'xMidYMid meet', 'data-outlines': w ? 'world-atlas' : 'none' }, el);
  const g = svgEl('g', {}, svg);
  for (let lon = -180; lon <= 180; lon += 30) svgEl('line', { x1: lon + 180, x2: lon + 180, y1: 0, y2: 180, class: 'graticule' }, g);
  for (let lat = -60; lat <= 60; lat += 30) svgEl('line', { x1: 0, x2: 360, y1: 90 - lat, y2: 90 - lat, class: 'graticule' }, g);
  if (w) {
    const land = svgEl('path', { class: 'land', d: w.features.map((f) => featurePath(f.geometry)).join('') }, g);
    land.setAttribute('fill-rule', 'evenodd');
  }
  const max = Math.max(1, ...points.map((p) => p.events));
  // Biggest first so that small places stay clickable on top.
  const sorted = [...points].sort((a, b) => b.events - a.events);
  for (const p of sorted) {
    const r = 1.2 + 5 * Math.sqrt(p.events / max);
    const c = svgEl('circle', { cx: p.lon + 180, cy: 90 - p.lat, r, class: 'pt', fill: goldsteinColour(p.goldstein_mean), 'data-name': p.name }, g);
    svgEl('title', {}, c).textContent = `${p.name} (${p.country || '—'}): ${p.events} events, mean Goldstein ${p.goldstein_mean.toFixed(1)}`;
    c.addEventListener('click', () => onPoint(p));
  }
  for (const p of sorted.slice(0, 8)) {
    const t = svgEl('text', { x: p.lon + 180 + 1.5, y: 90 - p.lat - 1.5, class: 'pt-label' }, g);
    t.textContent = p.name;
  }
  enableZoom(svg);
}

/** Wheel zoom around the pointer and drag to pan, by changing the viewBox. */
function enableZoom(svg) {
  let vb = [0, 0, 360, 180];
  const set = () => svg.setAttribute('viewBox', vb.map((v) => v.toFixed(3)).join(' '));
  const toBox = (ev) => {
    const r = svg.getBoundingClientRect();
    const s = Math.max(vb[2] / r.width, vb[3] / r.height);
    const ox = (r.width - vb[2] / s) / 2; const oy = (r.height - vb[3] / s) / 2;
    return [vb[0] + (ev.clientX - r.left - ox) * s, vb[1] + (ev.clientY - r.top - oy) * s, s];
  };
  svg.addEventListener('wheel', (ev) => {
    ev.preventDefault();
    const [mx, my] = toBox(ev);
    const k = ev.deltaY < 0 ? 0.8 : 1.25;
    const w = Math.min(360, Math.max(10, vb[2] * k)); const h = w / 2;
    vb = [mx - (mx - vb[0]) * (w / vb[2]), my - (my - vb[1]) * (h / vb[3]), w, h];
    set();
  }, { passive: false });
  let drag = null;
  svg.addEventListener('pointerdown', (ev) => { if (ev.target.tagName !== 'circle') drag = toBox(ev); });
  svg.addEventListener('pointermove', (ev) => {
    if (!drag) return;
    const [mx, my] = toBox(ev);
    vb = [vb[0] - (mx - drag[0]), vb[1] - (my - drag[1]), vb[2], vb[3]];
    set();
  });
  window.addEventListener('pointerup', () => { drag = null; });
}
