#!/usr/bin/python3
"""make_bad.py: writes the bad-input corpus (tests/data/bad/) from the bundled samples.

Run from the repository root with Debian's Python (PIL, onnx):
    /usr/bin/python3 tests/data/bad/make_bad.py
Every file is small and made the same way each time. What a user must see for each one is
in expected.tsv (kept by hand: the messages are the point). Two inputs too big to commit
(a manifest of 10^5 rows, a field of 10^5 bytes) are written by the runners themselves
(tests/c/cli_bad_corpus.sh)."""
import io
import os
import struct
import zlib

import datetime

from PIL import Image

OUT = 'tests/data/bad'
FIXED = datetime.datetime(2026, 1, 1).timetuple()
SAMPLE = 'web/samples/normal'
src = Image.open(f'{SAMPLE}/stress_ac.png').convert('RGB')


def put(name, data):
    with open(os.path.join(OUT, name), 'wb') as f:
        f.write(data)


def encoded(image, fmt, **kw):
    buf = io.BytesIO()
    image.save(buf, fmt, **kw)
    return buf.getvalue()


def flip(data, offset, mask=0x10):
    b = bytearray(data)
    b[offset] ^= mask
    return bytes(b)


def png_chunk(tag, body):
    return struct.pack('>I', len(body)) + tag + body + struct.pack('>I', zlib.crc32(tag + body))


def png_header_only(w, h, depth=8, ctype=2):
    ihdr = struct.pack('>IIBBBBB', w, h, depth, ctype, 0, 0, 0)
    return b'\x89PNG\r\n\x1a\n' + png_chunk(b'IHDR', ihdr) + png_chunk(b'IDAT', zlib.compress(b'\0' * 64)) + \
        png_chunk(b'IEND', b'')


small = src.resize((128, 128), Image.BILINEAR)
png, jpg, bmp = encoded(small, 'PNG'), encoded(small, 'JPEG', quality=85), encoded(small, 'BMP')

# Zero bytes, under every name.
for ext in ('png', 'jpg', 'bmp'):
    put(f'empty.{ext}', b'')
