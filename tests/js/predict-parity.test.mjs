// @ts-check
// predict-parity.test.mjs: the JavaScript API against the native tool on the same files.
// For every bundled sample study (web/samples/) and the same model file stored as fp32,
// fp16 and int8 (`polarcad export`): P(CAD) within 1e-4 of `polarcad predict --json`, the
// same class, the Grad-CAM territory shares of the study and of each map within 1e-4, and
// the semi-quantitative scores against the shipped normal database equal (SSS/SRS/SDS,
// the paper's call, stress TPD to the native print's 0.01; the 17 segment scores of every
// map equal `polarcad score --study --json`'s). The native and wasm kernels differ
// (AVX2 vs wasm SIMD, Winograd variants), so the network's outputs agree to rounding, not
// bit for bit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadPolarcad, MAPS, DISCLAIMER, TERRITORIES } from '../../web/lib/polarcad.mjs';
import { makeModels, tempDir, samplePaths, sampleSlugs, run, POLARCAD, SHIPPED_NORMALS, SAMPLES, MAKE_TEST_MODEL } from './native.mjs';

/** @typedef {import('../../web/lib/polarcad.mjs').Study} Study */

const TOLERANCE = 1e-4;
// The native JSON prints shares with 4 decimals, P(CAD) with 6 and TPD with 2.
const SHARE_PRINT = 5e-5, TPD_PRINT = 0.005 + 1e-9;

const pc = await loadPolarcad();
const dir = tempDir();
const models = makeModels(dir, 'acnac', 300, 300, 0.125, 7);
const normals = pc.loadNormals(new Uint8Array(readFileSync(SHIPPED_NORMALS)), 'normals-low-likelihood.db');
/** @type {Record<string, {sex: 'M' | 'F'}>} */
const sampleInfo = Object.fromEntries(JSON.parse(readFileSync(path.join(SAMPLES, 'index.json'), 'utf8')).samples
  .map((/** @type {{slug: string, sex: 'M' | 'F'}} */ s) => [s.slug, s]));

/** @param {string[]} files @returns {Study} */
function jsStudy(files) {
  /** @type {Record<string, import('../../web/lib/polarcad.mjs').RgbImage>} */
  const maps = {};
  /** @type {Record<string, string>} */
  const names = {};
  for (const [i, file] of files.entries()) {
    maps[MAPS[i]] = pc.decodeImage(new Uint8Array(readFileSync(file)), file);
    names[MAPS[i]] = file;
  }
  return pc.preprocessStudy(maps, { names });
}

/** @param {number} a @param {number} b @param {number} tol @param {string} what */
function near(a, b, tol, what) {
  assert.ok(Math.abs(a - b) <= tol, `${what}: wasm ${a}, native ${b} (|d| ${Math.abs(a - b)} > ${tol})`);
}

const slugs = sampleSlugs();
test('there are sample studies to compare on', () => assert.ok(slugs.length >= 6, `${slugs.length} samples`));

