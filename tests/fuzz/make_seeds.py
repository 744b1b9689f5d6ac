#!/usr/bin/python3
"""make_seeds.py: the image seeds of the fuzzers, in real formats, small (Debian's PIL).

Run once by hand from the repository root; the output is committed in tests/fuzz/corpus/:
    /usr/bin/python3 tests/fuzz/make_seeds.py
Source: a bundled synthetic sample map (web/samples/normal/stress_ac.png)."""
import io
import os

from PIL import Image

src = Image.open('web/samples/normal/stress_ac.png').convert('RGB')
out = 'tests/fuzz/corpus'


def save(folder, name, image, fmt, **kw):
    buf = io.BytesIO()
    image.save(buf, fmt, **kw)
    with open(os.path.join(out, folder, name), 'wb') as f:
        f.write(buf.getvalue())


# The decoder: every colour type and bit depth stb reads (and the 16-bit one we refuse).
small = src.resize((24, 24), Image.BILINEAR)
save('fuzz_image_decode', 'rgb.png', small, 'PNG')
save('fuzz_image_decode', 'rgba.png', small.convert('RGBA'), 'PNG')
save('fuzz_image_decode', 'grey.png', small.convert('L'), 'PNG')
save('fuzz_image_decode', 'grey-alpha.png', small.convert('LA'), 'PNG')
save('fuzz_image_decode', 'palette.png', small.quantize(16), 'PNG')
save('fuzz_image_decode', 'palette-2bit.png', small.quantize(4), 'PNG', bits=2)
save('fuzz_image_decode', 'grey16.png', small.convert('I').point(lambda v: v * 256).convert('I;16'), 'PNG')
save('fuzz_image_decode', 'baseline.jpg', small, 'JPEG', quality=75)
save('fuzz_image_decode', 'progressive.jpg', small, 'JPEG', quality=75, progressive=True)
save('fuzz_image_decode', 'grey.jpg', small.convert('L'), 'JPEG', quality=75)
save('fuzz_image_decode', 'subsampled.jpg', small, 'JPEG', quality=60, subsampling=2)
save('fuzz_image_decode', 'restart.jpg', small, 'JPEG', quality=75, restart_marker_blocks=1)
save('fuzz_image_decode', 'cmyk.jpg', small.convert('CMYK'), 'JPEG', quality=75)
save('fuzz_image_decode', 'rgb.bmp', small, 'BMP')
save('fuzz_image_decode', 'palette.bmp', small.quantize(16), 'BMP')
save('fuzz_image_decode', 'rgba.bmp', small.convert('RGBA'), 'BMP')

# The pipeline: whole maps big enough for the disc finder (80 px across and up).
save('fuzz_preprocess', 'map.png', src.resize((112, 112), Image.BILINEAR), 'PNG')
save('fuzz_preprocess', 'map.jpg', src.resize((128, 128), Image.BILINEAR), 'JPEG', quality=70)
save('fuzz_preprocess', 'map-palette.png', src.resize((96, 96), Image.BILINEAR).quantize(64), 'PNG')
