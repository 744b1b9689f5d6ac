"""pcmodel.py: an independent Python reader of polarcad model files (core/io/model_file.h).

Used by the PyTorch reference scripts and the import tests, so the format is read by a
second implementation written from the specification, not from the C code.
"""
import struct
import zlib

import numpy as np

MAGIC = b"PCADMODL"


class ModelFile:
    def __init__(self, arch, height, width, width_mult, dense1, dense2, classes, dropout, dataset,
                 preprocessing, class_names, tensors, metadata):
        self.arch, self.height, self.width, self.width_mult = arch, height, width, width_mult
        self.dense1, self.dense2, self.classes, self.dropout = dense1, dense2, classes, dropout
        self.dataset, self.preprocessing, self.class_names = dataset, preprocessing, class_names
        self.tensors = tensors          # name -> float32 ndarray, Keras layouts (HWIO, (I, O))
        self.metadata = metadata        # JSON text


def read(path):
    data = open(path, "rb").read()
    if data[:8] != MAGIC:
        raise ValueError(f"{path}: not a polarcad model file")
    version, flags, size = struct.unpack_from("<IIQ", data, 8)
    if version != 1 or flags != 0 or size != len(data):
        raise ValueError(f"{path}: bad header (version {version}, flags {flags}, size {size} vs {len(data)})")
    (crc,) = struct.unpack_from("<I", data, len(data) - 4)
    if crc != zlib.crc32(data[:-4]) & 0xFFFFFFFF:
        raise ValueError(f"{path}: checksum mismatch")
    pos = 24

    def section(tag):
        nonlocal pos
        if data[pos:pos + 4] != tag:
            raise ValueError(f"{path}: expected section {tag!r}")
        (length,) = struct.unpack_from("<Q", data, pos + 4)
        start = pos + 12
        pos = start + length
        return start, pos

    a, a_end = section(b"ARCH")
    arch, h, w, ch, mult, d1, d2, classes, dropout, dataset, prep, n_names = struct.unpack_from(
        "<IIIIfIIIfIII", data, a)
    assert ch == 3 and n_names == classes
    p = a + 48
    names = []
    for _ in range(n_names):
        (n,) = struct.unpack_from("<H", data, p)
        names.append(data[p + 2:p + 2 + n].decode("utf-8"))
        p += 2 + n
    assert p == a_end
    t, t_end = section(b"TNSR")
    (count,) = struct.unpack_from("<I", data, t)
    p = t + 4
    tensors = {}
    for _ in range(count):
        (n,) = struct.unpack_from("<H", data, p)
        name = data[p + 2:p + 2 + n].decode("ascii")
        p += 2 + n
        dtype, ndim, reserved = struct.unpack_from("<BBH", data, p)
        p += 4
        dims = struct.unpack_from("<" + "I" * ndim, data, p)
        p += 4 * ndim
        (nbytes,) = struct.unpack_from("<Q", data, p)
        p += 8
        assert dtype == 0 and reserved == 0
        tensors[name] = np.frombuffer(data, dtype="<f4", count=nbytes // 4, offset=p).reshape(dims).copy()
        p += nbytes
    assert p == t_end
    m, m_end = section(b"META")
    metadata = data[m:m_end].decode("utf-8")
    assert m_end == len(data) - 4
    return ModelFile("vgg%d" % arch, h, w, mult, d1, d2, classes, dropout, dataset - 1, prep, names, tensors,
                     metadata)


def conv_layers(arch):
    """Keras layer names of the conv base, in order."""
    blocks = [2, 2, 3, 3, 3] if arch == "vgg16" else [2, 2, 4, 4, 4]
    return [f"block{b + 1}_conv{i + 1}" for b in range(5) for i in range(blocks[b])]


def conv_channels(width_mult):
    return [max(1, int(round(c * width_mult))) for c in (64, 128, 256, 512, 512)]
