// @ts-check
// bad-corpus.test.mjs: the image and model rows of the bad-input corpus (tests/data/bad/expected.tsv)
// through the WebAssembly API in Node: decodeImage, then preprocessStudy with that map alone
// ("twice": as two maps). A refused file throws an Error whose message names the file and
// holds the table's fragment, the same text the native tool prints; the module keeps
// working afterwards, and 1000 failures leave its memory where it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadPolarcad } from '../../web/lib/polarcad.mjs';
import { makePng } from './images.mjs';

const BAD = new URL('../data/bad/', import.meta.url);
const rows = readFileSync(new URL('expected.tsv', BAD), 'utf8').split('\n')
  .filter((line) => line && !line.startsWith('#')).map((line) => line.split('\t'))
  .filter(([, door]) => door === 'image' || door === 'twice');
const pc = await loadPolarcad();
const good = readFileSync(new URL('../../web/samples/normal/stress_ac.png', import.meta.url));

/** The study pipeline on one file, as the page runs it. @param {string} file @param {string} door */
function run(file, door) {
  const bytes = new Uint8Array(readFileSync(new URL(file, BAD)));
  const image = pc.decodeImage(bytes, file);
  const maps = door === 'twice' ? { stress_nac: image, rest_nac: image } : { stress_nac: image };
  return pc.preprocessStudy(maps, { names: { stress_nac: file, rest_nac: file } });
}

test('every image of the corpus: refused with the native message, or accepted', () => {
  assert.ok(rows.length >= 50, `${rows.length} image rows`);
  const failures = [];
  for (const [file, door, code, fragment] of rows) {
    let message = null;
    try {
      run(file, door);
    } catch (err) {
      assert.ok(err instanceof Error, `${file}: threw a ${typeof err}`);
      message = err.message;
    }
    const ok = code === '0' ? message === null : message !== null && message.includes(file) && message.includes(fragment);
    if (!ok) failures.push(`${file}: ${message ?? 'accepted'} (want ${code === '0' ? 'accepted' : fragment})`);
  }
  assert.deepEqual(failures, []);
});

test('after 1000 failures the module still works and its memory has not grown', () => {
  const bad = new Uint8Array(readFileSync(new URL('cut-05972.png', BAD)));
  const blank = new Uint8Array(readFileSync(new URL('blank.png', BAD)));
  const fail = (/** @type {number} */ i) => assert.throws(() => i % 2 ? pc.decodeImage(bad, 'cut.png')
    : pc.preprocessStudy({ stress_ac: pc.decodeImage(blank, 'blank.png') }), Error);
  for (let i = 0; i < 20; i++) fail(i);   // warm-up: the allocator settles
  const before = pc.M.HEAPU8.length;
  for (let i = 0; i < 1000; i++) fail(i);
  assert.equal(pc.M.HEAPU8.length, before, 'wasm memory grew across 1000 failures');
  const study = pc.preprocessStudy({ stress_ac: pc.decodeImage(new Uint8Array(good), 'stress_ac.png') });
  assert.ok(study.maps.stress_ac && study.maps.stress_ac.disc.radius > 100);
});

test('a 60-megapixel PNG: decoded and searched within the memory limit, or refused, never a crash', () => {
  const side = 7746;   // 60 megapixels, under the decoder's 64-megapixel limit
  const png = makePng(side, side, () => [0, 0, 0]);
  let message = '';
  try {
    pc.preprocessStudy({ stress_ac: pc.decodeImage(png, 'huge.png') }, { names: { stress_ac: 'huge.png' } });
  } catch (err) {
    message = /** @type {Error} */ (err).message;
  }
  assert.match(message, /huge\.png/);
  assert.equal(pc.decodeImage(new Uint8Array(good), 'again.png').width, 256);
});

// The model rows ("model": refused by the loader; "predict": valid files no prediction can use)
// through loadModel, as the page will load a model someone gives it.
const modelRows = readFileSync(new URL('expected.tsv', BAD), 'utf8').split('\n')
  .filter((line) => line && !line.startsWith('#')).map((line) => line.split('\t'))
  .filter(([, door]) => door === 'model' || door === 'predict');

test('every model file of the corpus: loadModel throws the native message; memory does not grow', () => {
  assert.ok(modelRows.length >= 12, `${modelRows.length} model rows`);
  const failures = [];
  for (const [file, , , fragment] of modelRows) {
    let message = null;
    try {
      pc.loadModel(new Uint8Array(readFileSync(new URL(file, BAD))), file).dispose();
    } catch (err) {
      assert.ok(err instanceof Error, `${file}: threw a ${typeof err}`);
      message = err.message;
    }
    if (message === null || !message.includes(file) || !message.includes(fragment))
      failures.push(`${file}: ${message ?? 'loaded'} (want ${fragment})`);
  }
  assert.deepEqual(failures, []);
  const forged = new Uint8Array(readFileSync(new URL('model-forged.pcm', BAD)));
  for (let i = 0; i < 20; i++) assert.throws(() => pc.loadModel(forged, 'forged.pcm'), Error);
  const before = pc.M.HEAPU8.length;
  for (let i = 0; i < 200; i++) assert.throws(() => pc.loadModel(forged, 'forged.pcm'), Error);
  assert.equal(pc.M.HEAPU8.length, before, 'wasm memory grew across 200 refused models');
  assert.equal(pc.decodeImage(new Uint8Array(good), 'after.png').width, 256);
});
