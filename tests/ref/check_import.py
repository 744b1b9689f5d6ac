"""check_import.py FILE.h5 MODEL [fill]: the model's conv tensors equal the HDF5 file's weights
exactly, and its head is a fresh Glorot-uniform init (zero biases, kernels within the limit)."""
import os
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pcmodel  # noqa: E402


def main():
    h5_path, model_path = sys.argv[1], sys.argv[2]
    m = pcmodel.read(model_path)
    with h5py.File(h5_path, "r") as f:
        root = f["model_weights"] if "model_weights" in f else f
        checked = 0
        for layer in pcmodel.conv_layers(m.arch):
            g = root[layer]
            names = [n.decode() if isinstance(n, bytes) else n for n in g.attrs["weight_names"]]
            arrays = [np.asarray(g[n], dtype=np.float32) for n in names]
            kernel = next(a for a in arrays if a.ndim == 4)
            bias = next(a for a in arrays if a.ndim == 1)
            assert np.array_equal(m.tensors[layer + "/kernel"], kernel), layer
            assert np.array_equal(m.tensors[layer + "/bias"], bias), layer
            checked += 2
    for d, (ni, no) in (("dense", (512, m.dense1)), ("dense_1", (m.dense1, m.dense2)), ("dense_2", (m.dense2, m.classes))):
        k, b = m.tensors[d + "/kernel"], m.tensors[d + "/bias"]
        limit = np.sqrt(6.0 / (ni + no))
        assert k.shape == (ni, no) and np.all(np.abs(k) <= limit) and k.std() > limit / 3, d
        assert b.shape == (no,) and not b.any(), d
    assert '"source": "keras_imagenet_weights"' in m.metadata
    print(f"check_import: {checked} conv tensors equal to {os.path.basename(h5_path)}, head freshly initialised")


if __name__ == "__main__":
    main()
