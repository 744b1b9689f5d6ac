// @ts-check
// offline.test.mjs: the page's service worker (sw.js) in headless Chromium: after one
// visit the page opens and predicts offline; it lists every file the page loads; and
// nothing about a study is kept: no cookie, no localStorage/sessionStorage entry, no
// IndexedDB database, no cache entry but the site's own files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, ROOT } from '../../scripts/serve.mjs';
import { launch, openPage, finish, dropFiles, text, makeTestModel, sampleStudy, waitReady, OUT } from './browser.mjs';

/** @typedef {import('playwright-core').Page} Page */

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;
before(async () => {
  server = await startServer({ port: 0, files: { 'model/model.pcm': makeTestModel('acnac') } });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** The string literals of one `const NAME = [...]` in sw.js. @param {string} name */
function swList(name) {
  const source = readFileSync(join(ROOT, 'sw.js'), 'utf8');
  const body = source.match(new RegExp(`const ${name} = \\[([^\\]]*)\\]`))?.[1];
  assert.ok(body, `sw.js has no ${name}`);
  return [...body.matchAll(/'([^']*)'/g)].map((m) => m[1]);
}

/** Until the service worker controls the page. @param {Page} page */
async function waitControlled(page) {
  await page.waitForFunction(() => document.body.dataset.offline === 'ready', null, { timeout: 30000 });
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30000 });
}

/** Until a complete result with a prediction. @param {Page} page */
async function waitResult(page) {
  await page.waitForSelector('#result[data-done="1"][data-prediction="1"][data-scores="1"]', { timeout: 60000 });
}

test('the service worker lists every file the page loads', async () => {
  const { page, context, watch } = await openPage(browser, server.url, { wait: false });
  /** @type {Set<string>} */
  const paths = new Set();
  const origin = new URL(server.url).origin;
  page.on('request', (r) => { const u = new URL(r.url()); if (u.origin === origin) paths.add(u.pathname.slice(1)); });
  await page.reload();
  await waitReady(page);
  await page.click('#sample-list button[data-sample="normal"]');
  await waitResult(page);
  const listed = new Set([...swList('SITE_FILES'), ...swList('OPTIONAL')].map((p) => (p === './' ? '' : p)));
  for (const path of paths) {
    if (path.startsWith('web/samples/') || path === 'sw.js') continue;   // samples: cached as they are opened
    assert.ok(listed.has(path), `sw.js does not precache '${path}', which the page loads`);
  }
  await finish(context, watch);
});

test('after one visit the page opens and predicts offline, and keeps nothing of the study', async () => {
  const { page, context, watch } = await openPage(browser, server.url, { serviceWorkers: 'allow' });
  await waitControlled(page);
  // A study whose file names a person (as exports often do): none of it may be kept.
  const { files } = sampleStudy('lad-ischaemia');
  const named = files.map((f) => ({ ...f, name: f.name.replace('lad-ischaemia', 'DOE-JANE-1970') }));
  await dropFiles(page, named);
  await waitResult(page);
  await page.click('#sample-list button[data-sample="normal"]');   // a sample, online: cached as a site file
  await page.waitForFunction(() => (document.querySelector('.slot[data-slot="rest_ac"] img')?.getAttribute('alt') || '').includes('normal_'));
  await waitResult(page);

  const kept = await page.evaluate(async () => {
    /** @type {string[]} */
    const cached = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const req of await cache.keys()) cached.push(req.url);
    }
    const dbs = indexedDB.databases ? await indexedDB.databases() : [];
    return { cached, local: localStorage.length, session: sessionStorage.length, cookie: document.cookie, dbs: dbs.map((d) => d.name) };
  });
  assert.equal(kept.local, 0, 'localStorage');
  assert.equal(kept.session, 0, 'sessionStorage');
  assert.equal(kept.cookie, '', 'cookies');
  assert.deepEqual(kept.dbs, [], 'IndexedDB');
  const origin = new URL(server.url).origin;
  assert.ok(kept.cached.length > 10, `the site's files are cached (${kept.cached.length})`);
  for (const url of kept.cached) {
    const u = new URL(url);
    assert.equal(u.origin, origin, url);
    assert.match(u.pathname, /^\/(index\.html|web\/.+|model\/.+)?$/, `only the site's files: ${url}`);
    assert.ok(!/DOE-JANE/i.test(decodeURIComponent(url)), `a cache entry names the study: ${url}`);
  }

  // Offline: the page, its wasm core, the model and the sample all come from the cache.
  await context.setOffline(true);
  await page.reload();
  await waitReady(page);
  assert.equal(await page.evaluate(() => document.body.dataset.model), 'loaded', 'the model loads offline');
  await page.click('#sample-list button[data-sample="normal"]');
  await waitResult(page);
  assert.match(await text(page, '#model-line'), /Model model\/model\.pcm/);
  await dropFiles(page, named);   // and a study dropped offline
  await page.waitForFunction(() => (document.querySelector('.slot[data-slot="rest_ac"] img')?.getAttribute('alt') || '').includes('DOE-JANE'));
  await waitResult(page);
  await page.screenshot({ path: join(OUT, 'offline.png') });
  await context.setOffline(false);
  await finish(context, watch);
});
