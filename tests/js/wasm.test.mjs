// @ts-check
// wasm.test.mjs: the WebAssembly core through its JS wrapper, in Node 20, on real
// PNG and JPEG bytes made here, and on bad bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPolarcad, MAPS, DATASETS, DATASET_MAPS } from '../../web/lib/polarcad.mjs';
import { makePng, makeJpeg, rgbOf, bullseye, onBackground } from './images.mjs';

/** @typedef {import('../../web/lib/polarcad.mjs').MapName} MapName */
/** @typedef {import('../../web/lib/polarcad.mjs').RgbImage} RgbImage */

const pc = await loadPolarcad();
/** @param {number} x @param {number} y */
const pattern = (x, y) => [(x * 7) & 255, (y * 13) & 255, (x * y) & 255];

test('the map and dataset lists are the C core\'s, in its order', () => {
  assert.deepEqual(MAPS.map((_, i) => pc.M.UTF8ToString(pc.M._pcw_map_name(i))), [...MAPS]);
  assert.deepEqual(DATASETS.map((_, i) => pc.M.UTF8ToString(pc.M._pcw_dataset_name(i))), [...DATASETS]);
});

test('version is the core library version', () => {
  assert.match(pc.version, /^\d+\.\d+\.\d+$/);
});

test('decodes a PNG exactly', () => {
  const png = makePng(33, 21, pattern);
  const image = pc.decodeImage(png, 'pattern.png');
  assert.equal(image.width, 33);
  assert.equal(image.height, 21);
  assert.deepEqual(image.rgb, rgbOf(33, 21, pattern));
});

test('composites a transparent PNG on black', () => {
  const png = makePng(2, 1, (x) => (x ? [10, 20, 30, 255] : [255, 255, 255, 0]), { alpha: true });
  const image = pc.decodeImage(png, 'alpha.png');
  assert.deepEqual([...image.rgb], [0, 0, 0, 10, 20, 30]);
});

test('decodes a JPEG close to its source', () => {
  const smooth = bullseye(120, 1);
  const image = pc.decodeImage(makeJpeg(120, 120, smooth, 92), 'map.jpg');
  const ref = rgbOf(120, 120, smooth);
  let err = 0;
  for (let i = 0; i < ref.length; i++) err += Math.abs(ref[i] - image.rgb[i]);
  assert.ok(err / ref.length < 4, `mean absolute error ${err / ref.length}`);
});

test('bad bytes throw an Error with the core message naming the file', () => {
  assert.throws(() => pc.decodeImage(new Uint8Array(0), 'empty.png'), /empty\.png: the file is empty/);
  assert.throws(() => pc.decodeImage(new TextEncoder().encode('hello world'), 'notes.txt'),
    /notes\.txt: not a PNG, JPEG or BMP image; it looks like text/);
  const jpg = makeJpeg(64, 64, pattern, 80);
  assert.throws(() => pc.decodeImage(jpg.slice(0, jpg.length >> 1), 'cut.jpg'), /cut\.jpg: JPEG data ends before/);
  const png = makePng(64, 64, pattern);
  assert.throws(() => pc.decodeImage(png.slice(0, 100), 'cut.png'), /cut\.png: corrupt or truncated PNG/);
  const huge = makePng(1, 1, pattern);
  Buffer.from(huge.buffer).writeUInt32BE(9001, 16);   // claim 9001 px wide: refused before decoding
  assert.throws(() => pc.decodeImage(huge, 'huge.png'), /huge\.png: 9001 x 1 pixels is over the limit/);
  assert.throws(() => pc.decodeImage(/** @type {any} */ ('not bytes')), TypeError);
});

// A disc of one colour of the thermal table (so the study's colour table is found) on
// black, in an image of another size than the tile's, one colour per map.
/** @type {Record<MapName, number[]>} */
const DISC_COLOURS = { stress_nac: [222, 104, 13], rest_nac: [254, 188, 65], stress_ac: [138, 40, 1], rest_ac: [254, 254, 254] };
/** @param {MapName} map @returns {RgbImage} */
function flatDisc(map) {
  const size = 180 + map.length;
  return pc.decodeImage(makePng(size, size, onBackground(() => DISC_COLOURS[map], size - 20,
    { left: 10, top: 10, background: [0, 0, 0] })), `${map}.png`);
}

test('montages all three datasets at the paper sizes with tiles in place', () => {
  /** @type {Partial<Record<MapName, RgbImage>>} */
  const maps = {};
  for (const map of MAPS) maps[map] = flatDisc(map);
  /** @type {Record<string, number[]>} */
  const expect = { acnac: [300, 300], ac: [150, 300], nac: [150, 300] };
  for (const dataset of DATASETS) {
    const [h, w] = expect[dataset];
    const m = pc.preprocessStudy(maps, { dataset }).montage;
    assert.ok(m, dataset);
    assert.equal(m.height, h, dataset);
    assert.equal(m.width, w, dataset);
    for (const [i, slot] of DATASET_MAPS[dataset].entries()) {
      const top = dataset === 'acnac' && i >= 2 ? 150 : 0, left = i % 2 ? 150 : 0;
      const at = ((top + 75) * w + left + 75) * 3;
      assert.deepEqual([...m.rgb.slice(at, at + 3)], DISC_COLOURS[slot], `${dataset} ${slot}`);
      const corner = ((top + 2) * w + left + 2) * 3;   // outside the disc: masked black
      assert.deepEqual([...m.rgb.slice(corner, corner + 3)], [0, 0, 0], `${dataset} ${slot} corner`);
    }
  }
});

