// @ts-check
// page.test.mjs: the page in a real headless Chromium (Debian's), driven by playwright-core.
//
// Drops real PNG/JPEG files on the page, waits for the wasm worker's montage, checks
// its pixel size and content and the disc outlines on the maps, takes screenshots into
// test-output/e2e/, and asserts that no request ever leaves the page's origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, ROOT } from '../../scripts/serve.mjs';
import { makePng, makeJpeg, bullseye, onBackground } from '../js/images.mjs';
import { OUT, launch, openPage as open, finish, dropFiles, canvasPixel, text } from './browser.mjs';

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('./browser.mjs').DropFile} DropFile */

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;
before(async () => {
  // The page without a model (none ships yet; the 404 stays true once one does).
  server = await startServer({ port: 0, files: { 'model/model.pcm': null } });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh page (no model) with watchers for foreign requests and console errors. */
const openPage = () => open(browser, server.url);

/** @returns {DropFile[]} */
const studyFiles = () => [
  { name: 'c0001_stress_nac.png', type: 'image/png', bytes: makePng(400, 400, bullseye(400, 0)) },
  { name: 'c0001_rest_nac.png', type: 'image/png', bytes: makePng(400, 400, bullseye(400, -1)) },
  { name: 'c0001_STRESS-AC.jpg', type: 'image/jpeg', bytes: makeJpeg(300, 300, bullseye(300, 0), 85) },
  { name: 'c0001_REST-AC.jpg', type: 'image/jpeg', bytes: makeJpeg(300, 300, bullseye(300, -1), 85) },
];

/** Four maps each with its defect in its own place (bullseye variants: 0 anterior, 1
 *  inferior, 2 lateral, 3 septal), so each tile of the montage shows which file it holds.
 *  @returns {DropFile[]} */
const distinctFiles = () => [
  { name: 'c0002_stress_nac.png', type: 'image/png', bytes: makePng(400, 400, bullseye(400, 0)) },
  { name: 'c0002_rest_nac.png', type: 'image/png', bytes: makePng(400, 400, bullseye(400, 1)) },
  { name: 'c0002_STRESS-AC.jpg', type: 'image/jpeg', bytes: makeJpeg(300, 300, bullseye(300, 2), 85) },
  { name: 'c0002_REST-AC.jpg', type: 'image/jpeg', bytes: makeJpeg(300, 300, bullseye(300, 3), 85) },
];
/** Where distinctFiles() puts each map's defect, and the ACNAC tile origin of each map. */
const DEFECT_OF = { stress_nac: 'top', rest_nac: 'bottom', stress_ac: 'right', rest_ac: 'left' };
const TILE_AT = { stress_nac: [0, 0], rest_nac: [150, 0], stress_ac: [0, 150], rest_ac: [150, 150] };

/** The darkest of the four points 49 px (rho 0.65, on the defects' ring) from a 150 px
 *  tile's centre: where that tile's defect is. @param {Page} page @param {number[]} origin */
async function tileDefect(page, [left, top]) {
  const at = { top: [75, 26], bottom: [75, 124], right: [124, 75], left: [26, 75] };
  let darkest = '', least = Infinity;
  for (const [side, [x, y]] of Object.entries(at)) {
    const [r, g, b] = await canvasPixel(page, left + x, top + y);
    if (r + g + b < least) [darkest, least] = [side, r + g + b];
  }
  return darkest;
}

/** Each map's file lands in its own tile of the ACNAC montage. @param {Page} page */
async function assertTilesInPlace(page) {
  for (const [map, side] of Object.entries(DEFECT_OF))
    assert.equal(await tileDefect(page, TILE_AT[/** @type {keyof TILE_AT} */ (map)]), side, `${map} tile`);
}

/** The montage canvas's [width, height]. @param {Page} page */
async function montageSize(page) {
  return page.evaluate(() => {
    const c = /** @type {HTMLCanvasElement} */ (document.getElementById('montage'));
    return [c.width, c.height];
  });
}

test('the page loads its wasm core in a worker, with no errors and nothing foreign', async () => {
  const { page, context, watch } = await openPage();
  assert.match(await text(page, '#version'), /^\d+\.\d+\.\d+$/);
  assert.match(await text(page, '#notice'), /Not a diagnostic device/);
  assert.match(await text(page, '#notice'), /synthetic data/);
  // No model on this site: said plainly, and the loading bar is gone.
  assert.match(await text(page, '#model-line'), /No model is loaded: this site has no model\/model\.pcm/);
  assert.equal(await page.isHidden('#loading'), true);
  await finish(context, watch);
});

test('dropping four named maps gives the 300 x 300 ACNAC montage', async () => {
  const { page, context, watch } = await openPage();
  await dropFiles(page, studyFiles());
  await page.waitForSelector('#result[data-done="1"]', { timeout: 20000 });
  assert.deepEqual(await montageSize(page), [300, 300]);
  // Tile centres hold the bright apex of each map; the corners outside the discs are black.
  for (const [x, y] of [[75, 75], [225, 75], [75, 225], [225, 225]]) {
    const [r, g, b] = await canvasPixel(page, x, y);
    assert.ok(r > 200 && g > 120, `tile centre ${x},${y} is bright: ${r},${g},${b}`);
  }
  for (const [x, y] of [[1, 1], [298, 1], [1, 298], [298, 298]]) {
    const [r, g, b] = await canvasPixel(page, x, y);
    assert.ok(r + g + b < 30, `corner ${x},${y} is black: ${r},${g},${b}`);
  }
  // The stress maps carry an anterior defect (darker at 12 o'clock) that the rest maps lack.
  const stressTop = await canvasPixel(page, 75, 25), restTop = await canvasPixel(page, 225, 25);
  assert.ok(stressTop[1] + 40 < restTop[1], `stress ${stressTop} darker than rest ${restTop}`);
  assert.match(await text(page, '#status'), /Montage 300 × 300 px/);
  await page.screenshot({ path: join(OUT, 'montage-acnac.png'), fullPage: true });
  // Four maps that differ: each named file in its own tile.
  await dropFiles(page, distinctFiles());
  // The thumbnails and the new request come in one go (render, then update): once the
  // last thumbnail is the new file, the old montage is no longer marked done.
  await page.waitForFunction(() =>
    /c0002_REST-AC/.test(document.querySelector('.slot[data-slot="rest_ac"] img')?.getAttribute('alt') || ''));
  await page.waitForSelector('#result[data-done="1"]', { timeout: 20000 });
  await assertTilesInPlace(page);
  await finish(context, watch);
});

test('a file polarcad does not read, dropped with a complete study, stays named after the study runs', async () => {
  const { page, context, watch } = await openPage();
  const gif = { name: 'scan.gif', type: 'image/gif', bytes: new TextEncoder().encode('GIF89a') };
  await dropFiles(page, [...studyFiles(), gif]);
  await page.waitForSelector('#result[data-done="1"]', { timeout: 20000 });
  assert.match(await text(page, '#error'), /Not used \(polarcad reads PNG, JPEG and BMP\): scan\.gif/);
  assert.equal(await page.isHidden('#error'), false);
  await finish(context, watch);
});

test('files whose names do not say their place are assigned by the user (file picker)', async () => {
  const { page, context, watch } = await openPage();
  const files = distinctFiles().map((f, i) => ({ name: `map${i + 1}.${f.type === 'image/png' ? 'png' : 'jpg'}`, mimeType: f.type,
    buffer: Buffer.from(f.bytes) }));
  await page.setInputFiles('#file', files);
  await page.waitForSelector('#tray:not([hidden])');
  assert.equal(await page.locator('#tray-list li').count(), 4);
  assert.match(await text(page, '#status'), /Still needed: Stress NAC, Rest NAC, Stress AC, Rest AC/);
  const slots = ['stress_nac', 'rest_nac', 'stress_ac', 'rest_ac'];
  for (const [i, slot] of slots.entries())
    await page.selectOption(`.slot[data-slot="${slot}"] select`, { label: files[i].name });
  await page.waitForSelector('#result[data-done="1"]', { timeout: 20000 });
  assert.ok(await page.locator('#tray').isHidden());
  await assertTilesInPlace(page);   // each chosen file in the tile of the slot it was chosen for
  // Swapping two maps by choosing a file already placed moves it (the other slot empties).
  await page.selectOption('.slot[data-slot="stress_nac"] select', { label: 'map2.png' });
  await page.waitForFunction(() => /Still needed: Rest NAC/.test(document.getElementById('status')?.textContent || ''));
  await finish(context, watch);
});

test('the AC dataset needs only the two AC maps and gives 150 x 300', async () => {
  const { page, context } = await openPage();
  await page.selectOption('#dataset', 'ac');
  await dropFiles(page, studyFiles().slice(2));
  await page.waitForSelector('#result[data-done="1"]', { timeout: 20000 });
  assert.deepEqual(await montageSize(page), [300, 150]);
  await page.screenshot({ path: join(OUT, 'montage-ac.png') });
  await context.close();
});

test('a corrupt file is named in a clear error and nothing breaks', async () => {
  const { page, context, watch } = await openPage();
  const files = studyFiles();
  files[1] = { ...files[1], bytes: files[1].bytes.slice(0, 200) };   // truncated PNG
  await dropFiles(page, files);
  await page.waitForSelector('#result[data-done="error"]', { timeout: 20000 });
  assert.match(await text(page, '#error'), /c0001_rest_nac\.png: corrupt or truncated PNG/);
  // Replacing the bad file recovers without reloading.
  await dropFiles(page, [studyFiles()[1]]);
  await page.waitForSelector('#result[data-done="1"]', { timeout: 20000 });
  await dropFiles(page, [{ name: 'c0001_stress_nac.png', type: 'image/png', bytes: new TextEncoder().encode('not an image') }]);
  await page.waitForSelector('#result[data-done="error"]', { timeout: 20000 });
  assert.match(await text(page, '#error'), /c0001_stress_nac\.png: not a PNG, JPEG or BMP image; it looks like text/);
  await page.screenshot({ path: join(OUT, 'error.png') });
  await finish(context, watch);
});

test('the Content-Security-Policy blocks any request to another origin', async () => {
  const { page, context, watch } = await openPage();
  const outcome = await page.evaluate(async () => {
    /** @type {string[]} */
    const violations = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
    let fetched = 'sent';
    try {
      await fetch('http://127.0.0.2:9/collect', { method: 'POST', body: 'patient data' });
    } catch {
      fetched = 'blocked';
    }
    const img = new Image();
    img.src = 'http://127.0.0.2:9/pixel.png';
    await new Promise((r) => { img.onerror = r; img.onload = r; });
    await new Promise((r) => setTimeout(r, 100));
    return { fetched, violations };
  });
  assert.equal(outcome.fetched, 'blocked');
  assert.ok(outcome.violations.includes('connect-src'), JSON.stringify(outcome.violations));
  assert.ok(outcome.violations.includes('img-src'), JSON.stringify(outcome.violations));
  // Blocked by policy inside the browser, so nothing reached the network.
  assert.deepEqual(watch.foreign, []);
  await context.close();
});

test('a bundled sample study opens with its description and gives the montage', async () => {
  const { page, context, watch } = await openPage();
  await page.waitForSelector('#sample-list button[data-sample="lad-ischaemia"]');
  await page.click('#sample-list button[data-sample="lad-ischaemia"]');
  await page.waitForSelector('#result[data-done="1"]', { timeout: 20000 });
  assert.match(await text(page, '#sample-note'), /LAD ischaemia \(synthetic.*Not patient data/);
  assert.equal(await page.locator('#tray').isHidden(), true);   // sample files carry their slot in the name
  // Without a model the scores still come, and no prediction is shown.
  assert.equal(await page.getAttribute('#result', 'data-scores'), '1');
  assert.equal(await page.getAttribute('#result', 'data-prediction'), 'none');
  assert.equal(await page.isHidden('#prediction'), true);
  assert.equal(await page.locator('#bullseyes figure.bullseye').count(), 6);
  assert.match(await text(page, '#score-table'), /NAC\s*\d+\s*\d+\s*\d+\s*[\d.]+%/);
  await page.screenshot({ path: join(OUT, 'sample-lad-ischaemia.png'), fullPage: true });
  await finish(context, watch);
});

test('each map shows the disc the core found, outlined where it is in the image', async (t) => {
  const { page, context, watch } = await openPage();
  // Screen captures: a 300 px map at (60, 40) in a 420 x 380 grey window, so the disc
  // is neither the whole image nor centred.
  // The AC captures' window is one grey level lighter: the core refuses two identical maps.
  /** @param {string} name @param {number} variant @param {number} [lighter] @returns {DropFile} */
  const capture = (name, variant, lighter = 0) => ({ name, type: 'image/png',
    bytes: makePng(420, 380, onBackground(bullseye(300, variant), 300,
      { left: 60, top: 40, background: [70 + lighter, 74 + lighter, 82 + lighter] })) });
  await dropFiles(page, [capture('c0002_stress_nac.png', 0), capture('c0002_rest_nac.png', -1),
    capture('c0002_stress_ac.png', 0, 1), capture('c0002_rest_ac.png', -1, 1)]);
  await page.waitForSelector('#result[data-done="1"]', { timeout: 20000 });
  t.diagnostic(`study read in Chromium (4 maps 420 x 380: decode, preprocess, montage): ` +
    `${await page.getAttribute('#result', 'data-ms')} ms`);
  assert.match(await text(page, '#status'), /colour table thermal \(detected\)/);
  assert.match(await text(page, '#caption'), /as the network sees it/);
  for (const slot of ['stress_nac', 'rest_nac', 'stress_ac', 'rest_ac']) {
    const overlay = `.slot[data-slot="${slot}"] canvas.disc-overlay`;
    assert.equal(await page.locator(overlay).count(), 1, slot);
    assert.match(await text(page, `.slot[data-slot="${slot}"] .slot-note`),
      /Disc: centre \(210, 190\), radius 150 px; (9\d|100)% of the rim on the circle/, slot);
    // The overlay is in the image's pixels: green on the rim, nothing drawn elsewhere.
    const [r, g, b, a] = await canvasPixel(page, 210 + 150, 190, overlay);
    assert.ok(g > 200 && r < 120 && b < 160 && a > 200, `${slot} rim pixel ${r},${g},${b},${a}`);
    assert.equal((await canvasPixel(page, 20, 20, overlay))[3], 0, `${slot} outside the rim is clear`);
  }
  // The montage is the disc's crop, not the window: its corners are masked black, not grey.
  assert.deepEqual(await montageSize(page), [300, 300]);
  const [r, g, b] = await canvasPixel(page, 1, 1);
  assert.ok(r + g + b < 30, `montage corner ${r},${g},${b}`);
  await page.screenshot({ path: join(OUT, 'discs.png'), fullPage: true });
  await finish(context, watch);
});

test('a map with no disc gets the core\'s message in its own slot', async () => {
  const { page, context, watch } = await openPage();
  const files = studyFiles();
  files[3] = { name: 'c0001_REST-AC.png', type: 'image/png', bytes: makePng(300, 300, () => [128, 128, 128]) };
  await dropFiles(page, files);
  await page.waitForSelector('#result[data-done="error"]', { timeout: 20000 });
  assert.match(await text(page, '#error'), /c0001_REST-AC\.png: no polar map found/);
  assert.match(await text(page, '.slot[data-slot="rest_ac"] .slot-note'), /c0001_REST-AC\.png: no polar map found/);
  assert.equal(await page.locator('.slot[data-slot="rest_ac"] canvas.disc-overlay').count(), 0);
  // The maps that are fine still show their discs.
  assert.equal(await page.locator('.slot canvas.disc-overlay').count(), 3);
  await page.screenshot({ path: join(OUT, 'no-disc.png'), fullPage: true });
  await finish(context, watch);
});

/** Rows of the bad-input corpus's table (tests/data/bad/expected.tsv): file -> [exit code, fragment]. */
const badRows = new Map(readFileSync(join(ROOT, 'tests/data/bad/expected.tsv'), 'utf8').split('\n')
  .filter((line) => line && !line.startsWith('#')).map((line) => line.split('\t')).map(([f, , code, frag]) => [f, [code, frag]]));
/** @param {string} file */
const badBytes = (file) => new Uint8Array(readFileSync(join(ROOT, 'tests/data/bad', file)));

test('a dozen files of the bad-input corpus: each gets its message, and the next study still works', async () => {
  const { page, context, watch } = await openPage();
  const dozen = ['empty.png', 'cut-00045.png', 'cut-01816.jpg', 'stb-dht-overflow.jpg', 'bomb-100000.png', 'grey16.png',
    'animated.gif', 'drawing.svg', 'report.pdf', 'study.dcm', 'notes.txt.png', 'photo.jpg', 'bar-chart.png',
    'unknown-table.png'];
  for (const file of dozen) {
    // The page itself refuses names that are not .png/.jpg/.bmp: others go in renamed, as a
    // user would, to reach the core's message.
    const name = `c0001_stress_nac_${file}${/\.(png|jpe?g|bmp)$/.test(file) ? '' : '.png'}`;
    const fragment = String((badRows.get(file) ?? [])[1]).replace(/\d+% of the disc.*/, '');
    await dropFiles(page, [...studyFiles().slice(1), { name, type: 'application/octet-stream', bytes: badBytes(file) }]);
    await page.waitForSelector('#result[data-done="error"]', { timeout: 20000 }).catch(async () => {
      throw new Error(`${file}: no error shown; status "${await text(page, '#status')}", error "${await text(page, '#error')}"`);
    });
    const error = await text(page, '#error');
    assert.ok(error.includes(name) && error.includes(String(fragment)), `${file}: "${error}" lacks "${fragment}"`);
    await dropFiles(page, [studyFiles()[0]]);   // the next study: the good map again
    await page.waitForSelector('#result[data-done="1"]', { timeout: 20000 });
  }
  // The same file in two slots.
  const twice = badBytes('twice.png');
  await dropFiles(page, [{ name: 'c0001_stress_nac.png', type: 'image/png', bytes: twice },
    { name: 'c0001_rest_nac.png', type: 'image/png', bytes: twice }]);
  await page.waitForSelector('#result[data-done="error"]', { timeout: 20000 });
  assert.match(await text(page, '#error'), /are the same image/);
  await finish(context, watch);
});

test('a 60-megapixel PNG dropped on the page gets a message, and the page keeps working', async () => {
  const { page, context, watch } = await openPage();
  const huge = { name: 'c0001_stress_nac.png', type: 'image/png', bytes: makePng(7746, 7746, () => [0, 0, 0]) };
  await dropFiles(page, [huge, ...studyFiles().slice(1)]);
  await page.waitForSelector('#result[data-done="error"]', { timeout: 90000 });
  assert.match(await text(page, '#error'), /c0001_stress_nac\.png: 7746 x 7746 pixels \(60\.0 megapixels\) is over the limit of 16 megapixels/);
  await dropFiles(page, [studyFiles()[0]]);
  await page.waitForSelector('#result[data-done="1"]', { timeout: 20000 });
  await finish(context, watch);
});
