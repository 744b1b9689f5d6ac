// @ts-check
// disc.js: shows where the core found a map's disc: an outline over the thumbnail and a
// one-line summary, so a clinician sees at a glance that the right circle was cropped.

/** @typedef {import('./study.js').MapReport} MapReport */

/** A canvas in the source image's pixels, laid over the thumbnail (CSS gives both the
 *  same box and object-fit), with the disc's rim and centre drawn on it.
 *  @param {MapReport} report a report with a disc @param {string} label for screen readers
 *  @returns {HTMLCanvasElement} */
export function drawDisc(report, label) {
  const canvas = document.createElement('canvas');
  canvas.className = 'disc-overlay';
  canvas.width = report.width;
  canvas.height = report.height;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `${label}: ${describeDisc(report)}`);
  const disc = report.disc;
  const ctx = canvas.getContext('2d');
  if (!disc || !ctx) return canvas;
  // Thumbnails are shown about 250 px wide: a line of about 2 screen pixels whatever the
  // image's size, green on a dark halo so it stands out on every colour table.
  const line = Math.max(1, Math.max(report.width, report.height) / 125);
  const cross = Math.max(4 * line, disc.radius / 12);
  const path = new Path2D();
  path.arc(disc.cx, disc.cy, disc.radius, 0, 2 * Math.PI);
  path.moveTo(disc.cx - cross, disc.cy);
  path.lineTo(disc.cx + cross, disc.cy);
  path.moveTo(disc.cx, disc.cy - cross);
  path.lineTo(disc.cx, disc.cy + cross);
  ctx.strokeStyle = 'rgba(0, 0, 0, 0.75)';
  ctx.lineWidth = 3 * line;
  ctx.stroke(path);
  ctx.strokeStyle = '#19ff5a';
  ctx.lineWidth = line;
  ctx.stroke(path);
  return canvas;
}

/** "Disc: centre (200, 200), radius 200 px; 98% of the rim on the circle."
 *  @param {MapReport} report */
export function describeDisc(report) {
  const d = report.disc;
  if (!d) return '';
  const at = `centre (${d.cx.toFixed(0)}, ${d.cy.toFixed(0)}), radius ${d.radius.toFixed(0)} px`;
  return `Disc: ${at}; ${(100 * d.edgeAgreement).toFixed(0)}% of the rim on the circle.`;
}
