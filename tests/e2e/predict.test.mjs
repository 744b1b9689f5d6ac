// @ts-check
// predict.test.mjs: the page that predicts, in headless Chromium, with a test model
// (make_test_model: random weights, not trained) served where the page looks for the
// shipped one (model/model.pcm, a test-only route of scripts/serve.mjs).
//
// Drops four maps and checks that P(CAD), the Grad-CAM heat maps and territory shares,
// and the semi-quantitative scores appear and equal the native tool's for the same files
// and model; a corrupt file, a non-polar-map image and a missing map each give a clear
// message and the page stays usable; a second study replaces the first; the report
// prints on one A4 page and saves as PNG; screenshots at desktop and tablet widths.
// Prints the timings (never asserts one).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { startServer } from '../../scripts/serve.mjs';
import { makePng } from '../js/images.mjs';
import { OUT, launch, openPage, finish, dropFiles, text, makeTestModel, nativeJson, sampleStudy } from './browser.mjs';

/** @typedef {import('playwright-core').Page} Page */

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;
const model = makeTestModel('acnac');
const NORMALS = 'model/normals-low-likelihood.db';

before(async () => {
  server = await startServer({ port: 0, files: { 'model/model.pcm': model } });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const load = () => `load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`;

/** Until the page shows a complete result (maps read, scores, prediction). @param {Page} page */
async function waitResult(page, timeout = 60000) {
  await page.waitForSelector('#result[data-done="1"][data-prediction="1"][data-scores="1"]', { timeout });
}

/** Until the page's error line matches. @param {Page} page @param {RegExp} pattern */
async function waitError(page, pattern) {
  await page.waitForFunction((source) => new RegExp(source).test(document.getElementById('error')?.textContent || ''),
    pattern.source, { timeout: 60000 });
}

/** What the page shows, read from its DOM: P(CAD) (full precision, data-p-cad), the call,
 *  the territory table (rounded %), each bullseye's segment scores and the score table.
 *  @param {Page} page */
async function shown(page) {
  return page.evaluate(() => {
    const result = /** @type {HTMLElement} */ (document.getElementById('result'));
    /** @type {Record<string, number[]>} */
    const segments = {};
    for (const row of document.querySelectorAll('#bullseyes .bullseye-row')) {
      for (const fig of row.querySelectorAll('figure.bullseye')) {
        const key = `${/** @type {HTMLElement} */ (row).dataset.correction}_${/** @type {HTMLElement} */ (fig).dataset.part}`;
        segments[key] = [...fig.querySelectorAll('path[data-segment]')].map((p) => Number(p.getAttribute('data-score')));
      }
    }
    /** @type {Record<string, Record<string, string>>} */
    const table = {};
    for (const tr of document.querySelectorAll('#score-table tbody tr')) {
      const row = /** @type {Record<string, string>} */ ({});
      for (const td of tr.querySelectorAll('td')) row[td.dataset.key || ''] = td.textContent || '';
      table[/** @type {HTMLElement} */ (tr).dataset.correction || ''] = row;
    }
    /** @type {Record<string, string[]>} */
    const territories = {};
    for (const tr of document.querySelectorAll('#territories tbody tr'))
      territories[tr.querySelector('th')?.textContent || ''] = [...tr.querySelectorAll('td')].map((td) => td.textContent || '');
    const overlays = [...document.querySelectorAll('#heatmaps figure.heat')].map((fig) => {
      const c = /** @type {HTMLCanvasElement | null} */ (fig.querySelector('canvas.heat-overlay'));
      if (!c) return { map: /** @type {HTMLElement} */ (fig).dataset.map, width: 0, lit: 0 };
      const data = /** @type {CanvasRenderingContext2D} */ (c.getContext('2d')).getImageData(0, 0, c.width, c.height).data;
      let lit = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) lit++;   // zero heat is fully transparent
      return { map: /** @type {HTMLElement} */ (fig).dataset.map, width: c.width, lit };
    });
    return { pCad: Number(result.dataset.pCad), call: document.getElementById('call')?.textContent || '',
      segments, table, territories, overlays };
  });
}

/** The native tool on the same files: predict --json (P(CAD), Grad-CAM, summed scores)
 *  and score --json (the per-map segment scores). @param {string[]} paths @param {string} sex */
function native(paths, sex) {
  const sexArgs = sex ? ['--sex', sex] : [];
  const predict = nativeJson(['predict', '--model', model, '--study', ...paths, '--normals', NORMALS, ...sexArgs]);
  const score = nativeJson(['score', '--study', ...paths, '--normals', NORMALS, ...sexArgs]);
  return { predict, score };
}

/** The page's result equals the native tool's for the same files.
 *  @param {Awaited<ReturnType<typeof shown>>} page @param {ReturnType<typeof native>} ref */
function assertMatchesNative(page, { predict, score }) {
  assert.ok(Math.abs(page.pCad - predict.p_cad) <= 1e-4, `P(CAD) page ${page.pCad}, native ${predict.p_cad}`);
  assert.equal(page.call, predict.class === 'cad' ? 'call: CAD' : 'call: no CAD');
  const labels = { stress_nac: 'Stress NAC', rest_nac: 'Rest NAC', stress_ac: 'Stress AC', rest_ac: 'Rest AC' };
  /** @param {number} x */
  const pct = (x) => Number((100 * x).toFixed(0));
  for (const [map, label] of Object.entries(labels)) {
    const n = predict.gradcam.maps[map], row = page.territories[label].map((s) => Number(s.replace('%', '')));
    // The table shows whole percent; native prints 4 decimals: within one point.
    const want = [n.share, n.territories.LAD, n.territories.LCx, n.territories.RCA].map(pct);
    for (let i = 0; i < 4; i++) assert.ok(Math.abs(row[i] - want[i]) <= 1, `${map} territory column ${i}: page ${row}, native ${want}`);
  }
  for (const [corr, key] of [['nac', 'semiq_nac'], ['ac', 'semiq_ac']]) {
    const n = predict[key], row = page.table[corr];
    assert.equal(Number(row.sss), n.sss, `${corr} SSS`);
    assert.equal(Number(row.srs), n.srs, `${corr} SRS`);
    assert.equal(Number(row.sds), n.sds, `${corr} SDS`);
    assert.equal(row.tpd, `${n.tpd_stress.toFixed(2)}%`, `${corr} TPD`);
    assert.equal(row.call, n.call_paper ? 'abnormal (CAD)' : 'normal', `${corr} paper call`);
    const stress = score.maps[`stress_${corr}`].scores, rest = score.maps[`rest_${corr}`].scores;
    assert.deepEqual(page.segments[`${corr}_stress`], stress, `${corr} stress segments`);
    assert.deepEqual(page.segments[`${corr}_rest`], rest, `${corr} rest segments`);
    assert.deepEqual(page.segments[`${corr}_difference`], stress.map((/** @type {number} */ s, /** @type {number} */ i) => s - rest[i]),
      `${corr} difference segments`);
  }
  // A heat map over every map, on the tile's grid, lit where the map carries heat.
  assert.equal(page.overlays.length, 4);
  for (const o of page.overlays) {
    assert.equal(o.width, 150, `${o.map} heat grid`);
    const share = predict.gradcam.maps[/** @type {string} */ (o.map)].share;
    if (share > 0.05) assert.ok(o.lit > 0, `${o.map}: ${(100 * share).toFixed(0)}% of the heat but nothing drawn`);
  }
}

test('cold open to the first prediction on a bundled sample (timing printed, not asserted)', async (t) => {
  const t0 = Date.now();
  const { page, context, watch } = await openPage(browser, server.url);
  await page.click('#sample-list button[data-sample="lad-ischaemia"]');
  await waitResult(page);
  const wall = Date.now() - t0;
  const [ready, first] = await page.evaluate(() => [document.body.dataset.readyMs, document.body.dataset.firstResultMs]);
  t.diagnostic(`page open (localhost, cold cache) -> first prediction on the bundled LAD sample: ${wall} ms wall, ` +
    `${first} ms after navigation start (goal < 1500 ms; wasm core and model ready at ${ready} ms); ${load()}`);
  t.diagnostic(`stages in the worker: ${await text(page, '#timings')}`);
  assert.match(await text(page, '#model-line'), /Model model\/model\.pcm: vgg16, acnac 300 × 300, fp32 weights/);
  assert.match(await text(page, '#model-line'), /Trained on: random weights \(a test model, untrained\)\. Its metadata carries no cross-validated figures/);
  assert.match(await text(page, '#prediction'), /Not a diagnostic device/);
  assert.match(await text(page, '#prediction'), /equally common, as in training: not a calibrated probability/);
  assertMatchesNative(await shown(page), native(sampleStudy('lad-ischaemia').paths, 'M'));
  await page.screenshot({ path: join(OUT, 'predict-desktop.png'), fullPage: true });
  await finish(context, watch);
});

test('dropping four maps gives the prediction, heat maps and scores of the native tool', async (t) => {
  const { page, context, watch } = await openPage(browser, server.url);
  for (const [slug, ext] of [['rca-infarct', 'png'], ['lad-ischaemia-capture', 'jpg']]) {
    const { files, paths } = sampleStudy(slug, ext);
    await dropFiles(page, files);
    await page.waitForFunction((name) => (document.querySelector('.slot[data-slot="rest_ac"] img')?.getAttribute('alt') || '').includes(name),
      `${slug}_rest_ac`);
    await waitResult(page);
    // The second study replaces the first: its files leave the page, none waits in the tray.
    assert.equal(await page.isHidden('#tray'), true, `${slug}: files of the previous study left over`);
    assert.equal(await page.locator('.slot[data-slot="stress_nac"] select option').count(), 5, 'empty + the four maps');
    t.diagnostic(`${slug}: drop -> result ${await page.getAttribute('#result', 'data-ms')} ms (${await text(page, '#timings')}); ${load()}`);
    assertMatchesNative(await shown(page), native(paths, ''));
  }
  // The screen captures: each thumbnail outlines the disc found in the window, and the
  // colour table the core detected is named.
  assert.equal(await page.locator('.slot canvas.disc-overlay').count(), 4);
  assert.match(await text(page, '#status'), /colour table cool \(detected\)/);
  for (const slot of ['stress_nac', 'rest_nac', 'stress_ac', 'rest_ac'])
    assert.match(await text(page, `.slot[data-slot="${slot}"] .slot-note`), /^Disc: centre .* Colour table: cool \(detected\)\.$/, slot);
  await page.screenshot({ path: join(OUT, 'predict-captures.png'), fullPage: true });
  await finish(context, watch);
});

test('loading shows its progress, every control has a label, the drop zone opens the picker from the keyboard', async () => {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  // Every text the loading line shows, from the first script on (the page's CSP does not
  // apply to Playwright's init script).
  await page.addInitScript(() => {
    /** @type {string[]} */
    const seen = [];
    Object.assign(window, { loadingTexts: seen });
    new MutationObserver(() => {
      const t = document.getElementById('loading-text')?.textContent;
      if (t && seen[seen.length - 1] !== t) seen.push(t);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await page.goto(server.url);
  await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 60000 });
  const seen = await page.evaluate(() => /** @type {string[]} */ (/** @type {any} */ (window).loadingTexts));
  assert.ok(seen.some((t) => /^Loading the WebAssembly core/.test(t)), seen.join(' | '));
  assert.ok(seen.some((t) => /^Loading the model: [\d.]+ [kM]?B of [\d.]+ [kM]?B/.test(t)), seen.join(' | '));
  assert.equal(await page.isHidden('#loading'), true);
  await page.click('#sample-list button[data-sample="normal"]');
  await waitResult(page);
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('button, input, select, [tabindex]')]
    .filter((el) => !el.closest('[hidden]') && !(/** @type {HTMLElement} */ (el).hidden))
    .filter((el) => {
      const labels = /** @type {HTMLInputElement} */ (el).labels;
      return !(el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || (labels && labels.length) ||
        (el.tagName === 'BUTTON' && el.textContent?.trim()));
    }).map((el) => el.outerHTML.slice(0, 80)));
  assert.deepEqual(unlabelled, []);
  const chooser = page.waitForEvent('filechooser');
  await page.focus('#drop');
  await page.keyboard.press('Enter');
  await chooser;
  await context.close();
});

test('the heat-map opacity control changes every overlay; the model card shows the model\'s metadata', async () => {
  const { page, context, watch } = await openPage(browser, server.url);
  await page.click('#sample-list button[data-sample="normal"]');
  await waitResult(page);
  await page.focus('#opacity');
  await page.keyboard.press('Home');   // keyboard operable: the range goes to 0
  assert.equal(await text(page, '#opacity-value'), '0%');
  const opacities = await page.$$eval('#heatmaps .heat-overlay', (els) => els.map((e) => getComputedStyle(e).opacity));
  assert.deepEqual(opacities, ['0', '0', '0', '0']);
  await page.keyboard.press('End');
  assert.deepEqual(await page.$$eval('#heatmaps .heat-overlay', (els) => els.map((e) => getComputedStyle(e).opacity)), ['1', '1', '1', '1']);
  await page.click('#model-card-open');
  await page.waitForSelector('#model-card[open]');
  const card = await text(page, '#model-card-body');
  assert.match(card, /not a diagnostic device/);
  assert.match(card, /architecture\s*vgg16/);
  assert.match(card, /random weights \(a test model, untrained\)/);
  assert.match(card, /no figures in the metadata/);
  await page.screenshot({ path: join(OUT, 'model-card.png') });
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('#model-card[open]').count(), 0);
  await finish(context, watch);
});

