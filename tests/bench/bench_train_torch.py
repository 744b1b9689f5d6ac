"""bench_train_torch.py [--threads N] [--reps N]: the PyTorch peer of `bench_nn frozen`
(scripts/bench-train): VGG16 block1_conv1 .. block4_conv2 (+ ReLU) at 300x300, batch 1,
eval and no_grad, the part of VGG16-4 that polarcad runs once per augmented image and caches.
The network is bench_torch.py's. Prints a RESULT line."""
import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_torch import VGG16, median_time_cpu  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--size", type=int, default=300)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    frozen = VGG16().features[:21].eval()   # block1_conv1 .. block4_conv2 + ReLU
    x = torch.randn(1, 3, a.size, a.size) * 60
    with torch.no_grad():
        med, mn, cpu = median_time_cpu(lambda: frozen(x), 1, a.reps)
    print(f"RESULT kind=frozen peer=pytorch h={a.size} w={a.size} k=4 threads={a.threads} median_s={med:.6f} "
          f"min_s={mn:.6f} cpu_s={cpu:.6f}")


if __name__ == "__main__":
    main()
