// @ts-check
// shipped-model.test.mjs: the page as a static host serves it, with the model polarcad
// ships (model/model.pcm, made by scripts/train-default), in headless Chromium.
//
// Every bundled sample study: the page's P(CAD) and call equal the native tool's
// `polarcad predict` without options (which finds the same shipped model and normal
// database); the model line says what the model was trained on (synthetic data) and its
// cross-validated figures; the prediction panel says it is not a diagnostic device.
// A study in the grey table (the model knows only cool): the page draws it again in cool,
// says so beside P(CAD), and agrees with native predict, which does the same.
// Skipped, saying so, when no model/model.pcm is in the tree.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startServer } from '../../scripts/serve.mjs';
import { OUT, NATIVE, launch, openPage, finish, dropFiles, text, nativeJson, sampleStudy } from './browser.mjs';

const SHIPPED = join(ROOT, 'model', 'model.pcm');
const shipped = existsSync(SHIPPED);

/** @type {Awaited<ReturnType<typeof startServer>> | undefined} */
let server;
/** @type {import('playwright-core').Browser | undefined} */
let browser;

before(async () => {
  if (!shipped) return;
  server = await startServer({ port: 0 });   // the tree as it is: the shipped model included
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('the shipped model on every bundled sample: the page and `polarcad predict` agree',
  { skip: shipped ? false : 'no model/model.pcm in the tree (scripts/train-default makes it)' }, async (t) => {
    if (!server || !browser) throw new Error('not started');
    const { page, context, watch } = await openPage(browser, server.url);
    const line = await text(page, '#model-line');
    assert.match(line, /^Model model\/model\.pcm: vgg16, acnac/);
    assert.match(line, /a synthetic cohort \(polarcad synth\), not patient data/);
    assert.match(line, /cross-validated \(10-fold\): AUC 0\.\d\d/);
    /** @type {{samples: {slug: string, format?: string}[]}} */
    const index = JSON.parse(readFileSync(join(ROOT, 'web', 'samples', 'index.json'), 'utf8'));
    assert.ok(index.samples.length >= 4, `bundled samples: ${index.samples.map((x) => x.slug).join(', ')}`);
    for (const { slug, format } of index.samples) {
      const ext = format || 'png';
      // Forget the previous result, so that the wait below sees this study's.
      await page.evaluate(() => { const r = document.getElementById('result'); if (r) { delete r.dataset.done; delete r.dataset.pCad; } });
      await page.click(`#sample-list button[data-sample="${slug}"]`);
      await page.waitForFunction((name) => document.getElementById('result')?.dataset.done === '1' &&
        document.getElementById('result')?.dataset.prediction === '1' &&
        (document.querySelector('.slot[data-slot="rest_ac"] img')?.getAttribute('alt') || '').includes(name),
      `${slug}_rest_ac.${ext}`, { timeout: 120000 });
      const pCad = Number(await page.getAttribute('#result', 'data-p-cad'));
      const native = nativeJson(['predict', '--study', ...sampleStudy(slug, ext).paths]);
      t.diagnostic(`${slug}: P(CAD) page ${pCad.toFixed(4)}, native ${native.p_cad.toFixed(4)} (${native.class})`);
      assert.ok(Math.abs(pCad - native.p_cad) <= 1e-4, `${slug}: P(CAD) page ${pCad}, native ${native.p_cad}`);
      assert.equal(await text(page, '#call'), native.class === 'cad' ? 'call: CAD' : 'call: no CAD', slug);
      assert.match(await text(page, '#prediction'), /Not a diagnostic device/);
      // The samples are in the cool table, the one the shipped model was trained on: no warning.
      assert.equal(await page.isHidden('#prediction-warning'), true, `${slug}: ${await text(page, '#prediction-warning')}`);
      await page.screenshot({ path: join(OUT, `shipped-${slug}.png`), fullPage: true });
    }
    await finish(context, watch);
  });

test('a study in another colour table: drawn again in the model\'s, said beside P(CAD), as native predict does',
  { skip: shipped ? false : 'no model/model.pcm in the tree (scripts/train-default makes it)' }, async (t) => {
    if (!server || !browser) throw new Error('not started');
    const dir = mkdtempSync(join(tmpdir(), 'pc-e2e-gray-'));
    try {
      const maps = ['stress_nac', 'rest_nac', 'stress_ac', 'rest_ac'];
      /** @param {string} table */
      const study = (table) => {
        execFileSync(NATIVE, ['synth', '--out', join(dir, table), '--seed', '5', '--cases', '1', '--colormap', table]);
        return maps.map((m) => join(dir, table, 'c0001', `${m}.png`));
      };
      const gray = study('gray');
      const cool = study('cool');
      const { page, context, watch } = await openPage(browser, server.url);
      await dropFiles(page, gray.map((p, i) => ({ name: `gray_${maps[i]}.png`, type: 'image/png',
        bytes: new Uint8Array(readFileSync(p)) })));
      await page.waitForFunction(() => document.getElementById('result')?.dataset.done === '1' &&
        document.getElementById('result')?.dataset.prediction === '1', undefined, { timeout: 120000 });
      const warning = await text(page, '#prediction-warning');
      assert.equal(await page.isHidden('#prediction-warning'), false);
      assert.match(warning, /the maps are in the gray colour table, but this model was trained on maps in cool only: they were drawn again in cool/);
      const pCad = Number(await page.getAttribute('#result', 'data-p-cad'));
      const native = nativeJson(['predict', '--study', ...gray, '--no-normals']);
      const asCool = nativeJson(['predict', '--study', ...cool, '--no-normals']);
      const asIs = nativeJson(['predict', '--study', ...gray, '--no-normals', '--no-redraw']);
      t.diagnostic(`P(CAD): page ${pCad.toFixed(4)}, native ${native.p_cad.toFixed(4)}; the same case drawn in cool ` +
        `${asCool.p_cad.toFixed(4)}, the grey maps read as they are ${asIs.p_cad.toFixed(4)}`);
      assert.equal(native.network_colormap, 'cool');
      assert.deepEqual(native.warnings.map((/** @type {string} */ w) => `Warning: ${w}.`), [warning]);
      assert.ok(Math.abs(pCad - native.p_cad) <= 1e-4, `P(CAD) page ${pCad}, native ${native.p_cad}`);
      // The montage panel shows what the network read: the cool redraw, not the grey maps.
      assert.match(await text(page, '#caption-table'), /The maps are in gray; the network read them drawn again in cool, as shown\./);
      const greyShare = await page.evaluate(() => {
        const canvas = /** @type {HTMLCanvasElement} */ (document.getElementById('montage'));
        const d = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d')).getImageData(0, 0, canvas.width, canvas.height).data;
        let grey = 0;
        for (let i = 0; i < d.length; i += 4) grey += +(d[i] === d[i + 1] && d[i + 1] === d[i + 2]);
        return grey / (d.length / 4);
      });
      t.diagnostic(`montage panel: ${(100 * greyShare).toFixed(1)}% of its pixels grey (black outside the discs included)`);
      assert.ok(greyShare < 0.5, `the montage panel is ${(100 * greyShare).toFixed(1)}% grey: it shows the grey maps, not what the network read`);
      await page.screenshot({ path: join(OUT, 'shipped-gray-redrawn.png'), fullPage: true });
      await finish(context, watch);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
