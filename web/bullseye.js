// @ts-check
// bullseye.js: the AHA 17-segment bullseye of one set of segment scores, drawn by us as SVG.
//
// Geometry as core/polar/geometry.h and /work/shared/docs/polar-maps.md 1.3-1.4, in the
// equal-width ring layout the shipped normal database uses (cap < 0.20, apical < 0.467,
// mid < 0.733, basal <= 1 of the radius); angles counter-clockwise from 3 o'clock, anterior
// at the top, septum on the left: segments 1-6 basal and 7-12 mid are 60 degrees wide from
// 60 degrees, 13-16 apical 90 degrees wide from 45 degrees, 17 the apical cap.
// A string of SVG (presentation attributes only, no style attributes: the page's CSP
// allows no inline styles), so the same drawing goes on the page, into the printed
// report and, rasterised, into the saved PNG; and Node tests can read it.

/** Outer radius (as a share of the disc's) of the cap, apical, mid and basal rings. */
export const RING_RADII = [0.2, 0.467, 0.733, 1];

/** One segment's sector: radii as shares of the disc's, angles in degrees CCW from 3 o'clock.
 *  @typedef {{segment: number, r0: number, r1: number, a0: number, a1: number}} Sector */

/** The 17 sectors, segment 1 first. @returns {Sector[]} */
export function sectors() {
  /** @type {Sector[]} */
  const out = [];
  for (let k = 0; k < 6; k++) out.push({ segment: 1 + k, r0: RING_RADII[2], r1: RING_RADII[3], a0: 60 + 60 * k, a1: 120 + 60 * k });
  for (let k = 0; k < 6; k++) out.push({ segment: 7 + k, r0: RING_RADII[1], r1: RING_RADII[2], a0: 60 + 60 * k, a1: 120 + 60 * k });
  for (let k = 0; k < 4; k++) out.push({ segment: 13 + k, r0: RING_RADII[0], r1: RING_RADII[1], a0: 45 + 90 * k, a1: 135 + 90 * k });
  out.push({ segment: 17, r0: 0, r1: RING_RADII[0], a0: 0, a1: 360 });
  return out;
}

// Segment score 0 (normal) .. 4 (absent uptake): white to dark red, as reporting tools
// shade score bullseyes. Ink chosen per fill so the number stays readable.
const FILL = ['#ffffff', '#fde9a9', '#f8a65a', '#df4b2c', '#8c1414'];
const INK = ['#1d2430', '#1d2430', '#1d2430', '#ffffff', '#ffffff'];

/** The fill and ink of a score (clamped to 0..4; a negative difference shows as 0).
 *  @param {number} score */
export function scoreColours(score) {
  const i = Math.max(0, Math.min(4, Math.round(score)));
  return { fill: FILL[i], ink: INK[i] };
}

/** A disc's centre in SVG px. @typedef {{x: number, y: number}} Centre */

/** SVG point at radius r (px), angle a (deg CCW from 3 o'clock) around c; y grows down.
 *  @param {Centre} c @param {number} r @param {number} a */
function point(c, r, a) {
  const t = (a * Math.PI) / 180;
  return `${(c.x + r * Math.cos(t)).toFixed(2)} ${(c.y - r * Math.sin(t)).toFixed(2)}`;
}

/** The path of one sector on a disc of radius R centred at c. Counter-clockwise on
 *  screen is SVG's sweep-flag 0 (the y axis points down).
 *  @param {Sector} s @param {Centre} c @param {number} R */
export function sectorPath(s, c, R) {
  const r0 = s.r0 * R, r1 = s.r1 * R;
  if (s.a1 - s.a0 >= 360) {   // the cap: a full circle, as two half arcs
    return `M ${point(c, r1, 0)} A ${r1} ${r1} 0 1 0 ${point(c, r1, 180)} A ${r1} ${r1} 0 1 0 ${point(c, r1, 360)} Z`;
  }
  const large = s.a1 - s.a0 > 180 ? 1 : 0;
  return `M ${point(c, r1, s.a0)} A ${r1} ${r1} 0 ${large} 0 ${point(c, r1, s.a1)} ` +
    `L ${point(c, r0, s.a1)} A ${r0} ${r0} 0 ${large} 1 ${point(c, r0, s.a0)} Z`;
}

/** @param {string} s */
function escapeXml(s) {
  return s.replace(/[<>&"]/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[ch] || ch);
}

/** The bullseye of 17 segment scores, with each score printed in its segment and the wall
 *  labels around it. size: the SVG's height in px (the wall labels widen it).
 *  @param {readonly number[]} scores 17 values, segment 1 first
 *  @param {{title: string, size?: number}} options title: the accessible name and caption
 *  @returns {string} */
export function bullseyeSvg(scores, { title, size = 180 }) {
  if (scores.length !== 17) throw new Error(`bullseye: ${scores.length} segment scores, not 17`);
  const margin = Math.round(size / 10), side = Math.round(size / 5);
  const width = size + 2 * side, c = { x: width / 2, y: size / 2 }, R = size / 2 - margin;
  const parts = [];
  for (const s of sectors()) {
    const v = scores[s.segment - 1];
    const { fill, ink } = scoreColours(v);
    const mid = s.segment === 17 ? { r: 0, a: 0 } : { r: ((s.r0 + s.r1) / 2) * R, a: (s.a0 + s.a1) / 2 };
    const [x, y] = point(c, mid.r, mid.a).split(' ');
    // Scores are integers; a value from elsewhere (a mean, say) is printed with one decimal.
    const shown = Number.isInteger(v) ? String(v) : v.toFixed(1);
    parts.push(`<path d="${sectorPath(s, c, R)}" fill="${fill}" stroke="#1d2430" stroke-width="1" ` +
      `data-segment="${s.segment}" data-score="${v}"><title>segment ${s.segment}: ${v}</title></path>`,
    `<text x="${x}" y="${y}" fill="${ink}" font-size="${(size / 15).toFixed(1)}" text-anchor="middle" ` +
      `dominant-baseline="central" font-family="system-ui, sans-serif">${shown}</text>`);
  }
  const label = (/** @type {string} */ text, /** @type {number} */ x, /** @type {number} */ y, anchor = 'middle') =>
    `<text x="${x}" y="${y}" fill="#5b6577" font-size="${(size / 18).toFixed(1)}" text-anchor="${anchor}" ` +
    `dominant-baseline="central" font-family="system-ui, sans-serif">${text}</text>`;
  parts.push(label('ANT', c.x, margin / 2), label('INF', c.x, size - margin / 2),
    label('SEPT', c.x - R - 3, c.y, 'end'), label('LAT', c.x + R + 3, c.y, 'start'));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${size}" viewBox="0 0 ${width} ${size}" ` +
    `role="img" aria-label="${escapeXml(title)}"><title>${escapeXml(title)}</title>` +
    `<rect width="${width}" height="${size}" fill="#ffffff"/>${parts.join('')}</svg>`;
}
