// The article view: the clean text with the spans of its events highlighted (source, target,
// trigger, time, place, attribution) and its quotes, plus a card per event naming the rule
// and dictionary entries behind each code. Offsets from the API count code points.

const QUAD = { 1: 'verbal cooperation', 2: 'material cooperation', 3: 'verbal conflict', 4: 'material conflict' };

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null) continue;
    if (k === 'class') e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : String(c));
  }
  return e;
}

/** The spans to highlight for the given events (all of them when `focus` is null). */
export function spansOf(article, focus) {
  const spans = [];
  const add = (start, end, kind, note) => {
    if (Number.isInteger(start) && Number.isInteger(end) && end > start) spans.push({ start, end, kind, note });
  };
  for (const m of article.mentions) {
    if (focus !== null && m.id !== focus) continue;
    const code = `${m.code}${m.links.code_name ? ' ' + m.links.code_name : ''}`;
    add(m.source.start, m.source.end, 'source', `source ${m.source.code}${m.links.source_rule ? ' — ' + m.links.source_rule : ''}`);
    add(m.target.start, m.target.end, 'target', `target ${m.target.code}${m.links.target_rule ? ' — ' + m.links.target_rule : ''}`);
    add(m.trigger[0], m.trigger[1], 'trigger', `trigger of ${code} — ${m.rule}`);
    if (m.links.time) add(m.links.time.start, m.links.time.end, 'time', `time ${m.links.time.value}`);
    if (m.links.place) add(m.links.place.start, m.links.place.end, 'place', `place ${m.links.place.name}`);
    if (m.links.attribution) add(m.links.attribution.start, m.links.attribution.end, 'attribution', `according to ${m.attribution_name || m.attribution_code}`);
  }
  for (const q of article.quotes) add(q.start, q.end, 'quote', `quote of ${q.speaker_name || 'unknown speaker'}${q.speaker_code ? ' (' + q.speaker_code + ')' : ''}`);
  return spans;
}

/**
 * Splits the text at every span boundary; each piece carries the kinds of the spans that
 * cover it (spans may nest or overlap: a quote holds actors, a source holds a place).
 */
export function segments(text, spans) {
  const chars = Array.from(text); // code points, as the API counts
  const cuts = new Set([0, chars.length]);
  for (const s of spans) {
    cuts.add(Math.max(0, Math.min(chars.length, s.start)));
    cuts.add(Math.max(0, Math.min(chars.length, s.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const cover = spans.filter((s) => s.start <= a && s.end >= b);
    out.push({ text: chars.slice(a, b).join(''), start: a, kinds: [...new Set(cover.map((s) => s.kind))], notes: cover.map((s) => s.note) });
  }
  return out;
}

function renderText(box, article, focus) {
  box.replaceChildren();
  for (const seg of segments(article.text, spansOf(article, focus))) {
    if (!seg.kinds.length) { box.append(seg.text); continue; }
    box.append(el('span', {
      class: 'hl ' + seg.kinds.map((k) => 'hl-' + k).join(' '),
      title: seg.notes.join('\n'),
      'data-kinds': seg.kinds.join(' '),
      'data-start': seg.start,
    }, seg.text));
  }
}

function slice(text, a, b) {
  return Array.from(text).slice(a, b).join('');
}

function row(key, ...value) {
  return el('div', { class: 'row' }, el('span', { class: 'k' }, key), ...value);
}

function eventCard(article, m, focused) {
  const L = m.links;
  const actor = (side, rule) => {
    if (!side.code && side.start == null) return '—';
    const text = side.start != null ? slice(article.text, side.start, side.end) : (side.name || '');
    return el('span', {}, el('b', {}, side.code || '?'), ` “${text}”`, rule ? el('div', { class: 'rule' }, rule) : null);
  };
  const li = el('li', { 'data-mention': m.id, 'data-event': m.event_id, class: focused ? 'focused' : null },
    el('div', {},
      el('b', { class: `q${m.quad_class}` }, m.code), ' ', L.code_name || '',
      ' ', el('span', { class: 'badge' }, `Q${m.quad_class} ${QUAD[m.quad_class] || ''}`),
      ' ', el('span', { class: 'badge' }, `Goldstein ${m.goldstein > 0 ? '+' : ''}${m.goldstein}`),
      ' ', el('span', { class: m.modality === 'asserted' ? 'badge' : 'badge neg', 'data-testid': 'modality' }, m.modality),
      m.negated && m.modality !== 'negated' ? el('span', { class: 'badge neg' }, 'negated') : null),
    row('source', actor(m.source, L.source_rule)),
    row('target', actor(m.target, L.target_rule)),
    row('trigger', `“${m.trigger_text || slice(article.text, m.trigger[0], m.trigger[1])}”`, el('div', { class: 'rule', 'data-testid': 'rule' }, m.rule)),
    (m.attribution_name || m.attribution_code)
      ? row('according to', `${m.attribution_name || ''} ${m.attribution_code ? '(' + m.attribution_code + ')' : ''}`, L.attribution ? el('div', { class: 'rule' }, L.attribution.rule) : null)
      : null,
    row('date', m.date_value || m.day || '—', L.time ? ` (“${L.time.text}”)` : ''),
    row('place', m.place_name ? `${m.place_name}${m.place_country ? ', ' + m.place_country : ''}` : '—'),
  );
  return li;
}

/**
 * Shows `article` (an /api/articles/{id} answer) in the panel; `focus` is a mention id or
 * null for all events. Returns a function that changes the focus.
 */
export function renderArticle(panel, article, focus) {
  panel.hidden = false;
  panel.querySelector('#article-title').textContent = article.title || article.doc_id;
  const meta = [article.published, article.author, article.url || article.doc_id, `${article.mentions.length} events`, `${article.quotes.length} quotes`]
    .filter(Boolean).join(' · ');
  panel.querySelector('#article-meta').textContent = meta;
  const box = panel.querySelector('#article-text');
  const list = panel.querySelector('#article-events');
  const quotes = panel.querySelector('#article-quotes');
  const show = (f) => {
    renderText(box, article, f);
    list.replaceChildren(...article.mentions.map((m) => eventCard(article, m, m.id === f)));
    for (const li of list.children) {
      li.addEventListener('click', () => show(Number(li.dataset.mention) === f ? null : Number(li.dataset.mention)));
    }
  };
  quotes.replaceChildren(...(article.quotes.length ? article.quotes.map((q) => el('li', {},
    `“${q.text}”`, el('div', { class: 'row' }, el('span', { class: 'k' }, 'speaker'),
      q.speaker_name ? `${q.speaker_name}${q.speaker_code ? ' (' + q.speaker_code + ')' : ''}` : 'unknown')))
    : [el('li', { class: 'caption' }, 'No quotes.')]));
  show(focus);
  panel.querySelector('#show-all-events').onclick = () => show(null);
  return show;
}
