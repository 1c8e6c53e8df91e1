// End-to-end test of `dyad serve` in headless Chromium (playwright-core, the system's
// /usr/bin/chromium; no browser download). Builds a database from the repository's example
// pages (plus the shared seed page when ../shared is there), serves it on loopback, and checks
// that the page loads, filters, and opens an article with its highlights. Screenshots go to
// the artifacts folder.
//
//   node web/test/e2e.mjs --bin target/release/dyad --artifacts target/browser-artifacts
//
// Exit status 0 when every check passes.

import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : def;
};
const bin = path.resolve(opt('--bin', path.join(repo, 'target/release/dyad')));
const artifacts = path.resolve(opt('--artifacts', path.join(repo, 'target/browser-artifacts')));
const chromiumPath = opt('--chromium', process.env.CHROMIUM || '/usr/bin/chromium');
const TOKEN = 'e2e-token-' + Math.random().toString(36).slice(2);

fs.mkdirSync(artifacts, { recursive: true });
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dyad-e2e-'));
const db = path.join(work, 'events.db');

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
}

// ---------------------------------------------------------------- database

const pages = [path.join(repo, 'examples')];
for (const f of fs.readdirSync(path.join(repo, 'testdata/ingest')).sort()) {
  if (f.endsWith('.txt') || f.endsWith('.html')) pages.push(path.join(repo, 'testdata/ingest', f));
}
execFileSync(bin, ['ingest', ...pages, '--db', db], { stdio: ['ignore', 'inherit', 'inherit'] });
const seed = path.join(repo, '../shared/seed/000_200eeabb980a0bd8.txt');
const haveSeed = fs.existsSync(seed);
if (haveSeed) execFileSync(bin, ['ingest', seed, '--date', '2023-09-05', '--db', db], { stdio: ['ignore', 'inherit', 'inherit'] });
console.log(`database ${db} (seed page ${haveSeed ? 'included' : 'not available'})`);

// ---------------------------------------------------------------- server

const server = spawn(bin, ['serve', '--db', db, '--bind', '127.0.0.1:0', '--token', TOKEN, '--refresh', '0.2'], { stdio: ['ignore', 'inherit', 'pipe'] });
let serverLog = '';
const base = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('the server did not start: ' + serverLog)), 30000);
  server.stderr.on('data', (d) => {
    serverLog += d;
    process.stderr.write(d);
    const m = /on (http:\/\/127\.0\.0\.1:\d+)\//.exec(serverLog);
    if (m) { clearTimeout(timer); resolve(m[1]); }
  });
  server.on('exit', (code) => reject(new Error(`the server exited (${code}): ${serverLog}`)));
});
console.log(`server at ${base}`);

async function json(p, init) {
  const r = await fetch(base + p, init);
  return { status: r.status, body: await r.json().catch(() => null) };
}

// ---------------------------------------------------------------- browser

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dyad-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath,
  headless: true,
  viewport: { width: 1400, height: 1000 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const page = context.pages()[0] || (await context.newPage());
const pageErrors = [];
const badResponses = [];
page.on('pageerror', (e) => pageErrors.push(e.message));
page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
page.on('response', (r) => { if (r.status() >= 400) badResponses.push(`${r.status()} ${r.url()}`); });
page.on('request', (r) => { if (!r.url().startsWith(base) && !r.url().startsWith('data:')) badResponses.push(`outside request ${r.url()}`); });

const ready = () => page.waitForSelector('body[data-ready=true]', { timeout: 20000 });
const shot = async (name) => {
  const file = path.join(artifacts, name);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`screenshot ${file}`);
};

