// wasm.test.mjs: the WebAssembly core through its JS wrapper, in Node 20, on real
// PNG and JPEG bytes made here, and on bad bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPolarcad, DATASET_MAPS } from '../../web/lib/polarcad.mjs';
import { makePng, makeJpeg, rgbOf, bullseye } from './images.mjs';

const pc = await loadPolarcad();
const pattern = (x, y) => [(x * 7) & 255, (y * 13) & 255, (x * y) & 255];

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
  assert.throws(() => pc.decodeImage('not bytes'), TypeError);
});

test('montages all three datasets at the paper sizes with tiles in place', () => {
  const colours = { stress_nac: [200, 0, 0], rest_nac: [0, 200, 0], stress_ac: [0, 0, 200], rest_ac: [200, 200, 0] };
  const maps = {};
  for (const [slot, c] of Object.entries(colours))
    maps[slot] = pc.decodeImage(makePng(180 + slot.length, 170, () => c), `${slot}.png`);
  const expect = { acnac: [300, 300], ac: [150, 300], nac: [150, 300] };
  for (const [dataset, [h, w]] of Object.entries(expect)) {
    const m = pc.montage(dataset, maps);
    assert.equal(m.height, h, dataset);
    assert.equal(m.width, w, dataset);
    const used = DATASET_MAPS[dataset];
    for (const [i, slot] of used.entries()) {
      const top = dataset === 'acnac' && i >= 2 ? 150 : 0, left = i % 2 ? 150 : 0;
      const at = ((top + 75) * w + left + 75) * 3;
      assert.deepEqual([...m.rgb.slice(at, at + 3)], colours[slot], `${dataset} ${slot}`);
    }
  }
});

test('a missing map or unknown dataset is an error, not a crash', () => {
  const map = pc.decodeImage(makePng(150, 150, pattern), 'a.png');
  assert.throws(() => pc.montage('acnac', { stress_nac: map, stress_ac: map, rest_ac: map }), /rest_nac map is missing/);
  assert.throws(() => pc.montage('both', {}), /unknown dataset 'both'/);
  assert.throws(() => pc.montage('ac', { stress_ac: map, rest_ac: { width: 2, height: 2, rgb: new Uint8Array(3) } }),
    /rest_ac: expected \{width, height, rgb\}/);
});

test('resize with each filter', () => {
  const src = { width: 4, height: 1, rgb: new Uint8Array([0, 0, 0, 100, 100, 100, 200, 200, 200, 40, 40, 40]) };
  assert.deepEqual([...pc.resize(src, 2, 1, 'area').rgb], [50, 50, 50, 120, 120, 120]);
  assert.equal(pc.resize(src, 8, 3, 'bilinear').width, 8);
  assert.throws(() => pc.resize(src, 0, 1), /size 0 x 1 is empty/);
  assert.throws(() => pc.resize(src, 2, 1, 'lanczos'), /unknown filter/);
});

test('repeated work does not grow wasm memory (no leak)', () => {
  const png = makePng(300, 300, bullseye(300, 2));
  const decodeMontage = () => {
    const map = pc.decodeImage(png, 'm.png');
    pc.montage('nac', { stress_nac: map, rest_nac: map });
  };
  for (let i = 0; i < 5; i++) decodeMontage();
  const before = pc.M.HEAPU8.length;
  for (let i = 0; i < 200; i++) decodeMontage();
  assert.equal(pc.M.HEAPU8.length, before);
});
