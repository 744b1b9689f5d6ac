// @ts-check
// modelcard.js: the model card: what the loaded model file says of itself (its header and
// the JSON metadata training wrote: data, cases, settings, CV figures) and, when the site
// ships one, the model's README (model/README.md), shown as plain text.

import { cvPhrase } from './result.js';

/** @typedef {import('./result.js').ModelInfo} ModelInfo */

/** A metadata value as one line: numbers and strings as they are, a list by its length
 *  (the training history's last entry shown), an object as compact JSON.
 *  @param {string} key @param {unknown} v */
function describe(key, v) {
  if (Array.isArray(v)) {
    const last = v.length ? v[v.length - 1] : null;
    return `${v.length} entries${last !== null && key === 'history' ? `; last ${JSON.stringify(last)}` : ''}`;
  }
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Fills `root` with the card. name: the model file's name; readme: model/README.md's
 *  text or null. When no model is loaded, says so and why.
 *  @param {HTMLElement} root @param {{name: string, info: ModelInfo} | null} model
 *  @param {string | null} readme @param {string} absentReason */
export function renderModelCard(root, model, readme, absentReason) {
  root.textContent = '';
  const p = (/** @type {string} */ text, cls = '') => {
    const el = document.createElement('p');
    el.textContent = text;
    if (cls) el.className = cls;
    root.append(el);
    return el;
  };
  p('polarcad is research and teaching software, not a diagnostic device. The model it ships is trained on ' +
    'synthetic data only; what this file says it was trained on is below.', 'disclaimer');
  if (!model) {
    p(`No model is loaded: ${absentReason}`);
  } else {
    const table = document.createElement('table');
    table.className = 'card-table';
    /** @type {[string, string][]} */
    const rows = [['file', model.name], ['architecture', model.info.arch], ['dataset', model.info.dataset],
      ['input', `${model.info.height} × ${model.info.width}`], ['weights', model.info.weights],
      ['width multiplier', String(model.info.width_mult ?? 'not given')],
      ['classes', Array.isArray(model.info.classes) ? model.info.classes.join(', ') : 'not given'],
      ['trained on', model.info.trained_on]];
    const cv = cvPhrase(model.info.metadata);
    rows.push(['cross-validation', cv || 'no figures in the metadata']);
    const meta = model.info.metadata;
    if (meta) {
      for (const [k, v] of Object.entries(meta)) if (k !== 'trained_on' && k !== 'cv') rows.push([`metadata: ${k}`, describe(k, v)]);
    } else {
      rows.push(['metadata', 'none (the file carries no JSON metadata)']);
    }
    for (const [k, v] of rows) {
      const tr = document.createElement('tr');
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = k;
      const td = document.createElement('td');
      td.textContent = v;
      tr.append(th, td);
      table.append(tr);
    }
    root.append(table);
  }
  if (readme) {
    const h = document.createElement('h3');
    h.textContent = 'model/README.md';
    const pre = document.createElement('pre');
    pre.className = 'readme';
    pre.textContent = readme;
    root.append(h, pre);
  } else {
    p('This site ships no model/README.md.', 'muted');
  }
}
