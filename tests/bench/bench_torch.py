"""bench_torch.py OUTDIR [--threads N] [--reps N]: the PyTorch CPU peer of scripts/bench-native.

The same network as polarcad's (VGG16 conv base, GlobalMaxPool, Dense 500/250/2), random
weights, float32, Debian's python3-torch:
  forward rows: batch 1 at 150x150, 150x300, 300x300 (eval, no_grad), median of reps;
  train row:    the paper's VGG16-4 step (block4_conv3, block5_conv1..3 and the head trainable),
                batch 16 at 300x300, on CACHED frozen features (block4_conv2's output, a leaf
                tensor without gradient, as polarcad's cached-feature step), dropout 0.5,
                cross-entropy, Adam; median seconds per step.
Also exports the forward network to ONNX (OUTDIR/vgg16_HxW.onnx) for the onnxruntime-node peer.
Prints RESULT lines (key=value) for scripts/bench-native.
"""
import argparse
import os
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

CFG = [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"]


class VGG16(nn.Module):
    def __init__(self, first=0):
        super().__init__()
        layers, ci = [], 3
        for v in CFG:
            if v == "M":
                layers.append(nn.MaxPool2d(2))
            else:
                layers += [nn.Conv2d(ci, v, 3, padding=1), nn.ReLU(inplace=True)]
                ci = v
        self.features = nn.Sequential(*layers[first:])
        self.head = nn.Sequential(nn.Linear(512, 500), nn.ReLU(inplace=True), nn.Dropout(0.5),
                                  nn.Linear(500, 250), nn.ReLU(inplace=True), nn.Dropout(0.5), nn.Linear(250, 2))

    def forward(self, x):
        x = self.features(x)
        x = F.adaptive_max_pool2d(x, 1).flatten(1)
        return self.head(x)


def median_time(fn, warmup, reps):
    med, mn, _ = median_time_cpu(fn, warmup, reps)
    return med, mn


def median_time_cpu(fn, warmup, reps):
    """Wall time (median, min) and the median CPU time of the process (every thread): with
    one thread, the compute a call needs whatever the load of the shared machine."""
    for _ in range(warmup):
        fn()
    times, cpu = [], []
    for _ in range(reps):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return statistics.median(times), min(times), statistics.median(cpu)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--train-reps", type=int, default=3)
    ap.add_argument("--rows", default="forward,train,onnx")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    rows = a.rows.split(",")
    model = VGG16().eval()
    for h, w in ((150, 150), (150, 300), (300, 300)):
        x = torch.randn(1, 3, h, w) * 60
        if "forward" in rows:
            with torch.no_grad():
                med, mn = median_time(lambda: model(x), 2, a.reps)
            print(f"RESULT kind=forward peer=pytorch h={h} w={w} threads={a.threads} median_s={med:.6f} min_s={mn:.6f}")
        if "onnx" in rows:
            path = os.path.join(a.out, f"vgg16_{h}x{w}.onnx")
            torch.onnx.export(model, x, path, input_names=["x"], output_names=["logits"], opset_version=13)
    if "train" in rows:
        # Cached features: block4_conv2's output (after its ReLU) for a 300x300 input is 37x37x512.
        # features[0:21] is block1_conv1 .. block4_conv2 + ReLU; the trainable part starts at block4_conv3.
        top = VGG16(first=21).train()
        opt = torch.optim.Adam(top.parameters(), lr=1e-4)
        feats = torch.rand(16, 512, 37, 37) * 2
        labels = torch.randint(0, 2, (16,))

        def step():
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(top(feats), labels)
            loss.backward()
            opt.step()

        med, mn, cpu = median_time_cpu(step, 1, a.train_reps)
        print(f"RESULT kind=train peer=pytorch h=300 w=300 k=4 batch=16 threads={a.threads} median_s={med:.6f} "
              f"min_s={mn:.6f} cpu_s={cpu:.6f}")


if __name__ == "__main__":
    main()
