// @ts-check
// browser.mjs: what the browser tests share (not a test file itself): Debian's headless
// Chromium through playwright-core, a page opened with watchers for foreign requests and
// console errors, dropping files, reading canvases, and the native tool for comparisons.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT } from '../../scripts/serve.mjs';

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('playwright-core').Browser} Browser */
/** @typedef {import('playwright-core').BrowserContext} BrowserContext */
/** @typedef {{name: string, type: string, bytes: Uint8Array}} DropFile */
/** @typedef {{foreign: string[], errors: string[]}} Watch */

export const OUT = join(ROOT, 'test-output', 'e2e');
mkdirSync(OUT, { recursive: true });
export const NATIVE = join(ROOT, 'build/native/polarcad');
export const MAKE_TEST_MODEL = join(ROOT, 'build/native/tests/c/make_test_model');

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

// Files a host may lack (a site without model/model.pcm, as most tests serve it): the browser logs their 404 as a console
// error, which is the page working as meant, not a fault.
const OPTIONAL_FILES = /\/model\/(model\.pcm|README\.md)$/;

/** A fresh context and page with watchers for foreign requests and console errors.
 *  serviceWorkers 'block' (the default here) keeps every request visible to the route
 *  that counts foreign ones (Playwright's routes do not see a service worker's fetches);
 *  the offline tests allow it.
 *  @param {Browser} browser @param {string} url
 *  @param {{width?: number, height?: number, serviceWorkers?: 'allow' | 'block', wait?: boolean}} [options] */
export async function openPage(browser, url, { width = 1200, height = 900, serviceWorkers = 'block', wait = true } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, serviceWorkers, acceptDownloads: true });
  const page = await context.newPage();
  const origin = new URL(url).origin;
  // foreign: every request to another origin that got past the page's policy to the
  // network layer; the route sees it, counts it and aborts it. A request the policy
  // blocks never reaches the route (Chromium only logs a console error), so the policy
  // is checked on its own (page.test.mjs).
  /** @type {Watch} */
  const watch = { foreign: [], errors: [] };
  /** @param {string} u */
  const isForeign = (u) => !u.startsWith('blob:') && !u.startsWith('data:') && new URL(u).origin !== origin;
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (isForeign(u)) { watch.foreign.push(u); return route.abort(); }
    return route.continue();
  });
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (/status of 404/.test(m.text()) && OPTIONAL_FILES.test(m.location().url)) return;
    watch.errors.push(m.text());
  });
  page.on('pageerror', (e) => watch.errors.push(e.message));
  await page.goto(url);
  if (wait) await waitReady(page);
  return { page, context, watch };
}

/** Until the page has its wasm core and has loaded (or not found) its model. @param {Page} page */
export async function waitReady(page) {
  await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 60000 });
}

/** How most tests end: nothing went to another origin, the console shows no error.
 *  @param {BrowserContext} context @param {Watch} watch */
export async function finish(context, watch) {
  assert.deepEqual(watch.foreign, []);
  assert.deepEqual(watch.errors, []);
  await context.close();
}

/** @param {Page} page @param {DropFile[]} files */
export async function dropFiles(page, files) {
  const payload = files.map((f) => ({ name: f.name, type: f.type, bytes: Array.from(f.bytes) }));
  const dataTransfer = await page.evaluateHandle((items) => {
    const dt = new DataTransfer();
    for (const f of items) dt.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
    return dt;
  }, payload);
  await page.dispatchEvent('#drop', 'drop', { dataTransfer });
}

/** A pixel of a canvas on the page, [r, g, b, a].
 *  @param {Page} page @param {number} x @param {number} y @param {string} [selector] @returns {Promise<number[]>} */
export async function canvasPixel(page, x, y, selector = '#montage') {
  return page.evaluate(([px, py, sel]) => {
    const canvas = /** @type {HTMLCanvasElement} */ (document.querySelector(String(sel)));
    return [.../** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d')).getImageData(Number(px), Number(py), 1, 1).data];
  }, [x, y, selector]);
}

/** An element's text ('' when it has none). @param {Page} page @param {string} selector */
export async function text(page, selector) {
  return (await page.textContent(selector)) ?? '';
}

/** A model made by the C tests' make_test_model (random initialisation, NOT trained: a test
 *  model, so the page's numbers can be compared with the native tool's, nothing more).
 *  @param {string} [dataset] @returns {string} its path */
export function makeTestModel(dataset = 'acnac') {
  const dir = mkdtempSync(join(tmpdir(), 'pc-e2e-model-'));
  const path = join(dir, 'test-model-random-init.pcm');
  const [h, w] = dataset === 'acnac' ? [300, 300] : [150, 300];
  execFileSync(MAKE_TEST_MODEL, [path, dataset, String(h), String(w), '0.125', '3',
    '{"trained_on": "random weights (a test model, untrained)"}']);
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return path;
}

/** The native tool's JSON for one command. @param {string[]} args @returns {any} */
export function nativeJson(args) {
  return JSON.parse(execFileSync(NATIVE, [...args, '--json'], { encoding: 'utf8', cwd: ROOT }));
}

/** The four files of a bundled sample, as a user would drop them.
 *  @param {string} slug @param {string} [ext] @returns {{files: DropFile[], paths: string[]}} */
export function sampleStudy(slug, ext = 'png') {
  const maps = ['stress_nac', 'rest_nac', 'stress_ac', 'rest_ac'];
  const paths = maps.map((m) => join('web/samples', slug, `${m}.${ext}`));
  return { paths, files: paths.map((p, i) => ({ name: `${slug}_${maps[i]}.${ext}`, type: ext === 'png' ? 'image/png' : 'image/jpeg',
    bytes: new Uint8Array(readFileSync(join(ROOT, p))) })) };
}
