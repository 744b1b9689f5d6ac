// @ts-check
// result.js: what the page shows of a study's analysis: P(CAD) and the call with the
// model's provenance, the Grad-CAM heat over each map with the per-territory shares,
// and the semi-quantitative scores with their bullseyes. Pure rendering: app.js owns the
// state and calls these with what the worker returned.

import { MAP_LABELS, DATASET_MAPS } from './lib/study-kinds.mjs';
import { bullseyeSvg } from './bullseye.js';
import { drawGrey, drawHeat } from './heatmap.js';

/** @typedef {import('./lib/study-kinds.mjs').MapName} MapName */
/** @typedef {import('./lib/study-kinds.mjs').DatasetName} DatasetName */
/** @typedef {import('./lib/polarcad.mjs').RgbImage} RgbImage */
/** @typedef {import('./heatmap.js').Heat} Heat */
/** @typedef {{LAD: number, LCx: number, RCA: number}} Territories */
/** What a model file says of itself (the wasm API's model.info; the fields the page reads).
 *  @typedef {{arch: string, dataset: string, height: number, width: number, weights: string,
 *  trained_on: string, metadata: Record<string, any> | null, width_mult?: number, classes?: string[]}} ModelInfo */
/** One map's Grad-CAM: its share of the study's heat, that share by territory, the heat.
 *  @typedef {{share: number, territories: Territories, heat?: Heat}} MapGradcam */
/** A prediction, with the fields `polarcad predict --json` prints.
 *  @typedef {{p_cad: number, class: string, trained_on: string, dataset: string, weights: string,
 *  colormap: string, warning?: string, gradcam: {layer: string, class: string, mass: number, top_territory: string,
 *  territories: Territories, maps: Partial<Record<MapName, MapGradcam>>} | null, disclaimer: string}} Prediction */
/** One correction's scores: the sums, stress TPD, the paper's call, the segment scores.
 *  @typedef {{sss: number, srs: number, sds: number, tpd_stress: number, call_paper: number,
 *  segments: {stress: number[], rest: number[], difference: number[]}}} Semiq */
/** @typedef {{semiq_nac: Semiq | null, semiq_ac: Semiq | null}} Scores */

/** @param {string} id @returns {HTMLElement} */
function $(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el;
}

/** @param {number} x */
const pct = (x) => `${(100 * x).toFixed(0)}%`;

/** CV figures a model's metadata carries, as one phrase, or '' when it has none. The page
 *  reads metadata.cv = {auc, auc_ci95, accuracy, sensitivity, specificity, folds, baseline_auc}
 *  (any of them; scripts/train-default writes them all).
 *  @param {Record<string, any> | null} metadata */
export function cvPhrase(metadata) {
  const cv = metadata && typeof metadata.cv === 'object' && metadata.cv ? metadata.cv : null;
  if (!cv) return '';
  /** @type {string[]} */
  const parts = [];
  /** @param {string} key @param {string} label */
  const add = (key, label) => { if (typeof cv[key] === 'number') parts.push(`${label} ${cv[key].toFixed(2)}`); };
  add('auc', 'AUC');
  const ci = cv.auc_ci95;
  if (parts.length && Array.isArray(ci) && ci.length === 2 && ci.every((x) => typeof x === 'number'))
    parts[0] += ` (95% CI ${ci[0].toFixed(2)}-${ci[1].toFixed(2)})`;
  add('accuracy', 'accuracy');
  add('sensitivity', 'sensitivity');
  add('specificity', 'specificity');
  if (!parts.length) return '';
  const base = typeof cv.baseline_auc === 'number' ? `; the segment-score baseline's AUC ${cv.baseline_auc.toFixed(2)}` : '';
  return `cross-validated${typeof cv.folds === 'number' ? ` (${cv.folds}-fold)` : ''}: ${parts.join(', ')}${base}`;
}

/** "Model test-model.pcm: vgg16, acnac 300 x 300, fp32 weights. Trained on ..."
 *  @param {string} name @param {ModelInfo} info */
export function provenance(name, info) {
  const cv = cvPhrase(info.metadata);
  // trained_on is "a synthetic cohort ..." from training's metadata, or the core's
  // "training data: not recorded in the model file".
  const data = /^(training data|trained on)\b/i.test(info.trained_on)
    ? info.trained_on.charAt(0).toUpperCase() + info.trained_on.slice(1) : `Trained on ${info.trained_on}`;
  return `Model ${name}: ${info.arch}, ${info.dataset} ${info.height} × ${info.width}, ${info.weights} weights. ` +
    `${data}. ${cv ? `Its figures, ${cv}, are on synthetic data.` : 'Its metadata carries no cross-validated figures.'}`;
}

/** The call in words. @param {Prediction} p */
function callText(p) {
  return p.class === 'cad' ? 'call: CAD' : p.class === 'no_cad' ? 'call: no CAD' : `call: ${p.class}`;
}

/** What P(CAD) means: polarcad train balances the classes, so the output assumes half the
 *  studies are CAD (the native predict prints the same). */
export const P_CAD_MEANING = 'P(CAD) is the output for studies where CAD and no CAD are equally common, ' +
  'as in training: not a calibrated probability at another prevalence.';

/** P(CAD) and the call (the model's provenance is the line above them, #model-line).
 *  @param {Prediction} p */