# Cut short at many offsets.
for n in (8, 20, 33, 45, len(png) // 2, len(png) - 12):
    put(f'cut-{n:05d}.png', png[:n])
for n in (2, 4, 120, 400, len(jpg) // 2, len(jpg) - 2):
    put(f'cut-{n:05d}.jpg', jpg[:n])
for n in (10, 30, 54, len(bmp) // 2):
    put(f'cut-{n:05d}.bmp', bmp[:n])
# Bit flips where the structure lives (flips in pixel data decode, as they should).
put('flip-signature.png', flip(png, 0, 0x80))          # the high bit lost in a 7-bit transfer
put('text-mode.png', png[:4] + b'\n' + png[6:])            # CR LF -> LF, as an FTP text transfer does
put('flip-ihdr-type.png', flip(png, 25, 0x04))     # colour type 2 -> 6 without alpha data
put('flip-ihdr-depth.png', flip(png, 24, 0x02))    # bit depth 8 -> 10
put('flip-zlib-header.png', flip(png, 41, 0x20))
put('flip-soi.jpg', flip(jpg, 1, 0x01))
sof = jpg.index(b'\xff\xc0')
put('flip-sof-marker.jpg', flip(jpg, sof + 1, 0x03))  # SOF0 -> SOF3 (lossless)
dht = jpg.index(b'\xff\xc4')
put('flip-dht-counts.jpg', flip(jpg, dht + 5 + 8, 0xF0))  # 16 code counts adding up past 256
put('flip-bmp-bpp.bmp', flip(bmp, 28, 0x07))
# Headers that claim 100000 x 100000 pixels (and JPEG's largest, 65500 x 65500).
put('bomb-100000.png', png_header_only(100000, 100000))
put('bomb-side-9000.png', png_header_only(9000, 16))
b = bytearray(bmp)
b[18:26] = struct.pack('<ii', 100000, 100000)
put('bomb-100000.bmp', bytes(b))
b = bytearray(jpg)
b[sof + 5:sof + 9] = struct.pack('>HH', 65500, 65500)
put('bomb-65500.jpg', bytes(b))
# Formats and variants.
put('grey16.png', encoded(small.convert('I').point(lambda v: v * 256).convert('I;16'), 'PNG'))
put('palette-map.png', encoded(small.quantize(256), 'PNG'))               # works: a palette is fine
put('progressive-map.jpg', encoded(small, 'JPEG', quality=85, progressive=True))   # works
put('cmyk.jpg', encoded(small.convert('CMYK'), 'JPEG', quality=85))
frames = [small, small.transpose(Image.FLIP_LEFT_RIGHT)]
buf = io.BytesIO()
frames[0].save(buf, 'GIF', save_all=True, append_images=frames[1:], duration=200, loop=0)
put('animated.gif', buf.getvalue())
put('drawing.svg.png', b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64">'
    b'<circle cx="32" cy="32" r="30" fill="red"/></svg>\n')
put('drawing.svg', b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>')
put('report.pdf', encoded(small, 'PDF', creationDate=FIXED, modDate=FIXED))   # fixed dates: the same bytes each run
put('study.dcm', b'\0' * 128 + b'DICM' + b'\x02\x00\x10\x00UI\x14\x001.2.840.10008.1.2.1\0' + b'\0' * 64)
put('map.tif', encoded(small, 'TIFF'))
put('notes.txt.png', b'stress AC polar map: see the attached export\nSSS 4, SRS 1\n')
put('map.webp', encoded(small, 'WEBP'))
put('archive.zip.png', b'PK\x03\x04' + b'\0' * 60)
# Images that decode but hold no polar map, or one polarcad cannot read.
w, h = 320, 240
photo = Image.new('RGB', (w, h))
photo.putdata([((x * 3 + y) % 256, (x * y // 40) % 256, (200 - y + x // 3) % 256) for y in range(h) for x in range(w)])
put('photo.jpg', encoded(photo, 'JPEG', quality=80))
chart = Image.new('RGB', (320, 240), (255, 255, 255))
for i, bar in enumerate((150, 90, 200, 60, 120)):
    chart.paste((40 + 40 * i, 90, 180 - 30 * i), (20 + 60 * i, 230 - bar, 60 + 60 * i, 230))
put('bar-chart.png', encoded(chart, 'PNG'))
put('blank.png', encoded(Image.new('RGB', (300, 300), (255, 255, 255)), 'PNG'))
put('black.jpg', encoded(Image.new('RGB', (300, 300), (0, 0, 0)), 'JPEG'))
# A polar map in a colour table polarcad does not know: every colour turned by a hue shift.
put('unknown-table.png', encoded(Image.merge('RGB', small.split()[::-1]).convert('HSV').point(
    lambda v: (v + 85) % 256).convert('RGB'), 'PNG'))
put('stb-undefined-huffman.jpg', open('tests/fuzz/corpus/fuzz_image_decode/regress-stb-undefined-huffman.jpg', 'rb').read())
put('stb-idat-2gib.png', open('tests/fuzz/corpus/fuzz_image_decode/regress-stb-idat-2gib.png', 'rb').read())
put('stb-dht-overflow.jpg', open('tests/fuzz/corpus/fuzz_image_decode/regress-stb-dht-overflow.jpg', 'rb').read())
put('tiny.png', encoded(Image.new('RGB', (1, 1), (200, 0, 0)), 'PNG'))

# ---- manifests (the rows point at files that exist unless the error is about them) ----
H = 'case_id,label,stress_nac,rest_nac,stress_ac,rest_ac'
ROW = '../../../web/samples/normal/stress_nac.png,../../../web/samples/normal/rest_nac.png,' \
      '../../../web/samples/normal/stress_ac.png,../../../web/samples/normal/rest_ac.png'
manifests = {
    'empty.csv': '',
    'blank-lines.csv': '\n\r\n\n',
    'missing-column.csv': 'case_id,label,stress_nac,rest_nac,stress_ac\nc1,0,a,b,c\n',
    'duplicate-column.csv': H + ',label\nc1,0,a,b,c,d,0\n',
    'field-count.csv': f'{H}\nc1,0,a,b,c\n',
    'bad-label.csv': f'{H}\nc1,2,{ROW}\n',
    'bad-sex.csv': f'{H},sex\nc1,0,{ROW},X\n',
    'empty-case-id.csv': f'{H}\n ,0,{ROW}\n',
    'empty-path.csv': f'{H}\nc1,0,,b,c,d\n',
    'duplicate-case.csv': f'{H}\nc1,0,{ROW}\nc2,1,{ROW}\nc1,1,{ROW}\n',
    'header-only.csv': H + '\n',
    'quote-mid-field.csv': f'{H}\nc"1,0,{ROW}\n',
    'text-after-quote.csv': f'{H}\n"c1"x,0,{ROW}\n',
    'unclosed-quote.csv': f'{H}\n"c1,0,{ROW}\n',
    'missing-image.csv': f'{H}\nc1,0,nowhere/stress_nac.png,b,c,d\n',
    'image-is-folder.csv': f'{H}\nc1,0,.,b,c,d\n',
    'semicolons.csv': H.replace(',', ';') + '\nc1;0;a;b;c;d\n',
}
for name, text in manifests.items():
    put(name, text.encode())
put('nul-byte.csv', f'{H}\nc1,0\0,{ROW}\n'.encode())
put('latin1.csv', f'{H}\n'.encode() + 'Müller'.encode('latin-1') + f',0,{ROW}\n'.encode())
put('utf16.csv', ('\ufeff' + H + '\n').encode('utf-16-le'))

# ---- normal databases: from the fuzzer's seed, a valid one (tests/fuzz/make_seeds.c) ----
good = open('tests/fuzz/corpus/fuzz_normals/normals.db', 'rb').read()


def with_checksum(text):
    body = text[:text.index(b'\nend\n') + 5]
    return body + b'checksum %08x\n' % zlib.crc32(body)


put('normals-empty.db', b'')
put('normals-cut-half.db', good[:len(good) // 2])
put('normals-cut-checksum.db', good[:good.index(b'\nchecksum') + 1])
put('normals-future.db', with_checksum(good.replace(b'polarcad-normals 2', b'polarcad-normals 3', 1)))
put('normals-v1.db', good.replace(b'polarcad-normals 2', b'polarcad-normals 1', 1))
put('normals-forged.db', good.replace(b' 70.0000', b' 71.0000', 1))
put('normals-out-of-range.db', with_checksum(good.replace(b' 70.0000', b' 170.0000', 1)))
put('normals-layout.db', with_checksum(good.replace(b'layout equal-width', b'layout spiral', 1)
                                       .replace(b'layout equal-area', b'layout spiral', 1)))
put('normals-long-line.db', b'polarcad-normals 2\n' + b'#' * 9000 + b'\n')
put('normals-text.db', b'segment,mean,sd\n1,70,5\n')

# fuzz_image_decode's slow input, a progressive JPEG whose header claims 6144 x 6144 pixels in
# 948 bytes, with its frame set to 3072 x 3072 (under the WebAssembly module's 16-megapixel
# budget, so every door gives the same message): far too little data for that many blocks,
# refused before stb allocates.
sparse = bytearray(open('tests/fuzz/corpus/fuzz_image_decode/slow-large-progressive.jpg', 'rb').read())
sof = sparse.index(b'\xff\xc2')
sparse[sof + 5:sof + 9] = struct.pack('>HH', 3072, 3072)
put('sparse-progressive-3072.jpg', bytes(sparse))

# ---- model files: from the fuzzer's seed, a valid tiny VGG16 ----
model = open('tests/fuzz/corpus/fuzz_model_file/vgg16-tiny.pcm', 'rb').read()


def with_crc(data):
    data = bytearray(data)
    data[16:24] = struct.pack('<Q', len(data))
    data[-4:] = struct.pack('<I', zlib.crc32(bytes(data[:-4])))
    return bytes(data)


put('model-empty.pcm', b'')
put('model-cut-header.pcm', model[:30])
put('model-cut-half.pcm', model[:len(model) // 2])
put('model-forged.pcm', flip(model, len(model) // 2, 0x01))
put('model-future.pcm', with_crc(model[:8] + struct.pack('<I', 2) + model[12:]))
arch = model.index(b'ARCH') + 12
put('model-arch17.pcm', with_crc(model[:arch] + struct.pack('<I', 17) + model[arch + 4:]))
# Valid model files that are wrong for prediction (door "predict"): the seed records no
# dataset and takes 32 x 32 images, which is no dataset's montage; then the same recording
# the acnac dataset (code 1: its input should be 300 x 300); and a dataset code no polarcad
# knows (7), which the loader refuses.
dataset = arch + 36   # arch, height, width, channels, width multiplier, dense1, dense2, classes, dropout
put('model-no-dataset-32.pcm', model)
put('model-acnac-32.pcm', with_crc(model[:dataset] + struct.pack('<I', 1) + model[dataset + 4:]))
put('model-dataset-7.pcm', with_crc(model[:dataset] + struct.pack('<I', 7) + model[dataset + 4:]))
put('model-text.pcm', b'{"model": "vgg16", "weights": "elsewhere"}\n')
put('model.h5', open('tests/fuzz/../../tests/data/bad/keras-stub.h5', 'rb').read()
    if os.path.exists(f'{OUT}/keras-stub.h5') else b'\x89HDF\r\n\x1a\n' + b'\0' * 56)
try:
    import onnx
    from onnx import helper, TensorProto
    node = helper.make_node('Relu', ['x'], ['y'])
    graph = helper.make_graph([node], 'g', [helper.make_tensor_value_info('x', TensorProto.FLOAT, [1])],
                              [helper.make_tensor_value_info('y', TensorProto.FLOAT, [1])])
    put('model.onnx', helper.make_model(graph).SerializeToString())
except ImportError:
    pass
