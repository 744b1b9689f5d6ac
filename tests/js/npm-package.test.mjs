// @ts-check
// npm-package.test.mjs: the npm package a teaching site can depend on. scripts/pack-npm
// packs it from the wasm build; it is installed into an empty folder with `npm install
// --offline` (no registry, no download: the package has no dependencies), and a script
// there imports 'polarcad' by name and predicts a bundled sample study. Its result must
// be the repository module's, exactly (the same wasm). A TypeScript file there must
// typecheck against the package's types, and a wrong field must not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { loadPolarcad, MAPS } from '../../web/lib/polarcad.mjs';
import { MAKE_TEST_MODEL, SHIPPED_NORMALS, run, samplePaths, tempDir } from './native.mjs';

const ROOT = new URL('../../', import.meta.url).pathname;
const dir = tempDir();
const consumer = path.join(dir, 'site');
mkdirSync(consumer);
// The site's own package.json, so npm installs here and never looks further up.
writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'teaching-site', private: true }));

const model = path.join(dir, 'model.pcm');
run(MAKE_TEST_MODEL, [model, 'acnac', '300', '300', '0.125', '11', '{"trained_on": "random weights (untrained)"}']);
const files = samplePaths('rca-infarct');

// What the installed package will run: it reads the model, the normal database and the
// four maps given on its command line and prints the prediction and scores as JSON.
const PREDICT = `import { readFileSync } from 'node:fs';
import { loadPolarcad, MAPS } from 'polarcad';
const [model, normals, ...maps] = process.argv.slice(2);
const bytes = (f) => new Uint8Array(readFileSync(f));
const pc = await loadPolarcad();
const images = {}, names = {};
MAPS.forEach((m, i) => { images[m] = pc.decodeImage(bytes(maps[i]), maps[i]); names[m] = maps[i]; });
const study = pc.preprocessStudy(images, { names });
const p = pc.loadModel(bytes(model), model).predict(study);
const scores = pc.loadNormals(bytes(normals), normals).score(study);
for (const m of Object.values(p.gradcam.maps)) m.heat.data = Array.from(m.heat.data);
console.log(JSON.stringify({ version: pc.version, p, scores }));
`;

// A TypeScript user of the package; @ts-expect-error fails the check if the types accept
// a field the API does not have.
const TYPED = `import { loadPolarcad, type Prediction, type SemiqResult } from 'polarcad';
const pc = await loadPolarcad();
const study = pc.preprocessStudy({});
const p: Prediction = pc.loadModel(new Uint8Array(0), 'model.pcm').predict(study, { gradcam: true });
const lad: number = p.gradcam!.maps.stress_ac!.territories.LAD;
const heat: Float32Array = p.gradcam!.maps.rest_ac!.heat.data;
const s: SemiqResult = pc.loadNormals(new Uint8Array(0)).score(study, { sex: 'F' });
const difference: number[] = s.semiq_ac!.segments.difference;
// @ts-expect-error: predict --json has no such field
p.no_such_field;
export { lad, heat, difference };
`;

test('npm pack makes the package; npm install --offline puts it in an empty folder; it predicts a sample', () => {
  const tarball = run(path.join(ROOT, 'scripts/pack-npm'), ['--no-build', dir]).trim().split('\n').pop() ?? '';
  assert.match(path.basename(tarball), /^polarcad-\d+\.\d+\.\d+\.tgz$/);
  const listed = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).trim().split('\n').sort();
  assert.deepEqual(listed, ['LICENSE', 'README.md', 'model.mjs', 'normals.mjs', 'package.json', 'polarcad-core.mjs',
    'polarcad-core.wasm', 'polarcad.d.ts', 'polarcad.mjs', 'study-kinds.mjs'].map((f) => `package/${f}`));

  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball],
    { cwd: consumer, encoding: 'utf8', env: { ...process.env, npm_config_registry: 'http://127.0.0.1:9/' } });
  const installed = path.join(consumer, 'node_modules/polarcad');
  assert.ok(readdirSync(installed).includes('polarcad-core.wasm'));
  const pkg = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8'));

  writeFileSync(path.join(consumer, 'predict.mjs'), PREDICT);
  const out = JSON.parse(execFileSync('node', ['predict.mjs', model, SHIPPED_NORMALS, ...files],
    { cwd: consumer, encoding: 'utf8', maxBuffer: 64 << 20 }));
  assert.equal(out.version, pkg.version, 'the package version is the core\'s');
  assert.match(out.p.disclaimer, /not a diagnostic device/);
  assert.equal(out.p.trained_on, 'trained on: random weights (untrained)');
  assert.equal(Object.keys(out.p.gradcam.maps).length, 4);
  assert.ok(out.scores.semiq_ac.segments.stress.length === 17);
});

test('the installed package gives exactly what the repository module gives', async () => {
  const out = JSON.parse(execFileSync('node', ['predict.mjs', model, SHIPPED_NORMALS, ...files],
    { cwd: consumer, encoding: 'utf8', maxBuffer: 64 << 20 }));
  const pc = await loadPolarcad();
  /** @type {Record<string, import('../../web/lib/polarcad.mjs').RgbImage>} */
  const images = {};
  /** @type {Record<string, string>} */
  const names = {};
  MAPS.forEach((m, i) => { images[m] = pc.decodeImage(new Uint8Array(readFileSync(files[i])), files[i]); names[m] = files[i]; });
  const study = pc.preprocessStudy(images, { names });
  const p = pc.loadModel(new Uint8Array(readFileSync(model)), model).predict(study);
  const scores = pc.loadNormals(new Uint8Array(readFileSync(SHIPPED_NORMALS)), SHIPPED_NORMALS).score(study);
  const plain = JSON.parse(JSON.stringify({ p, scores }, (k, v) => v instanceof Float32Array ? Array.from(v) : v));
  assert.deepEqual({ p: out.p, scores: out.scores }, plain);
});

test('a TypeScript file typechecks against the installed package\'s types; a wrong field does not', () => {
  writeFileSync(path.join(consumer, 'typed.mts'), TYPED);
  writeFileSync(path.join(consumer, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { noEmit: true, strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022',
      types: [] },
    files: ['typed.mts'],
  }));
  const tsc = path.join(ROOT, 'node_modules/.bin/tsc');
  execFileSync(tsc, ['-p', 'tsconfig.json'], { cwd: consumer, encoding: 'utf8' });
  writeFileSync(path.join(consumer, 'typed.mts'), TYPED.replace('// @ts-expect-error: predict --json has no such field\n', ''));
  assert.throws(() => execFileSync(tsc, ['-p', 'tsconfig.json'], { cwd: consumer, encoding: 'utf8' }),
    (/** @type {any} */ err) => /Property 'no_such_field' does not exist on type 'Prediction'/.test(String(err.stdout)));
});
