// @ts-check
// images.mjs: test images made in JavaScript (not a test file itself).
//   makePng(width, height, pixel)  pixel(x, y) -> [r, g, b] or [r, g, b, a]
//   makeJpeg(width, height, pixel, quality)
//   bullseye(size, variant) -> pixel(x, y): a polar-map-like disc filling a size x size image
//   onBackground(pixel, size, {left, top, background}) -> the same disc placed in a larger picture

import { deflateSync } from 'node:zlib';
import jpeg from 'jpeg-js';

/** @typedef {(x: number, y: number) => number[]} Pixel */

const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** @param {Uint8Array} bytes */
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** @param {string} type @param {Uint8Array} data */
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** @param {number} width @param {number} height @param {Pixel} pixel @param {{alpha?: boolean}} [options] */
export function makePng(width, height, pixel, { alpha = false } = {}) {
  const channels = alpha ? 4 : 3;
  const raw = Buffer.alloc((width * channels + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * channels + 1)] = 0;
    for (let x = 0; x < width; x++) {
      const p = pixel(x, y);
      for (let c = 0; c < channels; c++) raw[y * (width * channels + 1) + 1 + x * channels + c] = p[c] ?? 255;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = alpha ? 6 : 2;
  return new Uint8Array(Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0)),
  ]));
}

/** @param {number} width @param {number} height @param {Pixel} pixel @param {number} [quality] */
export function makeJpeg(width, height, pixel, quality = 90) {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const p = pixel(x, y);
      data.set([p[0], p[1], p[2], 255], (y * width + x) * 4);
    }
  return new Uint8Array(jpeg.encode({ data, width, height }, quality).data);
}

/** RGB of the pixel array made by makePng/makeJpeg's pixel function, for comparisons.
 *  @param {number} width @param {number} height @param {Pixel} pixel */
export function rgbOf(width, height, pixel) {
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) rgb.set(pixel(x, y).slice(0, 3), (y * width + x) * 3);
  return rgb;
}

// The core's "thermal" table through every other of its anchors (thermal_anchors in
// core/image/colormap.c): close enough that the core reads the test pictures as thermal.
const THERMAL = [[0, 1, 1, 1], [64, 138, 40, 1], [128, 222, 104, 13], [192, 254, 188, 65], [255, 254, 254, 254]];
/** @param {number} v */
function thermal(v) {
  const i = Math.max(0, Math.min(255, v));
  for (let k = 0; k + 1 < THERMAL.length; k++) {
    const [a, ...ca] = THERMAL[k], [b, ...cb] = THERMAL[k + 1];
    if (i <= b) return ca.map((c, n) => Math.round(c + ((cb[n] - c) * (i - a)) / (b - a)));
  }
  return THERMAL[THERMAL.length - 1].slice(1);
}

/** A bullseye-like map filling a size x size image: uptake high except a defect whose
 *  place depends on variant (0-3; negative: no defect).
 *  @param {number} size @param {number} [variant] @returns {Pixel} */
export function bullseye(size, variant = 0) {
  const c = size / 2;
  return (x, y) => {
    const dx = x + 0.5 - c, dy = y + 0.5 - c;
    const rho = Math.hypot(dx, dy) / c;
    if (rho > 1) return [0, 0, 0];
    const theta = (Math.atan2(-dy, dx) * 180) / Math.PI;
    const defectAt = [90, 270, 0, 180][variant % 4];
    const d = Math.abs(((theta - defectAt + 540) % 360) - 180);
    const depth = variant >= 0 && d < 40 && rho > 0.3 ? 0.45 * (1 - d / 40) : 0;
    return thermal(Math.round(255 * (0.92 - 0.12 * rho - depth)));
  };
}

/** A size x size map (a bullseye()) placed with its top-left corner at (left, top) in a
 *  larger picture of one background colour, as in a screen capture.
 *  @param {Pixel} map @param {number} size
 *  @param {{left: number, top: number, background: number[]}} placement @returns {Pixel} */
export function onBackground(map, size, { left, top, background }) {
  return (x, y) => {
    const u = x - left, v = y - top;
    if (u < 0 || v < 0 || u >= size || v >= size) return background;
    const c = size / 2;
    return Math.hypot(u + 0.5 - c, v + 0.5 - c) > c ? background : map(u, v);
  };
}