test('each map\'s disc is found where it was drawn, in the source image\'s pixels', () => {
  // A 300 px map at (60, 40) in a 420 x 380 grey "screen capture".
  const capture = makePng(420, 380, onBackground(bullseye(300, 0), 300, { left: 60, top: 40, background: [90, 90, 96] }));
  const study = pc.preprocessStudy({ stress_ac: pc.decodeImage(capture, 'capture.png') }, { dataset: undefined });
  const result = study.maps.stress_ac;
  assert.ok(result);
  const { cx, cy, radius, edgeAgreement, fill } = result.disc;
  assert.ok(Math.abs(cx - 210) < 1 && Math.abs(cy - 190) < 1, `centre ${cx}, ${cy}`);
  assert.ok(Math.abs(radius - 150) < 1.5, `radius ${radius}`);
  assert.ok(edgeAgreement > 0.9 && edgeAgreement <= 1, `edge agreement ${edgeAgreement}`);
  assert.ok(fill > 0.9 && fill <= 1, `fill ${fill}`);
  assert.ok(result.unmatchedFraction >= 0 && result.unmatchedFraction < 0.05, `unmatched ${result.unmatchedFraction}`);
  assert.equal(study.table, 'thermal');
  assert.equal(study.montage, null);   // no dataset asked for
  assert.deepEqual(Object.keys(study.maps), ['stress_ac']);
  assert.equal(result.cutOffShare, 0);   // the whole disc is in the image: nothing to warn about
  assert.equal(result.warning, '');
});

test('a disc cut off by the image edge is read, and the study result says how much is missing', () => {
  // The same 300 px map with its left 20 px beyond the image's left edge: 2.9% of its area,
  // 2.5% less the edge slack (1.8 px) that counts as the rounding of a tight crop.
  const capture = makePng(420, 380, onBackground(bullseye(300, 0), 300, { left: -20, top: 40, background: [90, 90, 96] }));
  const study = pc.preprocessStudy({ stress_ac: pc.decodeImage(capture, 'cut.png') },
    { dataset: undefined, names: { stress_ac: 'cut.png' } });
  const result = study.maps.stress_ac;
  assert.ok(result);
  assert.ok(Math.abs(result.disc.cx - 130) < 1.5 && Math.abs(result.disc.radius - 150) < 1.5, JSON.stringify(result.disc));
  assert.ok(result.cutOffShare > 0.018 && result.cutOffShare < 0.032, `cut off ${result.cutOffShare}`);
  assert.match(result.warning, /^cut\.png: part of the disc is outside the image \(\d+% of its rim is inside/);
  assert.match(result.warning, /left out of the counts/);
});

test('a missing map, an unknown dataset or a map with no disc is an error, not a crash', () => {
  const map = flatDisc('stress_ac');
  assert.throws(() => pc.preprocessStudy({ stress_nac: flatDisc('stress_nac'), stress_ac: map, rest_ac: flatDisc('rest_ac') },
    { dataset: 'acnac' }),
    /rest_nac map is missing/);
  assert.throws(() => pc.preprocessStudy({}, { dataset: /** @type {any} */ ('both') }), /unknown dataset 'both'/);
  assert.throws(() => pc.preprocessStudy({ stress_ac: map, rest_ac: { width: 2, height: 2, rgb: new Uint8Array(3) } },
    { dataset: 'ac' }), /rest_ac: expected \{width, height, rgb\}/);
  assert.throws(() => pc.preprocessStudy({}, { dataset: 'ac' }), /the study has no maps/);
  const grey = pc.decodeImage(makePng(200, 200, () => [128, 128, 128]), 'grey.png');
  assert.throws(() => pc.preprocessStudy({ stress_ac: map, rest_ac: grey }, { dataset: 'ac', names: { rest_ac: 'c7_rest_ac.png' } }),
    /c7_rest_ac\.png: no polar map found/);
});

test('an image whose bytes do not match its size is refused before it is copied in', () => {
  // Longer would write past the C buffer, shorter would leave pixels unset: both throw.
  for (const length of [2 * 2 * 3 + 3, 2 * 2 * 3 - 3])
    assert.throws(() => pc.resize({ width: 2, height: 2, rgb: new Uint8Array(length) }, 1, 1),
      /expected \{width, height, rgb\} with width\*height\*3 bytes/);
});

test('resize with each filter', () => {
  const src = { width: 4, height: 1, rgb: new Uint8Array([0, 0, 0, 100, 100, 100, 200, 200, 200, 40, 40, 40]) };
  assert.deepEqual([...pc.resize(src, 2, 1, 'area').rgb], [50, 50, 50, 120, 120, 120]);
  assert.equal(pc.resize(src, 8, 3, 'bilinear').width, 8);
  assert.throws(() => pc.resize(src, 0, 1), /size 0 x 1 is empty/);
  assert.throws(() => pc.resize(src, 2, 1, 'lanczos'), /unknown filter/);
});

test('repeated work does not grow wasm memory (no leak)', () => {
  const png = makePng(300, 300, bullseye(300, 2)), png2 = makePng(300, 300, bullseye(300, 1));   // two maps differ
  const decodeMontage = () => {
    const map = pc.decodeImage(png, 'm.png'), map2 = pc.decodeImage(png2, 'm2.png');
    pc.preprocessStudy({ stress_nac: map, rest_nac: map2 }, { dataset: 'nac' });
    assert.throws(() => pc.preprocessStudy({ stress_nac: map, rest_nac: map2 }, { dataset: 'acnac' }));
  };
  for (let i = 0; i < 5; i++) decodeMontage();
  const before = pc.M.HEAPU8.length;
  // Each round makes two studies (about 0.4 MB of tiles and counts): a leak of either
  // outgrows the free heap well before the end.
  for (let i = 0; i < 60; i++) decodeMontage();
  assert.equal(pc.M.HEAPU8.length, before);
});
