// @ts-check
// predict.test.mjs: the prediction API (loadModel, Model.predict, loadNormals,
// Normals.score) in Node: what it returns, and that every bad input throws an Error with
// the core's message and leaves the module usable. Agreement with the native tool, sample
// by sample, is predict-parity.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadPolarcad, MAPS, DISCLAIMER } from '../../web/lib/polarcad.mjs';
import { makeModels, tempDir, samplePaths, SHIPPED_NORMALS, MAKE_TEST_MODEL, run } from './native.mjs';

/** @typedef {import('../../web/lib/polarcad.mjs').Study} Study */

const pc = await loadPolarcad();
const dir = tempDir();
const models = makeModels(dir, 'acnac', 300, 300);
const acModels = makeModels(dir, 'ac', 150, 300);
const bytesOf = (/** @type {string} */ file) => new Uint8Array(readFileSync(file));

/** A sample study preprocessed by the wasm module. @param {string} slug @returns {Study} */
function sampleStudy(slug) {
  /** @type {Record<string, import('../../web/lib/polarcad.mjs').RgbImage>} */
  const maps = {};
  /** @type {Record<string, string>} */
  const names = {};
  for (const [i, file] of samplePaths(slug).entries()) {
    maps[MAPS[i]] = pc.decodeImage(bytesOf(file), path.basename(file));
    names[MAPS[i]] = `${slug}/${path.basename(file)}`;
  }
  return pc.preprocessStudy(maps, { names });
}
const study = sampleStudy('lad-ischaemia');

test('loadModel reads fp32, fp16 and int8 files and says what they are', () => {
  for (const [weights, file] of Object.entries(models)) {
    const model = pc.loadModel(bytesOf(file), path.basename(file));
    assert.deepEqual({ ...model.info, metadata: null }, {
      name: path.basename(file), arch: 'vgg16', width_mult: 0.125, dataset: 'acnac', height: 300, width: 300,
      weights, trained_on: 'trained on: random weights (a test model, untrained)', metadata: null,
      classes: ['no_cad', 'cad'],
    });
    assert.deepEqual(model.info.metadata && /** @type {any} */ (model.info.metadata).trained_on,
      'random weights (a test model, untrained)');
    model.dispose();
  }
});

test('predict: P(CAD), the class, Grad-CAM per map in the tile grid, the disclaimer', () => {
  const model = pc.loadModel(bytesOf(models.fp32), 'test.pcm');
  const p = model.predict(study);
  assert.equal(p.model, 'test.pcm');
  assert.equal(p.dataset, 'acnac');
  assert.equal(p.colormap, study.table);
  assert.ok(p.p_cad > 0 && p.p_cad < 1, `p_cad ${p.p_cad}`);
  assert.equal(p.class, p.p_cad > 0.5 ? 'cad' : 'no_cad');
  assert.equal(p.disclaimer, DISCLAIMER);
  assert.match(p.disclaimer, /not a diagnostic device/);
  const g = p.gradcam;
  assert.ok(g);
  assert.equal(g.layer, 'block5_conv3');
  assert.equal(g.class, p.class);
  assert.deepEqual(Object.keys(g.maps), [...MAPS]);
  let top = 0, shareSum = 0;
  for (const map of MAPS) {
    const m = /** @type {import('../../web/lib/model.mjs').GradcamMap} */ (g.maps[map]);
    assert.ok(m);
    assert.equal(m.file, `lad-ischaemia/${map}.png`);
    assert.equal(m.heat.width, 150);
    assert.equal(m.heat.data.length, 150 * 150);
    const counts = /** @type {NonNullable<Study['maps'][map]>} */ (study.maps[map]).counts;
    for (let i = 0; i < m.heat.data.length; i++) {
      const v = m.heat.data[i];
      assert.ok(v >= 0 && v <= 1, `${map} heat ${v}`);
      if (counts.states[i] === 0 && v > 0) {
        // heat only on the disc: a pixel outside the rim margin may still be inside the disc
        const x = i % 150 + 0.5 - 75, y = Math.floor(i / 150) + 0.5 - 75;
        assert.ok(x * x + y * y <= 75 * 75 + 1, `${map}: heat at (${x}, ${y}) outside the disc`);
      }
      top = Math.max(top, v);
    }
    shareSum += m.share;
  }
  if (g.mass > 0) {
    assert.equal(top, 1, 'the hottest pixel of the study scales to 1');
    assert.ok(Math.abs(shareSum - 1) < 1e-9);
    assert.ok(Math.abs(g.territories.LAD + g.territories.LCx + g.territories.RCA - 1) < 1e-9);
  }
  const bare = model.predict(study, { gradcam: false });
  assert.equal(bare.gradcam, null);
  assert.ok(Math.abs(bare.p_cad - p.p_cad) < 1e-6, `${bare.p_cad} vs ${p.p_cad}`);
  model.dispose();
  assert.throws(() => model.predict(study), /test\.pcm: the model was disposed/);
});

