"""make_keras_h5.py OUTDIR: writes HDF5 files in the layout of Keras' VGG weight files.

Keras' ImageNet files (vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5) cannot be
downloaded here, so the import test writes look-alikes, following keras/saving/hdf5_format.py:
root attributes layer_names, backend, keras_version; one group per layer with attribute
weight_names (an empty float array for layers without weights, as Keras writes it), and the
weights as datasets at those names relative to the layer group (kernels HWIO).

  vgg16_notop.h5        full-size VGG16 notop, random float32 values, Keras 2 names
                        ("block1_conv1/kernel:0"), fixed-length strings (as h5py writes numpy 'S')
  vgg19_notop_k1.h5     full-size VGG19 notop, Keras 1 names ("block1_conv1_W_1:0"), variable-length
                        strings, values left to the HDF5 fill value 0.25 (space never written)
  vgg16_top.h5          VGG16 with the ImageNet top (flatten, fc1, fc2, predictions) under
                        /model_weights (model.save's layout): the top must be skipped
  broken_missing.h5     VGG16 without block3_conv2
  broken_shape.h5       block2_conv1 kernel (3, 3, 64, 127)
  broken_theano.h5      block1_conv1 kernel in Theano order (64, 3, 3, 3)
  broken_no_layers.h5   HDF5 but no layer_names attribute
  not_hdf5.h5           text
"""
import os
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcmodel import conv_layers  # noqa: E402


def layers_of(arch):
    blocks = [2, 2, 3, 3, 3] if arch == "vgg16" else [2, 2, 4, 4, 4]
    out, ci = [("input_1", None)], 3
    for b, n in enumerate(blocks):
        co = (64, 128, 256, 512, 512)[b]
        for i in range(n):
            out.append((f"block{b + 1}_conv{i + 1}", ((3, 3, ci, co), (co,))))
            ci = co
        out.append((f"block{b + 1}_pool", None))
    return out


def write(path, arch, style="keras2", fill=None, vlen=False, rng=None, drop=None, reshape=None, top=False,
          no_layer_names=False):
    layers = [l for l in layers_of(arch) if l[0] != drop]
    if top:
        layers += [("flatten", None), ("fc1", ((25088, 4096), (4096,))), ("fc2", ((4096, 4096), (4096,))),
                   ("predictions", ((4096, 1000), (1000,)))]
    with h5py.File(path, "w") as f:
        root = f.create_group("model_weights") if top else f
        names = [n.encode() for n, _ in layers]
        if vlen:
            root.attrs.create("layer_names", names, dtype=h5py.string_dtype("ascii"))
        elif not no_layer_names:
            root.attrs["layer_names"] = np.array(names)
        f.attrs["backend"] = np.bytes_(b"tensorflow")
        f.attrs["keras_version"] = np.bytes_(b"2.2.4" if style == "keras2" else b"1.2.2")
        for name, shapes in layers:
            g = root.create_group(name)
            if shapes is None:
                g.attrs["weight_names"] = np.array([])
                continue
            if style == "keras2":
                wnames = [f"{name}/kernel:0", f"{name}/bias:0"]
            else:
                wnames = [f"{name}_W_1:0", f"{name}_b_1:0"]
            if vlen:
                g.attrs.create("weight_names", [w.encode() for w in wnames], dtype=h5py.string_dtype("ascii"))
            else:
                g.attrs["weight_names"] = np.array([w.encode() for w in wnames])
            for wname, shape in zip(wnames, shapes):
                if reshape and name == reshape[0] and len(shape) == 4:
                    shape = reshape[1]
                if rng is not None and (not top or name.startswith("block")):
                    g.create_dataset(wname, data=rng.uniform(-0.1, 0.1, size=shape).astype(np.float32))
                else:
                    g.create_dataset(wname, shape=shape, dtype=np.float32, fillvalue=fill if fill else 0.0)
        if no_layer_names:
            f.create_dataset("something_else", data=np.zeros(3))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(5)
    write(os.path.join(out, "vgg16_notop.h5"), "vgg16", rng=rng)
    write(os.path.join(out, "vgg19_notop_k1.h5"), "vgg19", style="keras1", fill=0.25, vlen=True)
    write(os.path.join(out, "vgg16_top.h5"), "vgg16", rng=np.random.default_rng(6), top=True)
    write(os.path.join(out, "broken_missing.h5"), "vgg16", drop="block3_conv2")
    write(os.path.join(out, "broken_shape.h5"), "vgg16", reshape=("block2_conv1", (3, 3, 64, 127)))
    write(os.path.join(out, "broken_theano.h5"), "vgg16", reshape=("block1_conv1", (64, 3, 3, 3)))
    write(os.path.join(out, "broken_no_layers.h5"), "vgg16", no_layer_names=True)
    with open(os.path.join(out, "not_hdf5.h5"), "w") as f:
        f.write("this is not an HDF5 file\n")
    assert conv_layers("vgg16")[0] == "block1_conv1"


if __name__ == "__main__":
    main()
