"""fixture.py: named float64 tensors in one file (the format of tests/c/fixture.h)."""
import struct

import numpy as np


def read(path):
    data = open(path, "rb").read()
    assert data[:8] == b"PCFIX001", path
    (count,) = struct.unpack_from("<I", data, 8)
    pos, out = 12, {}
    for _ in range(count):
        (n,) = struct.unpack_from("<H", data, pos)
        name = data[pos + 2:pos + 2 + n].decode()
        pos += 2 + n
        (nd,) = struct.unpack_from("<I", data, pos)
        dims = struct.unpack_from("<" + "I" * nd, data, pos + 4)
        pos += 4 + 4 * nd
        size = int(np.prod(dims)) if nd else 1
        out[name] = np.frombuffer(data, dtype="<f8", count=size, offset=pos).reshape(dims).copy()
        pos += 8 * size
    return out


def write(path, tensors):
    with open(path, "wb") as f:
        f.write(b"PCFIX001" + struct.pack("<I", len(tensors)))
        for name, value in tensors.items():
            a = np.ascontiguousarray(np.asarray(value, dtype="<f8"))
            if a.ndim == 0:
                a = a.reshape(1)
            b = name.encode()
            f.write(struct.pack("<H", len(b)) + b + struct.pack("<I", a.ndim) + struct.pack("<" + "I" * a.ndim, *a.shape))
            f.write(a.tobytes())
