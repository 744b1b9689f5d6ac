// @ts-check
// report.js: "Save as PNG": the result drawn by us onto one canvas the size of an A4 page
// at 150 dpi (1240 x 1754): the prediction with its provenance, the heat maps as shown
// (same opacity), the territory shares, the bullseyes and the scores, the disclaimer.
// Drawn from the page's own canvases and SVG, so the file shows what the page showed.

import { P_CAD_MEANING } from './result.js';

/** @typedef {import('./result.js').Prediction} Prediction */
/** @typedef {import('./result.js').Scores} Scores */
/** Everything the report says in words.
 *  @typedef {{date: string, files: string[], prediction: Prediction | null, provenance: string,
 *  noModel: string, scores: Scores | null, normals: string, timings: string, opacity: number}} ReportData */

export const REPORT_WIDTH = 1240, REPORT_HEIGHT = 1754;
const M = 70;   // page margin, px
const INK = '#1d2430', MUTED = '#5b6577';

/** Draws text wrapped to `width`; returns the y below it.
 *  @param {CanvasRenderingContext2D} ctx @param {string} text @param {number} x @param {number} y
 *  @param {number} width @param {number} lineHeight */
function wrap(ctx, text, x, y, width, lineHeight) {
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (ctx.measureText(next).width > width && line) {
      ctx.fillText(line, x, y);
      y += lineHeight;
      line = word;
    } else {
      line = next;
    }
  }
  if (line) { ctx.fillText(line, x, y); y += lineHeight; }
  return y;
}

/** An SVG string as an image (a blob: URL, which the page's CSP allows for images).
 *  @param {string} svg @returns {Promise<HTMLImageElement>} */
function svgImage(svg) {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  const img = new Image();
  return new Promise((resolve, reject) => {
    img.onload = () => { URL.revokeObjectURL(url); resolve(img); };
    img.onerror = () => { URL.revokeObjectURL(url); reject(new Error('a bullseye could not be drawn')); };
    img.src = url;
  });
}

