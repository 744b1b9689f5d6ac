// bench_wasm.mjs BUILD_DIR [--reps N] [--warmup N] [--conv IMPL] [--sizes HxW,...] [--layers HxW]
//
// The WebAssembly engine against TF.js's wasm backend (XNNPACK inside), both in this Node
// process, one thread each, batch 1, on the same VGG16 + head (500/250/2) with THE SAME
// WEIGHTS: ours are created from seed 1 (Keras initialisation, then small random biases so
// that the bias path is compared too) and copied into TF.js tensors (HWIO kernels are TF's
// filter layout; dense kernels are (in, out) in both). Both get the same preprocessed float
// input. Runs alternate ours / TF.js so that both see the same machine; each side's time is
// the median of --reps runs after --warmup runs. Prints a table: ms, ratio, and how far the
// two outputs are apart (logits and softmax probabilities).
// --layers HxW instead times every VGG16 conv layer at that input size with each of our
// conv implementations (the measurements behind kernels.c's AUTO choice).
// A benchmark, not a test: scripts/bench-wasm runs it; nothing here is downloaded (TF.js's
// .wasm files are read from node_modules by its Node build).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';

const argv = process.argv.slice(2);
const build = argv[0];
const opt = (name, fallback) => {
  const i = argv.indexOf(name);
  return i > 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
};
const reps = Number(opt('--reps', '7')), warmup = Number(opt('--warmup', '2'));
const conv = opt('--conv', 'auto');
const parseSize = (s) => s.split('x').map(Number);
const sizes = opt('--sizes', '150x150,150x300,300x300').split(',').map(parseSize);
const layersAt = opt('--layers', '');

const require = createRequire(import.meta.url);
const createBenchWasm = require(path.resolve(build, 'bench_wasm.cjs'));
const M = await createBenchWasm({ wasmBinary: readFileSync(path.resolve(build, 'bench_wasm.wasm')) });

function cString(s) {
  const n = M.lengthBytesUTF8(s) + 1, p = M._malloc(n);
  M.stringToUTF8(s, p, n);
  return p;
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// The 13 VGG16 convolutions: [block, convs in the block, channels].
const VGG16 = [[1, 2, 64], [2, 2, 128], [3, 3, 256], [4, 3, 512], [5, 3, 512]];

if (layersAt) {
  const [h0, w0] = parseSize(layersAt);
  const impls = ['wasmsimd', 'winograd', 'winograd4x4'];
  console.log(`VGG16 conv layers at ${h0}x${w0}, ms (GFLOP/s counted as the direct 2 x MACs), median of ${reps}`);
  console.log(['layer', 'h x w', 'ci', 'co', ...impls].map((s) => s.padStart(13)).join(''));
  const total = Object.fromEntries(impls.map((i) => [i, 0]));
  let h = h0, w = w0, ci = 3;
  for (const [block, count, co] of VGG16) {
    for (let j = 1; j <= count; j++) {
      const cells = [];
      for (const impl of impls) {
        const p = cString(impl);
        const ms = M._bench_conv_ms(h, w, ci, co, p, reps);
        M._free(p);
        total[impl] += ms;
        const gflops = (2 * 9 * h * w * ci * co) / (ms * 1e6);
        cells.push(`${ms.toFixed(1)} (${gflops.toFixed(0)})`);
      }
      console.log([`block${block}_conv${j}`, `${h}x${w}`, ci, co, ...cells].map((s) => String(s).padStart(13)).join(''));
      ci = co;
    }
    h = Math.floor(h / 2), w = Math.floor(w / 2);
  }
  console.log(['total', '', '', '', ...impls.map((i) => total[i].toFixed(1))].map((s) => String(s).padStart(13)).join(''));
  process.exit(0);
}

setThreadsCount(1);
await tf.setBackend('wasm');
await tf.ready();
const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
console.log(`TF.js ${tf.version.tfjs}, backend ${tf.getBackend()} (SIMD ${simd}, threads ${threads ? 'available, set to 1' : 'none'}); ` +
            `ours: conv '${conv}', 1 thread; median of ${reps} runs after ${warmup} warm-up, alternating`);

let seed = 12345;   // a small LCG: the same numbers on every run
const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);

