// @ts-check
// bullseye.test.mjs: the page's 17-segment bullseye (web/bullseye.js) against the AHA rule
// of docs (polar-maps.md 1.4, core/polar/geometry.c), and the heat palette (web/heatmap.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sectors, sectorPath, bullseyeSvg, scoreColours, RING_RADII } from '../../web/bullseye.js';
import { heatColour } from '../../web/heatmap.js';

/** The segment at (rho, theta) by the documented pixel rule, written apart from the
 *  drawing code: the ring from rho (equal-width radii), then basal/mid index
 *  floor(((theta - 60) mod 360) / 60), apical floor(((theta - 45) mod 360) / 90).
 *  @param {number} rho @param {number} theta degrees CCW from 3 o'clock */
function segmentByRule(rho, theta) {
  const mod = (/** @type {number} */ x) => ((x % 360) + 360) % 360;
  if (rho < 0.2) return 17;
  if (rho < 0.467) return 13 + Math.floor(mod(theta - 45) / 90);
  if (rho < 0.733) return 7 + Math.floor(mod(theta - 60) / 60);
  return 1 + Math.floor(mod(theta - 60) / 60);
}

test('every sector covers exactly the points the AHA rule gives its segment', () => {
  const all = sectors();
  assert.deepEqual(all.map((s) => s.segment), Array.from({ length: 17 }, (_, i) => i + 1));
  assert.deepEqual(RING_RADII, [0.2, 0.467, 0.733, 1]);
  for (const s of all) {
    for (let i = 1; i < 10; i++) for (let j = 1; j < 10; j++) {
      const rho = s.r0 + ((s.r1 - s.r0) * i) / 10, theta = s.a0 + ((s.a1 - s.a0) * j) / 10;
      assert.equal(segmentByRule(rho, theta), s.segment, `segment ${s.segment} at rho ${rho}, theta ${theta}`);
    }
  }
  // The named walls: 1 basal anterior at 12 o'clock, 2 anteroseptal toward the left (septum),
  // 4 basal inferior at 6 o'clock, 16 apical lateral at 3 o'clock.
  const at = (/** @type {number} */ seg) => /** @type {import('../../web/bullseye.js').Sector} */ (all[seg - 1]);
  assert.equal((at(1).a0 + at(1).a1) / 2, 90);
  assert.equal((at(2).a0 + at(2).a1) / 2, 150);
  assert.equal((at(4).a0 + at(4).a1) / 2, 270);
  assert.equal(((at(16).a0 + at(16).a1) / 2) % 360, 0);
});

test('a sector\'s path starts on its outer rim at its first angle and its points lie on its radii', () => {
  const c = { x: 120, y: 100 }, R = 80;
  for (const s of sectors().filter((x) => x.segment !== 17)) {
    const nums = sectorPath(s, c, R).match(/-?\d+(\.\d+)?/g)?.map(Number) ?? [];
    const [x0, y0] = nums;
    const r = Math.hypot(x0 - c.x, y0 - c.y);
    const theta = (Math.atan2(c.y - y0, x0 - c.x) * 180) / Math.PI;
    assert.ok(Math.abs(r - s.r1 * R) < 0.01, `segment ${s.segment}: starts at radius ${r}`);
    assert.ok(Math.abs((((theta - s.a0) % 360) + 360) % 360) < 0.01 || Math.abs((((theta - s.a0) % 360) + 360) % 360 - 360) < 0.01,
      `segment ${s.segment}: starts at ${theta} deg, not ${s.a0}`);
  }
});

test('the SVG holds 17 segments with their scores, in the colour of each score', () => {
  const scores = [0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 2];
  const svg = bullseyeSvg(scores, { title: 'Stress <AC> & co' });
  const paths = [...svg.matchAll(/<path d="[^"]+" fill="(#[0-9a-f]{6})"[^>]*data-segment="(\d+)" data-score="(-?\d+)"/g)];
  assert.equal(paths.length, 17);
  for (const [, fill, seg, score] of paths) {
    assert.equal(Number(score), scores[Number(seg) - 1], `segment ${seg}`);
    assert.equal(fill, scoreColours(Number(score)).fill, `segment ${seg}`);
  }
  assert.match(svg, /aria-label="Stress &lt;AC&gt; &amp; co"/);
  for (const wall of ['ANT', 'INF', 'SEPT', 'LAT']) assert.ok(svg.includes(`>${wall}</text>`), wall);
  assert.ok(!/style=/.test(svg), 'no inline style (the page\'s CSP allows none)');
  assert.throws(() => bullseyeSvg([1, 2, 3], { title: 'x' }), /3 segment scores, not 17/);
  // Differences can be negative (rest worse than stress): drawn as 0, printed as they are.
  assert.equal(scoreColours(-2).fill, scoreColours(0).fill);
  assert.equal(scoreColours(9).fill, scoreColours(4).fill);
});

test('the heat palette runs from dark and faint to bright and opaque, clamped', () => {
  let lastAlpha = -1, lastLight = -1;
  for (let v = 0; v <= 1.0001; v += 0.05) {
    const [r, g, b, a] = heatColour(v);
    assert.ok(a >= lastAlpha, `alpha at ${v}`);
    assert.ok(r + g + b >= lastLight, `lightness at ${v}`);
    lastAlpha = a;
    lastLight = r + g + b;
  }
  assert.deepEqual(heatColour(-1), heatColour(0));
  assert.deepEqual(heatColour(7), heatColour(1));
  assert.deepEqual(heatColour(NaN), heatColour(0));
  assert.deepEqual(heatColour(1), [252, 255, 164, 255]);
  assert.equal(heatColour(0)[3], 0, 'no heat leaves the map untinted');
});