test('bad input: a corrupt file, a non-polar-map image and a missing map each say what is wrong; the page recovers', async () => {
  const { page, context, watch } = await openPage(browser, server.url);
  const good = sampleStudy('normal').files;
  // Corrupt: a truncated PNG.
  await dropFiles(page, [...good.slice(0, 3), { ...good[3], bytes: good[3].bytes.slice(0, 300) }]);
  await waitError(page, /normal_rest_ac\.png: corrupt or truncated PNG/);
  assert.equal(await page.isHidden('#prediction'), true);
  assert.equal(await page.isHidden('#scores'), true);
  // Not a polar map: a gradient picture (the state was an error already: wait for the new message).
  await dropFiles(page, [{ name: 'normal_rest_ac.png', type: 'image/png', bytes: makePng(320, 240, (x, y) => [x % 256, y % 256, 90]) }]);
  await waitError(page, /normal_rest_ac\.png: no polar map found/);
  assert.equal(await page.getAttribute('#result', 'data-done'), 'error');
  // Missing: a slot emptied.
  await dropFiles(page, [good[3]]);
  await waitResult(page);
  await page.selectOption('.slot[data-slot="stress_nac"] select', '');
  await page.waitForFunction(() => /Still needed: Stress NAC/.test(document.getElementById('status')?.textContent || ''));
  assert.equal(await page.isHidden('#prediction'), true, 'no old prediction left on view');
  await page.screenshot({ path: join(OUT, 'predict-missing.png'), fullPage: true });
  // And the page still predicts.
  await dropFiles(page, [good[0]]);
  await waitResult(page);
  await finish(context, watch);
});