const rows = [];
for (const [h, w] of sizes) {
  const convName = cString(conv);
  const m = M._bench_vgg_create(h, w, convName);
  M._free(convName);
  if (!m) throw new Error(`bench_vgg_create ${h}x${w}: ${M.UTF8ToString(M._bench_error())}`);
  const impl = M.UTF8ToString(M._bench_vgg_conv_impl(m));
  // The parameters, by name; biases get small random values (written back, then re-packed).
  const params = {};
  for (let i = 0; i < M._bench_vgg_tensor_count(m); i++) {
    const name = M.UTF8ToString(M._bench_vgg_tensor_name(m, i));
    const dims = Array.from({ length: M._bench_vgg_tensor_ndim(m, i) }, (_, d) => M._bench_vgg_tensor_dim(m, i, d));
    const count = dims.reduce((a, b) => a * b, 1), p = M._bench_vgg_tensor_data(m, i) >> 2;
    if (name.endsWith('/bias')) for (let k = 0; k < count; k++) M.HEAPF32[p + k] = (rand() - 0.5) * 0.2;
    params[name] = tf.tensor(M.HEAPF32.slice(p, p + count), dims);
  }
  M._bench_vgg_sync(m);

  // One preprocessed image (Keras "caffe": BGR minus the ImageNet means, no scaling).
  const means = [103.939, 116.779, 123.68];
  const x = new Float32Array(h * w * 3).map((_, i) => Math.floor(rand() * 256) - means[i % 3]);
  const xPtr = M._malloc(x.length * 4), outPtr = M._malloc(16);
  M.HEAPF32.set(x, xPtr >> 2);
  const xT = tf.tensor4d(x, [1, h, w, 3]);

  const oursOnce = () => {
    const t0 = performance.now();
    if (M._bench_vgg_predict(m, xPtr, outPtr, outPtr + 8) !== 0) throw new Error(M.UTF8ToString(M._bench_error()));
    const ms = performance.now() - t0;
    const o = M.HEAPF32.slice(outPtr >> 2, (outPtr >> 2) + 4);
    return { ms, logits: [o[0], o[1]], probs: [o[2], o[3]] };
  };
  const tfOnce = () => {
    const t0 = performance.now();
    const logits = tf.tidy(() => {
      let y = xT;
      for (const [block, count] of VGG16) {
        for (let j = 1; j <= count; j++) {
          const l = `block${block}_conv${j}`;
          y = tf.fused.conv2d({ x: y, filter: params[`${l}/kernel`], strides: 1, pad: 'same',
                                bias: params[`${l}/bias`], activation: 'relu' });
        }
        y = tf.maxPool(y, 2, 2, 'valid');
      }
      y = tf.max(y, [1, 2]);   // global max pooling
      y = tf.fused.matMul({ a: y, b: params['dense/kernel'], bias: params['dense/bias'], activation: 'relu' });
      y = tf.fused.matMul({ a: y, b: params['dense_1/kernel'], bias: params['dense_1/bias'], activation: 'relu' });
      return tf.add(tf.matMul(y, params['dense_2/kernel']), params['dense_2/bias']);
    });
    const l = logits.dataSync();
    const ms = performance.now() - t0;
    const probs = tf.tidy(() => tf.softmax(logits).dataSync());
    logits.dispose();
    return { ms, logits: [l[0], l[1]], probs: [probs[0], probs[1]] };
  };

  const ours = [], peer = [];
  let a, b;
  for (let r = 0; r < warmup + reps; r++) {
    a = oursOnce(), b = tfOnce();
    if (r >= warmup) ours.push(a.ms), peer.push(b.ms);
  }
  const dLogit = Math.max(...a.logits.map((v, i) => Math.abs(v - b.logits[i])));
  const dProb = Math.max(...a.probs.map((v, i) => Math.abs(v - b.probs[i])));
  const scale = Math.max(...b.logits.map(Math.abs));
  rows.push({ size: `${h}x${w}`, impl, ours: median(ours), peer: median(peer), dLogit, dProb, scale,
              mb: M._bench_vgg_memory_mb(m), logits: a.logits });
  M._free(xPtr), M._free(outPtr);
  M._bench_vgg_free(m);
  xT.dispose();
  Object.values(params).forEach((t) => t.dispose());
}

console.log('| input | ours (conv) ms | TF.js-wasm ms | ratio | max abs diff logits (max logit) | max abs diff P | our model memory |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const r of rows)
  console.log(`| ${r.size} | ${r.ours.toFixed(1)} (${r.impl}) | ${r.peer.toFixed(1)} | ${(r.ours / r.peer).toFixed(2)}x | ` +
              `${r.dLogit.toExponential(2)} (${r.scale.toFixed(3)}) | ${r.dProb.toExponential(2)} | ${r.mb.toFixed(0)} MB |`);
for (const r of rows) console.log(`RESULT size=${r.size} ours_ms=${r.ours.toFixed(2)} tfjs_ms=${r.peer.toFixed(2)} ` +
                                  `ratio=${(r.ours / r.peer).toFixed(3)} dlogit=${r.dLogit.toExponential(3)} dprob=${r.dProb.toExponential(3)}`);