test('an AC model reads only the AC maps; a study without them is refused naming the map', () => {
  const model = pc.loadModel(bytesOf(acModels.fp32), 'ac.pcm');
  assert.equal(model.info.dataset, 'ac');
  const p = model.predict(study);
  assert.deepEqual(Object.keys(p.gradcam?.maps ?? {}), ['stress_ac', 'rest_ac']);
  const nacOnly = { ...study, maps: { stress_nac: study.maps.stress_nac, rest_nac: study.maps.rest_nac } };
  assert.throws(() => model.predict(nacOnly), /stress_ac/);
  model.dispose();
});

test('bad model files throw the core\'s message naming the file; the module keeps working', () => {
  const good = bytesOf(models.fp32);
  assert.throws(() => pc.loadModel(new Uint8Array(0), 'empty.pcm'), /empty\.pcm/);
  assert.throws(() => pc.loadModel(good.slice(0, good.length >> 1), 'half.pcm'), /half\.pcm/);
  const flipped = good.slice();
  flipped[flipped.length >> 1] ^= 0x40;
  assert.throws(() => pc.loadModel(flipped, 'flipped.pcm'), /flipped\.pcm: .*(checksum|CRC)/i);
  assert.throws(() => pc.loadModel(bytesOf(SHIPPED_NORMALS), 'normals.db'), /normals\.db/);
  assert.throws(() => pc.loadModel(/** @type {any} */ ('model.pcm')), TypeError);
  assert.throws(() => pc.loadModel(good, 'x.pcm', { dataset: /** @type {any} */ ('both') }), /unknown dataset 'both'/);
  assert.throws(() => pc.loadModel(good, 'x.pcm', { dataset: 'ac' }), /x\.pcm is a model for the acnac dataset, not ac/);
  const noDataset = path.join(dir, 'none-150x300.pcm');
  run(MAKE_TEST_MODEL, [noDataset, 'none', '150', '300', '0.125', '5']);
  assert.throws(() => pc.loadModel(bytesOf(noDataset), 'none.pcm'), /none\.pcm does not record its dataset .* both ac and nac/);
  assert.equal(pc.loadModel(bytesOf(noDataset), 'none.pcm', { dataset: 'nac' }).info.dataset, 'nac');
  const model = pc.loadModel(good, 'again.pcm');
  assert.ok(model.predict(study).p_cad > 0);
  model.dispose();
});

