// @ts-check
// study.test.mjs: the page's study reader (web/study.js) on the bundled sample studies
// and on faulty files, in Node: what each map's slot and the montage will show.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { loadPolarcad, MAPS } from '../../web/lib/polarcad.mjs';
import { readStudy } from '../../web/study.js';
import { makePng } from './images.mjs';

/** @typedef {import('../../web/lib/polarcad.mjs').MapName} MapName */
/** @typedef {import('../../web/study.js').StudyFile} StudyFile */

const pc = await loadPolarcad();

/** The four maps of a bundled sample study (web/samples/<slug>/, 256 x 256 exports).
 *  @param {string} slug @returns {Promise<Record<MapName, StudyFile>>} */
async function sampleFiles(slug) {
  /** @type {Partial<Record<MapName, StudyFile>>} */
  const files = {};
  for (const map of MAPS) {
    const bytes = await readFile(new URL(`../../web/samples/${slug}/${map}.png`, import.meta.url));
    files[map] = { name: `${slug}_${map}.png`, bytes: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) };
  }
  return /** @type {Record<MapName, StudyFile>} */ (files);
}

test('a sample study: every disc found, filling its export, and the 300 x 300 montage', async (t) => {
  const t0 = performance.now();
  const report = readStudy(pc, 'acnac', await sampleFiles('lad-ischaemia'));
  const ms = performance.now() - t0;
  assert.equal(report.error, null);
  assert.equal(report.table, 'cool');   // the table the generator rendered these with
  assert.ok(report.montage);
  assert.equal(report.montage.width, 300);
  assert.equal(report.montage.height, 300);
  for (const map of MAPS) {
    const r = report.maps[map];
    assert.ok(r && r.disc, map);
    assert.equal(r.error, null, map);
    assert.deepEqual([r.width, r.height], [256, 256], map);
    // The exports are the disc alone: centre (128, 128), radius 128.
    assert.ok(Math.abs(r.disc.cx - 128) < 0.5 && Math.abs(r.disc.cy - 128) < 0.5, `${map} centre ${r.disc.cx}, ${r.disc.cy}`);
    assert.ok(Math.abs(r.disc.radius - 128) < 0.5, `${map} radius ${r.disc.radius}`);
    assert.ok(r.disc.edgeAgreement > 0.95 && r.disc.fill > 0.95, `${map} fit ${JSON.stringify(r.disc)}`);
    assert.ok(r.unmatchedFraction !== null && r.unmatchedFraction < 0.02, `${map} unmatched ${r.unmatchedFraction}`);
  }
  t.diagnostic(`sample study lad-ischaemia read in ${ms.toFixed(0)} ms (first study: decode, preprocess, montage)`);
});

test('the AC dataset reads only its two maps', async () => {
  const report = readStudy(pc, 'ac', await sampleFiles('normal'));
  assert.equal(report.error, null);
  assert.deepEqual(Object.keys(report.maps), ['stress_ac', 'rest_ac']);
  assert.deepEqual([report.montage?.width, report.montage?.height], [300, 150]);
});

test('every map that fails gets its own message; the others keep their disc', async () => {
  const files = await sampleFiles('normal');
  const grey = makePng(200, 200, () => [128, 128, 128]);
  files.rest_nac = { name: 'blank_rest_nac.png', bytes: grey.buffer };
  files.rest_ac = { name: 'blank_rest_ac.png', bytes: grey.buffer };
  const report = readStudy(pc, 'acnac', files);
  assert.match(report.error || '', /blank_rest_nac\.png: no polar map found/);   // the first failure
  assert.equal(report.montage, null);
  assert.match(report.maps.rest_nac?.error || '', /blank_rest_nac\.png: no polar map found/);
  assert.match(report.maps.rest_ac?.error || '', /blank_rest_ac\.png: no polar map found/);
  for (const map of /** @type {MapName[]} */ (['stress_nac', 'stress_ac'])) {
    assert.equal(report.maps[map]?.error, null, map);
    assert.ok(report.maps[map]?.disc, map);
  }
});

test('a file that does not decode is named; the maps that do still show their disc', async () => {
  const files = await sampleFiles('normal');
  files.stress_ac = { name: 'notes_stress_ac.png', bytes: new TextEncoder().encode('hello').buffer };
  const report = readStudy(pc, 'acnac', files);
  assert.match(report.error || '', /notes_stress_ac\.png: not a PNG, JPEG or BMP image/);
  assert.match(report.maps.stress_ac?.error || '', /notes_stress_ac\.png/);
  assert.equal(report.maps.stress_ac?.disc, null);
  assert.equal(report.montage, null);
  assert.ok(report.maps.stress_nac?.disc);
  assert.deepEqual([report.maps.stress_nac?.width, report.maps.stress_nac?.height], [256, 256]);
});

test('a map cut off by the image edge is read, and its slot carries the core\'s warning', async () => {
  const files = await sampleFiles('normal');
  // The sample's 256 px export pasted 24 px beyond the left edge of a grey capture.
  const decoded = pc.decodeImage(new Uint8Array(files.stress_ac.bytes), 'export.png');
  const at = (/** @type {number} */ x, /** @type {number} */ y) => {
    const i = 3 * (y * decoded.width + x);
    return /** @type {[number, number, number]} */ ([decoded.rgb[i], decoded.rgb[i + 1], decoded.rgb[i + 2]]);
  };
  const capture = makePng(400, 320, (x, y) => {
    const u = x + 24, v = y - 30;
    return u >= 0 && u < 256 && v >= 0 && v < 256 ? at(u, v) : [90, 90, 96];
  });
  files.stress_ac = { name: 'cut.png', bytes: capture.buffer.slice(capture.byteOffset, capture.byteOffset + capture.length) };
  const report = readStudy(pc, 'acnac', files);
  assert.equal(report.error, null);
  assert.match(report.maps.stress_ac?.warning ?? '', /^cut\.png: part of the disc is outside the image/);
  assert.equal(report.maps.rest_ac?.warning, '');   // a whole export: nothing to warn about
});
