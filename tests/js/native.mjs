// @ts-check
// native.mjs: the native tool for the JS tests that compare against it. scripts/test builds
// build/native before the wasm build, so the binaries are there (in scripts/mutate's
// scratch copy the native build is build/mutate); a missing one fails the test with the
// command to run, never skips it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;
const BUILD = ['build/native', 'build/mutate'].map((b) => path.join(ROOT, b))
  .find((b) => existsSync(path.join(b, 'polarcad'))) ?? path.join(ROOT, 'build/native');
export const POLARCAD = path.join(BUILD, 'polarcad');
export const MAKE_TEST_MODEL = path.join(BUILD, 'tests/c/make_test_model');
export const SHIPPED_NORMALS = path.join(ROOT, 'model/normals-low-likelihood.db');
export const SAMPLES = path.join(ROOT, 'web/samples');

/** Runs a native binary and returns its stdout. @param {string} binary @param {string[]} args */
export function run(binary, args) {
  if (!existsSync(binary)) throw new Error(`${binary} is missing: build it first (. scripts/build.sh && pc_build native)`);
  return execFileSync(binary, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
}

/** A new temporary folder, removed when the process ends. */
export function tempDir() {
  const dir = mkdtempSync(path.join(tmpdir(), 'polarcad-js-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Makes a small random VGG16 model file (make_test_model) and its fp16 and int8 exports
 *  (`polarcad export`) in dir; returns their paths by weight type.
 *  @param {string} dir @param {string} dataset @param {number} height @param {number} width
 *  @param {number} [widthMult] @param {number} [seed] */
export function makeModels(dir, dataset, height, width, widthMult = 0.125, seed = 3) {
  const fp32 = path.join(dir, `${dataset}-fp32.pcm`);
  run(MAKE_TEST_MODEL, [fp32, dataset, String(height), String(width), String(widthMult), String(seed),
    '{"trained_on": "random weights (a test model, untrained)"}']);
  /** @type {Record<'fp32' | 'fp16' | 'int8', string>} */
  const files = { fp32, fp16: path.join(dir, `${dataset}-fp16.pcm`), int8: path.join(dir, `${dataset}-int8.pcm`) };
  for (const dtype of /** @type {const} */ (['fp16', 'int8']))
    run(POLARCAD, ['export', '--model', fp32, '--dtype', dtype, '--out', files[dtype]]);
  return files;
}

/** The four map files of a bundled sample study, in the order the CLI takes them (PNG
 *  exports, or the JPEG screen captures whose index.json entry says format 'jpg').
 *  @param {string} slug */
export function samplePaths(slug) {
  const entry = JSON.parse(readFileSync(path.join(SAMPLES, 'index.json'), 'utf8')).samples.find(
    (/** @type {{slug: string}} */ s) => s.slug === slug);
  const ext = entry?.format || 'png';
  return ['stress_nac', 'rest_nac', 'stress_ac', 'rest_ac'].map((m) => path.join(SAMPLES, slug, `${m}.${ext}`));
}

/** The bundled sample studies' slugs (web/samples/index.json). @returns {string[]} */
export function sampleSlugs() {
  return JSON.parse(readFileSync(path.join(SAMPLES, 'index.json'), 'utf8')).samples.map(
    (/** @type {{slug: string}} */ s) => s.slug);
}