for (const slug of slugs) {
  test(`${slug}: P(CAD), class, Grad-CAM shares and scores equal the native tool's (fp32, fp16, int8)`, () => {
    const files = samplePaths(slug);
    const sex = sampleInfo[slug].sex;
    const study = jsStudy(files);
    let worst = 0;
    for (const [weights, file] of Object.entries(models)) {
      const what = `${slug} ${weights}`;
      const native = JSON.parse(run(POLARCAD, ['predict', '--model', file, '--study', ...files, '--normals',
        SHIPPED_NORMALS, '--sex', sex, '--json']));
      const model = pc.loadModel(new Uint8Array(readFileSync(file)), file);
      const js = model.predict(study);
      model.dispose();
      for (const key of /** @type {const} */ (['model', 'trained_on', 'dataset', 'weights', 'colormap', 'disclaimer']))
        assert.equal(js[key], native[key], `${what}: ${key}`);
      assert.equal(js.weights, weights);
      assert.equal(js.disclaimer, DISCLAIMER);
      near(js.p_cad, native.p_cad, TOLERANCE, `${what}: P(CAD)`);
      worst = Math.max(worst, Math.abs(js.p_cad - native.p_cad));
      assert.equal(js.class, native.class, `${what}: class (P(CAD) ${js.p_cad})`);
      const g = js.gradcam, n = native.gradcam;
      assert.ok(g);
      assert.equal(g.layer, n.layer);
      assert.equal(g.class, n.class);
      near(g.mass, n.mass, 1e-4 * Math.max(1, n.mass), `${what}: Grad-CAM mass`);
      assert.deepEqual(Object.keys(g.maps), Object.keys(n.maps), `${what}: maps`);
      for (const t of TERRITORIES) near(g.territories[t], n.territories[t], TOLERANCE + SHARE_PRINT, `${what}: study ${t}`);
      // The top territory must agree unless the two largest shares are within rounding.
      const [first, second] = TERRITORIES.map((t) => n.territories[t]).sort((a, b) => b - a);
      if (first - second > 2 * (TOLERANCE + SHARE_PRINT))
        assert.equal(g.top_territory, n.top_territory, `${what}: top territory`);
      for (const map of Object.keys(n.maps)) {
        const gm = /** @type {import('../../web/lib/model.mjs').GradcamMap} */ (g.maps[/** @type {import('../../web/lib/polarcad.mjs').MapName} */ (map)]);
        assert.equal(gm.file, n.maps[map].file);
        near(gm.share, n.maps[map].share, TOLERANCE + SHARE_PRINT, `${what}: ${map} share`);
        for (const t of TERRITORIES)
          near(gm.territories[t], n.maps[map].territories[t], TOLERANCE + SHARE_PRINT, `${what}: ${map} ${t}`);
      }
      const scores = normals.score(study, { sex });
      for (const c of /** @type {const} */ (['semiq_nac', 'semiq_ac'])) {
        const k = scores[c], nk = native[c];
        assert.ok(k && nk, `${what}: ${c}`);
        for (const f of /** @type {const} */ (['sss', 'srs', 'sds', 'call_paper'])) assert.equal(k[f], nk[f], `${what}: ${c}.${f}`);
        near(k.tpd_stress, nk.tpd_stress, TPD_PRINT, `${what}: ${c}.tpd_stress`);
      }
    }
    // The 17 segment scores behind the sums, against `score --study --json`'s per map.
    const scored = JSON.parse(run(POLARCAD, ['score', '--study', ...files, '--normals', SHIPPED_NORMALS, '--sex', sex,
      '--json']));
    const js = normals.score(study, { sex });
    const byMap = {
      stress_nac: js.semiq_nac?.segments.stress, rest_nac: js.semiq_nac?.segments.rest,
      stress_ac: js.semiq_ac?.segments.stress, rest_ac: js.semiq_ac?.segments.rest,
    };
    for (const map of MAPS) assert.deepEqual(byMap[map], scored.maps[map].scores, `${slug}: ${map} segment scores`);
    for (const c of /** @type {const} */ (['nac', 'ac'])) {
      const k = js[`semiq_${c}`], nk = scored[c];
      assert.ok(k);
      near(k.tpd_rest, nk.tpd_rest, TPD_PRINT, `${slug}: ${c} rest TPD`);
      near(k.tpd_ischaemic, nk.tpd_ischaemic, TPD_PRINT, `${slug}: ${c} ischaemic TPD`);
      assert.deepEqual(k.territories, nk.territories, `${slug}: ${c} territory sums`);
      assert.deepEqual([k.call_paper, k.call_sss, k.call_sds, k.call_tpd],
        [nk.calls.paper, nk.calls.sss, nk.calls.sds, nk.calls.tpd], `${slug}: ${c} calls`);
    }
    console.log(`# ${slug}: largest |dP(CAD)| wasm vs native over fp32/fp16/int8 ${worst.toExponential(2)}`);
  });
}

