// @ts-check
// memory-limits.test.mjs: the WebAssembly module's memory budget. Images of more than 16
// megapixels (wasm/api.c, PCW_MAX_IMAGE_PIXELS) are refused from their header, with a
// model loaded, before any allocation: the module's memory does not move, the message
// names the file, and the next study predicts. Over the decoder's own limits (8192 px a
// side, 64 megapixels) the message is the native tool's. The largest accepted image is
// decoded. The peak itself is measured by scripts/wasm-memory.mjs (README).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadPolarcad, MAPS } from '../../web/lib/polarcad.mjs';
import { makePng, makeJpeg } from './images.mjs';
import { makeModels, tempDir, samplePaths } from './native.mjs';

const pc = await loadPolarcad();
const models = makeModels(tempDir(), 'acnac', 300, 300);
const model = pc.loadModel(new Uint8Array(readFileSync(models.int8)), 'test.pcm');
const study = () => {
  /** @type {Record<string, import('../../web/lib/polarcad.mjs').RgbImage>} */
  const maps = {};
  samplePaths('normal').forEach((file, i) => { maps[MAPS[i]] = pc.decodeImage(new Uint8Array(readFileSync(file)), file); });
  return pc.preprocessStudy(maps);
};
const reference = model.predict(study()).p_cad;

/** A 1 x 1 PNG whose header claims width x height. @param {number} width @param {number} height */
function pngClaiming(width, height) {
  const png = makePng(1, 1, () => [0, 0, 0]);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  view.setUint32(16, width);
  view.setUint32(20, height);
  return png;
}

/** An 8 x 8 JPEG whose frame header (SOF0) claims width x height. @param {number} width @param {number} height */
function jpegClaiming(width, height) {
  const jpg = makeJpeg(8, 8, () => [200, 100, 50], 90);
  for (let i = 2; i + 9 < jpg.length; i++) {
    if (jpg[i] === 0xff && jpg[i + 1] === 0xc0) {
      const view = new DataView(jpg.buffer, jpg.byteOffset, jpg.byteLength);
      view.setUint16(i + 5, height);
      view.setUint16(i + 7, width);
      return jpg;
    }
  }
  throw new Error('no SOF0 marker in the test JPEG');
}

/** Asserts that fn throws a message matching re and that wasm memory did not grow.
 *  @param {() => unknown} fn @param {RegExp} re */
function refusedInPlace(fn, re) {
  const before = pc.M.HEAPU8.length;
  assert.throws(fn, re);
  assert.equal(pc.M.HEAPU8.length, before, 'wasm memory grew for a refused image');
}

test('a PNG header claiming 60 megapixels is refused from the header with a message; nothing is allocated', () => {
  refusedInPlace(() => pc.decodeImage(pngClaiming(7746, 7746), 'capture.png'),
    /Error: capture\.png: 7746 x 7746 pixels \(60\.0 megapixels\) is over the limit of 16 megapixels in the WebAssembly module.*crop the capture/);
  refusedInPlace(() => pc.decodeImage(pngClaiming(4001, 4000), 'just-over.png'), /just-over\.png: 4001 x 4000 pixels \(16\.0 megapixels\) is over the limit of 16 megapixels/);
  assert.ok(Math.abs(model.predict(study()).p_cad - reference) < 1e-7, 'the next study predicts as before');
});

test('a JPEG frame header claiming 60 megapixels is refused the same way', () => {
  refusedInPlace(() => pc.decodeImage(jpegClaiming(7746, 7746), 'capture.jpg'),
    /capture\.jpg: 7746 x 7746 pixels \(60\.0 megapixels\) is over the limit of 16 megapixels/);
});

test('over the decoder\'s own limits the message is the native tool\'s', () => {
  refusedInPlace(() => pc.decodeImage(pngClaiming(100000, 100000), 'bomb.png'),
    /bomb\.png: 100000 x 100000 pixels is over the limit \(8192 px a side, 64 megapixels\)/);
  refusedInPlace(() => pc.decodeImage(pngClaiming(9000, 16), 'wide.png'),
    /wide\.png: 9000 x 16 pixels is over the limit \(8192 px a side, 64 megapixels\)/);
});

test('a decoded image handed in by JS is held to the same budget', () => {
  const width = 4001, height = 4000;
  refusedInPlace(() => pc.preprocessStudy({ stress_ac: { width, height, rgb: new Uint8Array(width * height * 3) } }),
    /4001 x 4000 pixels \(16\.0 megapixels\) is over the limit of 16 megapixels/);
});

test('the largest image the module accepts (4000 x 4000) is decoded, and the model still predicts', () => {
  const image = pc.decodeImage(makePng(4000, 4000, () => [0, 0, 0]), 'largest.png');
  assert.equal(image.width * image.height, 16e6);
  assert.throws(() => pc.preprocessStudy({ stress_ac: image }, { names: { stress_ac: 'largest.png' } }),
    /largest\.png: no polar map found/);
  assert.ok(Math.abs(model.predict(study()).p_cad - reference) < 1e-7);
  assert.ok(pc.M.HEAPU8.length < 512 * 2 ** 20, `${pc.M.HEAPU8.length / 2 ** 20} MB`);
});