test('a second study replaces the first cleanly', async () => {
  const { page, context, watch } = await openPage(browser, server.url);
  await page.click('#sample-list button[data-sample="lad-ischaemia"]');
  await waitResult(page);
  const first = await shown(page);
  await page.click('#sample-list button[data-sample="inferior-attenuation"]');
  await page.waitForFunction(() => (document.querySelector('.slot[data-slot="rest_ac"] img')?.getAttribute('alt') || '').includes('inferior-attenuation'));
  await waitResult(page);
  const second = await shown(page);
  assert.notEqual(second.pCad, first.pCad);
  assertMatchesNative(second, native(sampleStudy('inferior-attenuation').paths, 'M'));
  assert.equal(await page.locator('#heatmaps figure.heat').count(), 4);
  assert.equal(await page.locator('#bullseyes figure.bullseye').count(), 6);
  assert.equal(await page.locator('.slot img').count(), 4);
  assert.match(await text(page, '#sample-note'), /Diaphragmatic attenuation/);
  await finish(context, watch);
});

test('the report: one A4 page to print, and a PNG drawn by the page', async () => {
  const { page, context, watch } = await openPage(browser, server.url);
  await page.click('#sample-list button[data-sample="lad-ischaemia"]');
  await waitResult(page);
  const download = page.waitForEvent('download');
  await page.click('#save-png');
  const file = await download;
  assert.equal(file.suggestedFilename(), 'polarcad-report.png');
  const png = join(OUT, 'report.png');
  await file.saveAs(png);
  const bytes = await import('node:fs').then((fs) => fs.readFileSync(png));
  assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
  assert.deepEqual([bytes.readUInt32BE(16), bytes.readUInt32BE(20)], [1240, 1754]);
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: join(OUT, 'report-print.png'), fullPage: true });
  await page.emulateMedia({ media: null });   // pdf() lays out for print unless screen is forced
  const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  writeFileSync(join(OUT, 'report.pdf'), pdf);
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.equal(pages, 1, 'the printed report fits one A4 page');
  await finish(context, watch);
});

test('tablet width (768 px): everything readable in one column', async () => {
  const { page, context, watch } = await openPage(browser, server.url, { width: 768, height: 1024 });
  await page.click('#sample-list button[data-sample="balanced-disease"]');
  await waitResult(page);
  // Nothing wider than the viewport.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page ${overflow} px wider than the viewport`);
  await page.screenshot({ path: join(OUT, 'predict-tablet.png'), fullPage: true });
  await finish(context, watch);
});