test('a model polarcad trained with --input 150x150 predicts as natively: the montage resized as in training', () => {
  // The page and the tool share the checks and the pipeline (core's explain/predict.h): a
  // model of another input size is read only when polarcad's training made it so (its
  // metadata's "source") and the size keeps the montage's aspect; then the montage is
  // resized as training resized it.
  const file = path.join(dir, 'acnac-150.pcm');
  run(MAKE_TEST_MODEL, [file, 'acnac', '150', '150', '0.125', '5', '{"source": "polarcad train", "trained_on": "random weights"}']);
  const files = samplePaths('lad-ischaemia');
  const model = pc.loadModel(new Uint8Array(readFileSync(file)), file);
  assert.deepEqual([model.info.height, model.info.width], [150, 150]);
  const js = model.predict(jsStudy(files));
  const native = JSON.parse(run(POLARCAD, ['predict', '--model', file, '--study', ...files, '--json']));
  near(js.p_cad, native.p_cad, TOLERANCE, 'resized model P(CAD)');
  assert.equal(js.class, native.class);
  for (const t of TERRITORIES)
    near(js.gradcam?.territories[t] ?? NaN, native.gradcam.territories[t], TOLERANCE + SHARE_PRINT, `resized ${t}`);
  model.dispose();
  // Without the training source the same size is refused, with the tool's words.
  const foreign = path.join(dir, 'acnac-150-foreign.pcm');
  run(MAKE_TEST_MODEL, [foreign, 'acnac', '150', '150', '0.125', '5']);
  assert.throws(() => pc.loadModel(new Uint8Array(readFileSync(foreign)), 'foreign.pcm'),
    /foreign\.pcm takes 150 x 150 images, but the acnac montage is 300 x 300: a model for another input size/);
});

test('a study in a colour table the model was not trained on: the same warning as native predict', () => {
  // The metadata's "colormaps" (polarcad train writes it) lists the tables of the training
  // maps; the samples are in cool, so a model trained on grey and thermal maps warns.
  const file = path.join(dir, 'acnac-gray.pcm');
  run(MAKE_TEST_MODEL, [file, 'acnac', '300', '300', '0.125', '5', '{"trained_on": "random weights", "colormaps": ["gray", "thermal"]}']);
  const files = samplePaths('lad-ischaemia');
  const model = pc.loadModel(new Uint8Array(readFileSync(file)), file);
  const study = jsStudy(files);
  const js = model.predict(study, { gradcam: false });
  const native = JSON.parse(run(POLARCAD, ['predict', '--model', file, '--study', ...files, '--json', '--no-normals']));
  assert.match(js.warning, /^the maps are in the cool colour table, but this model was trained on maps in gray, thermal only: they were drawn again in gray/);
  assert.deepEqual(native.warnings, [js.warning]);
  assert.equal(js.network_colormap, 'gray');
  assert.equal(native.network_colormap, js.network_colormap);
  // What the network read is grey (r = g = b) wherever the cool maps were: nearly every
  // pixel of the montage (black outside the discs is grey too), and of every tile.
  const { montage, tiles } = js.network_input;
  assert.deepEqual([montage.height, montage.width], [300, 300]);
  const greyShare = (/** @type {{rgb: Uint8Array}} */ im) => {
    let grey = 0;
    for (let i = 0; i < im.rgb.length; i += 3) grey += +(im.rgb[i] === im.rgb[i + 1] && im.rgb[i + 1] === im.rgb[i + 2]);
    return grey / (im.rgb.length / 3);
  };
  assert.ok(greyShare(montage) > 0.99, `montage grey share ${greyShare(montage)}`);
  for (const map of MAPS) {
    const own = study.maps[map]?.tile, seen = tiles[map];
    assert.ok(own && seen, map);
    assert.ok(greyShare(seen) > 0.99 && greyShare(own) < 0.8, `${map}: grey ${greyShare(seen)} read, ${greyShare(own)} given`);
  }
  model.dispose();
  // A model trained on cool maps, or one that does not say: no warning, and the network
  // reads the study's own tiles, byte for byte.
  for (const meta of ['{"colormaps": ["cool"]}', '{}']) {
    run(MAKE_TEST_MODEL, [file, 'acnac', '300', '300', '0.125', '5', meta]);
    const m = pc.loadModel(new Uint8Array(readFileSync(file)), file);
    const p = m.predict(study, { gradcam: false });
    assert.equal(p.warning, '', meta);
    assert.equal(p.network_colormap, 'cool', meta);
    for (const map of MAPS) assert.deepEqual(p.network_input.tiles[map], study.maps[map]?.tile, `${meta} ${map}`);
    m.dispose();
  }
});
