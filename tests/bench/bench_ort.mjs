// bench_ort.mjs DIR [threads] [reps]: the onnxruntime-node peer of scripts/bench-native: the
// VGG16 forward exported by bench_torch.py (DIR/vgg16_HxW.onnx), batch 1, CPU provider,
// intra-op threads as given (inter-op 1), median of reps after 2 warm-up runs.
import * as ort from 'onnxruntime-node';

const [dir, threadsArg = '2', repsArg = '10'] = process.argv.slice(2);
const threads = Number(threadsArg), reps = Number(repsArg);
for (const [h, w] of [[150, 150], [150, 300], [300, 300]]) {
  const session = await ort.InferenceSession.create(`${dir}/vgg16_${h}x${w}.onnx`, {
    intraOpNumThreads: threads, interOpNumThreads: 1, executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
  });
  const data = new Float32Array(3 * h * w).map(() => (Math.random() - 0.5) * 200);
  const feeds = { x: new ort.Tensor('float32', data, [1, 3, h, w]) };
  for (let i = 0; i < 2; i++) await session.run(feeds);
  const times = [];
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint();
    await session.run(feeds);
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  times.sort((a, b) => a - b);
  const median = reps % 2 ? times[(reps - 1) / 2] : (times[reps / 2 - 1] + times[reps / 2]) / 2;
  console.log(`RESULT kind=forward peer=onnxruntime-node h=${h} w=${w} threads=${threads} ` +
              `median_s=${median.toFixed(6)} min_s=${times[0].toFixed(6)}`);
  await session.release();
}