export function showPrediction(p) {
  $('p-cad').textContent = p.p_cad.toFixed(3);
  $('call').textContent = callText(p);
  $('call').dataset.class = p.class;
  $('p-cad-meaning').textContent = P_CAD_MEANING;
  $('p-cad-bar').style.width = `${(100 * Math.max(0, Math.min(1, p.p_cad))).toFixed(1)}%`;
  // e.g. the maps are in a colour table the model never saw: say so beside the number
  const warning = $('prediction-warning');
  warning.textContent = p.warning ? `Warning: ${p.warning}.` : '';
  warning.hidden = !p.warning;
  $('prediction').hidden = false;
}

/** The tiles the network saw (in grey) with the heat laid over them, and the territory table.
 *  @param {Prediction} p @param {Partial<Record<MapName, RgbImage>>} tiles each map's preprocessed tile
 *  @param {DatasetName} dataset @param {number} opacity 0..1 */
export function showGradcam(p, tiles, dataset, opacity) {
  const root = $('heatmaps');
  root.textContent = '';
  const body = /** @type {HTMLTableSectionElement} */ ($('territories').querySelector('tbody'));
  body.textContent = '';
  const cam = p.gradcam;
  if (!cam) { $('explain').hidden = true; return; }
  for (const map of DATASET_MAPS[dataset]) {
    const tileImage = tiles[map], m = cam.maps[map];
    if (!tileImage || !m) continue;
    const figure = document.createElement('figure');
    figure.className = 'heat';
    figure.dataset.map = map;
    const frame = document.createElement('div');
    frame.className = 'heat-frame';
    const tile = document.createElement('canvas');
    tile.className = 'heat-tile';
    drawGrey(tile, tileImage);
    frame.append(tile);
    if (m.heat) {
      const over = document.createElement('canvas');
      over.className = 'heat-overlay';
      drawHeat(over, m.heat);
      over.style.opacity = String(opacity);
      frame.append(over);
    }
    frame.setAttribute('role', 'img');
    frame.setAttribute('aria-label', `${MAP_LABELS[map]} with Grad-CAM heat: ${pct(m.share)} of the study's heat; ` +
      `LAD ${pct(m.territories.LAD)}, LCx ${pct(m.territories.LCx)}, RCA ${pct(m.territories.RCA)}`);
    const caption = document.createElement('figcaption');
    caption.textContent = `${MAP_LABELS[map]}: ${pct(m.share)} of the heat`;
    figure.append(frame, caption);
    root.append(figure);
    body.append(territoryRow(MAP_LABELS[map], m.share, m.territories));
  }
  const total = territoryRow('Study', 1, cam.territories);
  total.className = 'total';
  body.append(total);
  $('explain').hidden = false;
}

/** @param {string} label @param {number} share @param {Territories} t */
function territoryRow(label, share, t) {
  const tr = document.createElement('tr');
  const th = document.createElement('th');
  th.scope = 'row';
  th.textContent = label;
  tr.append(th);
  for (const v of [share, t.LAD, t.LCx, t.RCA]) {
    const td = document.createElement('td');
    td.textContent = pct(v);
    tr.append(td);
  }
  return tr;
}

/** The overlay's opacity, on every heat map shown. @param {number} opacity 0..1 */
export function setHeatOpacity(opacity) {
  for (const el of document.querySelectorAll('#heatmaps .heat-overlay'))
    /** @type {HTMLElement} */ (el).style.opacity = String(opacity);
}

/** The bullseyes (stress, rest, difference for each correction present) and the table.
 *  @param {Scores} scores @param {string} normalsText */
export function showScores(scores, normalsText) {
  const root = $('bullseyes');
  root.textContent = '';
  const body = /** @type {HTMLTableSectionElement} */ ($('score-table').querySelector('tbody'));
  body.textContent = '';
  for (const [key, label] of /** @type {const} */ ([['semiq_nac', 'NAC'], ['semiq_ac', 'AC']])) {
    const s = scores[key];
    if (!s) continue;
    const row = document.createElement('div');
    row.className = 'bullseye-row';
    row.dataset.correction = label.toLowerCase();
    const head = document.createElement('p');
    head.className = 'bullseye-head';
    head.textContent = label;
    row.append(head);
    for (const [part, name] of /** @type {const} */ ([['stress', 'Stress'], ['rest', 'Rest'], ['difference', 'Difference']])) {
      const figure = document.createElement('figure');
      figure.className = 'bullseye';
      figure.dataset.part = part;
      // Our own markup from numbers (bullseye.js escapes the title): no user text inside.
      figure.innerHTML = bullseyeSvg(s.segments[part], { title: `${label} ${name.toLowerCase()} segment scores`, size: 150 });
      const caption = document.createElement('figcaption');
      caption.textContent = `${name} ${label}`;
      figure.append(caption);
      row.append(figure);
    }
    root.append(row);
    const tr = document.createElement('tr');
    tr.dataset.correction = label.toLowerCase();
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = label;
    tr.append(th);
    const call = s.call_paper ? 'abnormal (CAD)' : 'normal';
    for (const [k, v] of [['sss', String(s.sss)], ['srs', String(s.srs)], ['sds', String(s.sds)],
      ['tpd', `${s.tpd_stress.toFixed(2)}%`], ['call', call]]) {
      const td = document.createElement('td');
      td.dataset.key = k;
      td.textContent = v;
      tr.append(td);
    }
    body.append(tr);
  }
  $('normals-line').textContent = normalsText;
  $('scores').hidden = false;
}

/** Hides every part of a previous result. */
export function clearResult() {
  for (const id of ['prediction', 'explain', 'scores', 'scores-error']) $(id).hidden = true;
  $('heatmaps').textContent = '';
  $('bullseyes').textContent = '';
  for (const id of ['territories', 'score-table'])
    /** @type {HTMLElement} */ ($(id).querySelector('tbody')).textContent = '';
  $('timings').textContent = '';
}