/** The report page as a canvas. @param {ReportData} data @returns {Promise<HTMLCanvasElement>} */
export async function drawReport(data) {
  const canvas = document.createElement('canvas');
  canvas.width = REPORT_WIDTH;
  canvas.height = REPORT_HEIGHT;
  const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
  const W = REPORT_WIDTH - 2 * M;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, REPORT_WIDTH, REPORT_HEIGHT);
  ctx.textBaseline = 'top';
  ctx.fillStyle = INK;
  ctx.font = 'bold 44px system-ui, sans-serif';
  ctx.fillText('polarcad report', M, M);
  ctx.font = '22px system-ui, sans-serif';
  ctx.fillStyle = MUTED;
  ctx.fillText(data.date, M, M + 58);
  let y = M + 100;
  // The disclaimer, boxed, before anything else.
  ctx.fillStyle = '#fff4e5';
  ctx.fillRect(M, y, W, 100);
  ctx.strokeStyle = '#f0c27a';
  ctx.strokeRect(M, y, W, 100);
  ctx.fillStyle = '#7a4a00';
  ctx.font = 'bold 22px system-ui, sans-serif';
  ctx.fillText('Not a diagnostic device.', M + 16, y + 12);
  ctx.font = '20px system-ui, sans-serif';
  wrap(ctx, 'Research and teaching software; its model is trained on synthetic data only. Computed in the browser; no image left the computer.',
    M + 16, y + 42, W - 32, 26);
  y += 122;
  ctx.fillStyle = MUTED;
  ctx.font = '18px system-ui, sans-serif';
  y = wrap(ctx, `Maps: ${data.files.join(' · ')}`, M, y, W, 24) + 10;

  ctx.fillStyle = INK;
  if (data.prediction) {
    ctx.font = 'bold 40px system-ui, sans-serif';
    const call = data.prediction.class === 'cad' ? 'CAD' : data.prediction.class === 'no_cad' ? 'no CAD' : data.prediction.class;
    ctx.fillText(`P(CAD) ${data.prediction.p_cad.toFixed(3)}   call: ${call}`, M, y);
    y += 56;
    ctx.font = '19px system-ui, sans-serif';
    ctx.fillStyle = MUTED;
    y = wrap(ctx, P_CAD_MEANING, M, y, W, 25) + 8;
    y = wrap(ctx, data.provenance, M, y, W, 25) + 14;
    if (data.prediction.warning) {
      ctx.font = 'bold 19px system-ui, sans-serif';
      ctx.fillStyle = INK;
      y = wrap(ctx, `Warning: ${data.prediction.warning}.`, M, y, W, 25) + 14;
    }
  } else {
    ctx.font = '22px system-ui, sans-serif';
    y = wrap(ctx, data.noModel, M, y, W, 28) + 14;
  }

  // The heat maps as the page shows them, four across.
  const figures = [...document.querySelectorAll('#heatmaps figure.heat')];
  if (figures.length) {
    ctx.fillStyle = INK;
    ctx.font = 'bold 24px system-ui, sans-serif';
    ctx.fillText('Where the model looked (Grad-CAM)', M, y);
    y += 38;
    const side = Math.min(250, (W - 3 * 20) / 4);
    figures.forEach((fig, i) => {
      const x = M + i * (side + 20);
      const tile = /** @type {HTMLCanvasElement | null} */ (fig.querySelector('canvas.heat-tile'));
      const over = /** @type {HTMLCanvasElement | null} */ (fig.querySelector('canvas.heat-overlay'));
      ctx.imageSmoothingEnabled = false;
      if (tile) ctx.drawImage(tile, x, y, side, side);
      ctx.imageSmoothingEnabled = true;
      if (over) {
        ctx.globalAlpha = data.opacity;
        ctx.drawImage(over, x, y, side, side);
        ctx.globalAlpha = 1;
      }
      ctx.fillStyle = MUTED;
      ctx.font = '18px system-ui, sans-serif';
      ctx.fillText(fig.querySelector('figcaption')?.textContent || '', x, y + side + 8);
    });
    y += side + 40;
    const cam = data.prediction?.gradcam;
    if (cam) {
      ctx.fillStyle = INK;
      ctx.font = '19px system-ui, sans-serif';
      const t = cam.territories;
      ctx.fillText(`Heat by territory (study): LAD ${(100 * t.LAD).toFixed(0)}%, LCx ${(100 * t.LCx).toFixed(0)}%, ` +
        `RCA ${(100 * t.RCA).toFixed(0)}%; most: ${cam.top_territory}. Layer ${cam.layer}.`, M, y);
      y += 40;
    }
  }

  if (data.scores) {
    ctx.fillStyle = INK;
    ctx.font = 'bold 24px system-ui, sans-serif';
    ctx.fillText('Semi-quantitative scores', M, y);
    y += 34;
    ctx.fillStyle = MUTED;
    ctx.font = '18px system-ui, sans-serif';
    y = wrap(ctx, data.normals, M, y, W, 24) + 8;
    for (const row of document.querySelectorAll('#bullseyes .bullseye-row')) {
      const label = row.querySelector('.bullseye-head')?.textContent || '';
      ctx.fillStyle = INK;
      ctx.font = 'bold 22px system-ui, sans-serif';
      ctx.fillText(label, M, y + 80);
      const svgs = [...row.querySelectorAll('figure.bullseye svg')];
      let x = M + 70, h = 0;
      for (const [i, svg] of svgs.entries()) {
        const img = await svgImage(new XMLSerializer().serializeToString(svg));
        const scale = 190 / img.height;
        ctx.drawImage(img, x, y, img.width * scale, 190);
        ctx.fillStyle = MUTED;
        ctx.font = '17px system-ui, sans-serif';
        ctx.fillText(['stress', 'rest', 'difference'][i], x + (img.width * scale) / 2 - 30, y + 194);
        x += img.width * scale + 24;
        h = 220;
      }
      y += h + 6;
    }
    ctx.fillStyle = INK;
    ctx.font = '20px system-ui, sans-serif';
    for (const [key, label] of /** @type {const} */ ([['semiq_nac', 'NAC'], ['semiq_ac', 'AC']])) {
      const s = data.scores[key];
      if (!s) continue;
      ctx.fillText(`${label}: SSS ${s.sss}, SRS ${s.srs}, SDS ${s.sds}, TPD stress ${s.tpd_stress.toFixed(2)}%; ` +
        `Semi-Q call (paper): ${s.call_paper ? 'abnormal (CAD)' : 'normal'}`, M, y);
      y += 30;
    }
  }

  ctx.fillStyle = MUTED;
  ctx.font = '16px system-ui, sans-serif';
  const foot = REPORT_HEIGHT - M - 44;
  wrap(ctx, `${data.timings} polarcad is research and teaching software, not a diagnostic device; its model is ` +
    'trained on synthetic data.', M, foot, W, 22);
  return canvas;
}

/** Draws the report and hands it to the browser as a download (polarcad-report.png).
 *  @param {ReportData} data */
export async function saveReportPng(data) {
  const canvas = await drawReport(data);
  const blob = await new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the report could not be encoded as PNG'))), 'image/png'));
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = 'polarcad-report.png';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