test('a study that is not one preprocessStudy made is refused with a message', () => {
  const model = pc.loadModel(bytesOf(models.fp32), 'test.pcm');
  assert.throws(() => model.predict(/** @type {any} */ ({})), /expected a study from preprocessStudy/);
  const m = /** @type {NonNullable<Study['maps']['stress_ac']>} */ (study.maps.stress_ac);
  const cut = { ...study, maps: { ...study.maps, stress_ac: { ...m, tile: { ...m.tile, rgb: m.tile.rgb.slice(1) } } } };
  assert.throws(() => model.predict(cut), /stress_ac\.png: the study's stress_ac map has no 150 x 150 tile/);
  const values = m.counts.values.slice();
  values[75 * 150 + 75] = 1e9;
  const changed = { ...study, maps: { ...study.maps, stress_ac: { ...m, counts: { ...m.counts, values } } } };
  assert.throws(() => model.predict(changed), /stress_ac: the study's relative counts were changed/);
  assert.throws(() => model.predict({ ...study, table: 'rainbow' }), /colour table 'rainbow'/);
  assert.ok(model.predict(study).p_cad > 0);
  model.dispose();
});

test('loadNormals and score: the sums are the segments\' sums; bad bytes and options are refused', () => {
  const normals = pc.loadNormals(bytesOf(SHIPPED_NORMALS), 'normals-low-likelihood.db');
  assert.equal(normals.info.layout, 'equal-width');
  assert.deepEqual(normals.info.groups.stress_ac, { all: 80, M: 40, F: 40 });
  assert.match(normals.info.text, /normals-low-likelihood\.db: 80 normal studies \(40 men, 40 women\)/);
  for (const sex of /** @type {const} */ ([undefined, 'M', 'F'])) {
    const r = normals.score(study, { sex });
    for (const k of [r.semiq_nac, r.semiq_ac]) {
      assert.ok(k);
      const sum = (/** @type {number[]} */ a) => a.reduce((x, y) => x + y, 0);
      assert.equal(k.segments.stress.length, 17);
      assert.equal(sum(k.segments.stress), k.sss);
      assert.equal(sum(k.segments.rest), k.srs);
      assert.equal(sum(k.segments.difference), k.sds);
      assert.equal(k.sds, k.sss - k.srs);
      assert.ok(k.segments.stress.every((v) => Number.isInteger(v) && v >= 0 && v <= 4));
      assert.equal(k.territories.LAD.sss + k.territories.LCx.sss + k.territories.RCA.sss, k.sss);
    }
  }
  const acOnly = { ...study, maps: { stress_ac: study.maps.stress_ac, rest_ac: study.maps.rest_ac } };
  assert.equal(normals.score(acOnly).semiq_nac, null);
  assert.throws(() => normals.score(study, { sex: /** @type {any} */ ('X') }), /sex must be 'M' or 'F'/);
  const text = bytesOf(SHIPPED_NORMALS);
  assert.throws(() => pc.loadNormals(text.slice(0, 5000), 'cut.db'), /cut\.db/);
  assert.throws(() => pc.loadNormals(bytesOf(models.fp32), 'model.pcm'), /model\.pcm/);
  assert.ok(normals.score(study).semiq_ac);
  normals.dispose();
  assert.throws(() => normals.score(study), /disposed/);
});

test('1000 failed predictions and loads leave wasm memory where it was', () => {
  const good = bytesOf(models.fp32);
  const model = pc.loadModel(good, 'test.pcm');
  const bad = good.slice(0, 4000);
  const m = /** @type {NonNullable<Study['maps']['stress_ac']>} */ (study.maps.stress_ac);
  const values = m.counts.values.slice();
  values[0] = -1;
  const changed = { ...study, maps: { ...study.maps, stress_ac: { ...m, counts: { ...m.counts, values } } } };
  const fail = (/** @type {number} */ i) => assert.throws(() => (i % 2 ? pc.loadModel(bad, 'bad.pcm')
    : model.predict(changed)), Error);
  for (let i = 0; i < 20; i++) fail(i);
  const before = pc.M.HEAPU8.length;
  for (let i = 0; i < 1000; i++) fail(i);
  assert.equal(pc.M.HEAPU8.length, before, 'wasm memory grew across 1000 failures');
  assert.ok(model.predict(study).p_cad > 0);
  model.dispose();
});
