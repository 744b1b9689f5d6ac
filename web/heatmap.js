// @ts-check
// heatmap.js: each polar map as the network saw it (its tile, in grey) with the Grad-CAM
// heat laid over it: where in that map the evidence for the model's call lies.
// Also the montage's drawing (the same RGB-to-canvas copy).
//
// The heat comes on the map's preprocessed pixel grid (the tile: 150 x 150), 0..1. It is
// drawn through a perceptual palette (inferno: dark purple to pale yellow) with an alpha
// that grows with the heat from 0, so cold parts leave the map visible; the page's opacity
// control scales the whole overlay on top of that (CSS opacity on the overlay canvas).

/** @typedef {import('./lib/polarcad.mjs').RgbImage} RgbImage */
/** A heat map on a map's tile grid, row-major, values 0..1.
 *  @typedef {{width: number, height: number, data: Float32Array | number[]}} Heat */

// inferno at five stops (matplotlib's colormap, sampled at 0, .25, .5, .75, 1).
const STOPS = [[0, 0, 4], [87, 16, 110], [188, 55, 84], [249, 142, 9], [252, 255, 164]];

/** The palette colour and alpha (0..255) of a heat value; values outside 0..1 are clamped.
 *  @param {number} v @returns {[number, number, number, number]} */
export function heatColour(v) {
  const t = Math.max(0, Math.min(1, Number.isFinite(v) ? v : 0)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(t)), f = t - i;
  const a = STOPS[i], b = STOPS[i + 1];
  // No heat, no tint: the map shows through untouched; two thirds of the top heat and above are opaque.
  const alpha = Math.round(255 * Math.min(1, 1.5 * (t / (STOPS.length - 1))));
  return [Math.round(a[0] + f * (b[0] - a[0])), Math.round(a[1] + f * (b[1] - a[1])), Math.round(a[2] + f * (b[2] - a[2])), alpha];
}

/** Draws an RGB image (a map's preprocessed tile) onto a canvas of its size.
 *  @param {HTMLCanvasElement} canvas @param {RgbImage} image */
export function drawRgb(canvas, { width, height, rgb }) {
  canvas.width = width;
  canvas.height = height;
  const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
  const out = ctx.createImageData(width, height);
  for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
    out.data[j] = rgb[i];
    out.data[j + 1] = rgb[i + 1];
    out.data[j + 2] = rgb[i + 2];
    out.data[j + 3] = 255;
  }
  ctx.putImageData(out, 0, 0);
}

/** Draws an RGB image in grey (Rec. 601 luma), the ground the heat is laid on: a colour
 *  table's own purples and yellows would read as heat otherwise (the colour maps are in the
 *  thumbnails). @param {HTMLCanvasElement} canvas @param {RgbImage} image */
export function drawGrey(canvas, { width, height, rgb }) {
  canvas.width = width;
  canvas.height = height;
  const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
  const out = ctx.createImageData(width, height);
  for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
    const y = Math.round(0.299 * rgb[i] + 0.587 * rgb[i + 1] + 0.114 * rgb[i + 2]);
    out.data[j] = out.data[j + 1] = out.data[j + 2] = y;
    out.data[j + 3] = 255;
  }
  ctx.putImageData(out, 0, 0);
}

/** Paints a heat map onto a canvas of its own grid size.
 *  @param {HTMLCanvasElement} canvas @param {Heat} heat */
export function drawHeat(canvas, heat) {
  canvas.width = heat.width;
  canvas.height = heat.height;
  const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
  const image = ctx.createImageData(heat.width, heat.height);
  for (let i = 0; i < heat.width * heat.height; i++) image.data.set(heatColour(heat.data[i]), 4 * i);
  ctx.putImageData(image, 0, 0);
}

/** The palette as a horizontal CSS-free legend: a canvas w x h from cold (left) to hot.
 *  @param {number} w @param {number} h */
export function heatLegend(w, h) {
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
  for (let x = 0; x < w; x++) {
    const [r, g, b] = heatColour(x / (w - 1));
    ctx.fillStyle = `rgb(${r}, ${g}, ${b})`;
    ctx.fillRect(x, 0, 1, h);
  }
  return canvas;
}