try {
  const info = (await json('/api/info')).body;
  check(info.events >= 8, `the API serves ${info.events} events`);
  check(info.vendored.uplot && info.vendored.cytoscape && info.vendored.world, 'uPlot, Cytoscape and the world outlines are vendored');

  // 1. The page loads and draws every panel.
  await page.goto(base + '/');
  await ready();
  await page.waitForTimeout(300);
  const summary = await page.textContent('#summary');
  check(summary.includes(`${info.events} events`), `summary "${summary}"`);
  check(await page.locator('#timeline .uplot canvas').count() > 0, 'the time line is drawn by uPlot');
  check(await page.locator('#network canvas').count() > 0, 'the network is drawn by Cytoscape');
  check(await page.locator('#map svg[data-outlines=world-atlas] path.land').count() === 1, 'the map has world outlines');
  const points = await page.locator('#map circle.pt').count();
  check(points >= 3, `${points} places on the map`);
  const rows = await page.locator('#events tbody tr').count();
  check(rows === Math.min(25, info.events), `${rows} rows in the event table`);
  await shot('overview.png');

  // 2. Filter on an actor: every row involves it; the map keeps Asmara.
  await page.fill('#filters input[name=actor]', 'ERI');
  await page.click('#filters button[type=submit]');
  await ready();
  await page.waitForTimeout(200);
  const cells = await page.$$eval('#events tbody tr', (trs) => trs.map((tr) => [tr.children[1].textContent, tr.children[2].textContent]));
  check(cells.length >= 3 && cells.every(([s, t]) => s.startsWith('ERI') || t.startsWith('ERI')), `actor=ERI: ${cells.length} rows, all with ERI`);
  check(await page.locator('#map circle.pt[data-name=Asmara]').count() === 1, 'Asmara on the map under actor=ERI');
  check((await page.evaluate(() => location.hash)).includes('actor=ERI'), 'the filter is in the URL');
  await shot('filtered.png');

  // 3. The time line of a dyad.
  await page.fill('#dyad-form input[name=source]', 'ETHGOV');
  await page.fill('#dyad-form input[name=target]', 'ERIGOV');
  await page.click('#dyad-form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#timeline-caption').textContent.startsWith('ETHGOV → ERIGOV'));
  const caption = await page.textContent('#timeline-caption');
  check(caption.startsWith('ETHGOV → ERIGOV: 1 events per day'), `dyad caption "${caption}"`);

  // 4. Open the meeting's article: the spans are highlighted.
  await page.click('#events tbody tr:has(td:nth-child(4):text-is("040"))');
  await page.waitForSelector('#article-panel:not([hidden]) #article-text .hl-trigger');
  const texts = async (kind) => page.$$eval(`#article-text .hl-${kind}`, (els) => els.map((e) => e.textContent));
  const joined = async (kind) => (await texts(kind)).join('|');
  check((await joined('source')).includes('Ethiopian Prime Minister Abiy Ahmed'), `source span: ${await joined('source')}`);
  check((await joined('target')).includes('Eritrean President Isaias Afwerki'), `target span: ${await joined('target')}`);
  check(await joined('trigger') === 'met with', `trigger span: ${await joined('trigger')}`);
  check(await joined('time') === 'Monday', `time span: ${await joined('time')}`);
  check(await joined('place') === 'Asmara', `place span: ${await joined('place')}`);
  check((await joined('attribution')).includes("Ethiopia's foreign ministry"), `attribution span: ${await joined('attribution')}`);
  check((await joined('quote')).includes('We will not allow this border'), 'the quote is highlighted');
  const card = await page.textContent('#article-events li.focused');
  check(card.includes('verbs/04_consult.txt:040:meet with'), 'the focused event names its verb pattern');
  check(card.includes('people.txt:Abiy Ahmed'), 'and the dictionary entry of its source');
  check((await page.textContent('#article-quotes')).includes('Abiy Ahmed (ETHGOV)'), 'the quote has its speaker');
  await shot('article.png');
  await page.locator('#article-panel').screenshot({ path: path.join(artifacts, 'article-panel.png') });

  // All events of the article at once; a denied event shows its modality.
  await page.click('#show-all-events');
  const triggers = await texts('trigger');
  check(triggers.length >= 4, `${triggers.length} triggers with all events shown`);
  check((await page.textContent('#article-events')).includes('denied'), 'the denied attack shows its modality');

  // 5. Full-text filter, and the URL restores the view.
  await page.fill('#filters input[name=actor]', '');
  await page.fill('#filters input[name=text]', 'Badme');
  await page.click('#filters button[type=submit]');
  await ready();
  const titles = await page.$$eval('#events tbody tr td.title', (tds) => tds.map((t) => t.textContent));
  check(titles.length >= 3 && titles.every((t) => t.includes('Ethiopia and Eritrea')), `text=Badme: ${titles.length} rows from the example page`);
  await page.reload();
  await ready();
  check(await page.inputValue('#filters input[name=text]') === 'Badme', 'a reload keeps the filters');
  check(await page.locator('#article-panel:not([hidden])').count() === 1, 'and the open article');

  // 6. Ingest through the API (token), then the page shows the new article.
  const doc = { id: 'e2e-api-page', url: 'https://e2e.example/ceasefire', page: fs.readFileSync(path.join(repo, 'examples/ceasefire-talks.txt'), 'utf8') };
  const denied = await json('/api/ingest', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(doc) });
  check(denied.status === 401, `ingest without the token: ${denied.status}`);
  const ok = await json('/api/ingest', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(doc) });
  check(ok.status === 200 && ok.body.added === 1 && ok.body.new_events === 0, `ingest with the token (the same page on another site: no new event): ${ok.status} ${JSON.stringify(ok.body)}`);
  let after = info;
  for (let i = 0; i < 100 && after.articles === info.articles; i++) {
    await new Promise((r) => setTimeout(r, 100));
    after = (await json('/api/info')).body;
  }
  check(after.articles === info.articles + 1, `articles ${info.articles} → ${after.articles} after ingest`);
  await page.goto(base + '/#actor=ETHGOV');
  await ready();
  const mentions = await page.$$eval('#events tbody tr', (trs) => trs.map((tr) => tr.children[6].textContent));
  check(mentions.length > 0 && mentions.every((m) => m === '2'), `every ETHGOV event now has 2 mentions (${mentions.join(',')})`);

  check(pageErrors.length === 0, `no errors in the page${pageErrors.length ? ': ' + pageErrors.join('; ') : ''}`);
  check(badResponses.length === 0, `no failed or outside requests${badResponses.length ? ': ' + badResponses.join('; ') : ''}`);
} catch (e) {
  failures++;
  console.log('FAIL', e.stack || e);
  await shot('failure.png').catch(() => {});
} finally {
  await context.close();
  server.kill('SIGTERM');
  fs.rmSync(work, { recursive: true, force: true });
  fs.rmSync(profile, { recursive: true, force: true });
}

console.log(failures ? `${failures} check(s) failed` : 'all browser checks passed');
process.exit(failures ? 1 : 0);
