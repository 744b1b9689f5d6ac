// scripts/wasm-memory.mjs: the wasm memory a prediction takes, measured in Node.
//
//   node scripts/wasm-memory.mjs MODEL.pcm [MODEL2.pcm ...]
//
// For each model file, in a fresh module (wasm memory only grows, so its size after a step
// is the peak up to that step): the memory at start, after preprocessing a bundled sample
// study, after loading the model, after one prediction with Grad-CAM, after a second one
// (a leak would grow it), and after decoding and preprocessing a 4000 x 4000 PNG with
// the model still loaded (16 megapixels: the largest image the module accepts, wasm/api.c).
// Prints MB (2^20 bytes). Needs the wasm build (web/lib/).
import { readFileSync } from 'node:fs';
import { loadPolarcad, MAPS } from '../web/lib/polarcad.mjs';
import { makePng } from '../tests/js/images.mjs';

const files = process.argv.slice(2);
if (!files.length) {
  console.error('usage: node scripts/wasm-memory.mjs MODEL.pcm [MODEL2.pcm ...]');
  process.exit(2);
}
const MB = 2 ** 20;
const sample = new URL('../web/samples/lad-ischaemia/', import.meta.url);
const largest = makePng(4000, 4000, () => [0, 0, 0]);

for (const file of files) {
  const pc = await loadPolarcad();
  const size = () => (pc.M.HEAPU8.length / MB).toFixed(1);
  const row = [`start ${size()}`];
  /** @type {Record<string, import('../web/lib/polarcad.mjs').RgbImage>} */
  const maps = {};
  for (const m of MAPS) maps[m] = pc.decodeImage(new Uint8Array(readFileSync(new URL(`${m}.png`, sample))), m);
  const study = pc.preprocessStudy(maps);
  row.push(`study ${size()}`);
  const model = pc.loadModel(new Uint8Array(readFileSync(file)), file);
  row.push(`model loaded ${size()}`);
  const t0 = performance.now();
  const p = model.predict(study);
  const ms = performance.now() - t0;
  row.push(`predict + Grad-CAM ${size()}`);
  model.predict(study);
  row.push(`again ${size()}`);
  let big = 'preprocessed';
  try {
    pc.preprocessStudy({ stress_ac: pc.decodeImage(largest, 'largest.png') });
  } catch (err) {
    big = /** @type {Error} */ (err).message.replace(/^largest\.png: /, '').slice(0, 40);
  }
  row.push(`+ a 16 MP PNG ${size()} (${big})`);
  const i = model.info;
  console.log(`${file}: ${i.arch} x${i.width_mult} ${i.dataset} ${i.height}x${i.width} ${i.weights}, ` +
              `P(CAD) ${p.p_cad.toFixed(4)}, ${ms.toFixed(0)} ms`);
  console.log(`  wasm memory MB: ${row.join(', ')}`);
  model.dispose();
  pc.dispose();
}
