// @ts-check
// app.js: the polarcad page: collect a study's maps, run the wasm core in a worker (maps
// read, scores, prediction), show the result. Everything stays in this browser tab.

import { Engine, errorMessage } from './engine.js';
import { slotOf } from './slots.js';
import { drawDisc, describeDisc } from './disc.js';
import { drawRgb, heatLegend } from './heatmap.js';
import { fetchSiteModels, loadSiteModels } from './models.js';
import { provenance, showPrediction, showGradcam, setHeatOpacity, showScores, clearResult } from './result.js';
import { renderModelCard } from './modelcard.js';
import { saveReportPng } from './report.js';
import { fetchBytes } from './loader.js';
import { MAPS, MAP_LABELS, DATASET_MAPS, isDataset } from './lib/study-kinds.mjs';

/** @typedef {import('./lib/study-kinds.mjs').MapName} MapName */
/** @typedef {import('./lib/study-kinds.mjs').DatasetName} DatasetName */
/** @typedef {import('./lib/polarcad.mjs').RgbImage} RgbImage */
/** @typedef {import('./study.js').MapReport} MapReport */
/** @typedef {import('./analysis.js').Analysis} Analysis */
/** @typedef {import('./models.js').Loaded} Loaded */
/** A dropped file: its bytes for the worker, an object URL for its thumbnail.
 *  @typedef {{id: number, name: string, bytes: ArrayBuffer, url: string}} PageFile */

const ACCEPTED = /\.(png|jpe?g|bmp)$/i;

// How each montage is laid out, for its caption.
/** @type {Record<DatasetName, string>} */
const LAYOUT = {
  acnac: 'Columns: stress | rest. Rows: NAC, then AC.',
  ac: 'Stress AC | rest AC.',
  nac: 'Stress NAC | rest NAC.',
};

/** @param {string} id @returns {HTMLElement} */
function $(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el;
}

// State: the dropped files, which slot each fills, and what the core said about the
// file in each slot (reports: kept with the file's id, so a slot shows only its own).
const state = {
  /** @type {PageFile[]} */ files: [],
  /** @type {Partial<Record<MapName, number>>} */ slotFile: {},
  /** @type {Partial<Record<MapName, {fileId: number, report: MapReport}>>} */ reports: {},
  /** @type {DatasetName} */ dataset: 'acnac',
  run: 0,
  nextId: 1,
  /** Files the last drop held that polarcad does not read: said until the next drop, so a
   *  study that runs meanwhile does not wipe the message. */
  refusedNotice: '',
  /** @type {'' | 'M' | 'F'} */ sex: '',
  /** The colour table the core detected in the last study read ('' before one is read). */ table: '',
  /** Heat-map overlay opacity, 0..1. */ opacity: 0.6,
  /** What the site's model and normal database loading gave; null while loading.
   *  @type {Loaded | null} */ loaded: null,
  /** The last complete analysis and the names of its files (for the saved report).
   *  @type {{analysis: Analysis, files: string[], date: string} | null} */ shown: null,
  /** performance.now() of the first prediction shown (since the page opened). */ firstResultMs: 0,
};
/** @type {Engine} */
let engine;

/** @param {number | null | undefined} id */
function fileById(id) {
  return state.files.find((f) => f.id === id) || null;
}

/** @param {string} text */
function setStatus(text) {
  $('status').textContent = text;
}

/** @param {string} [text] */
function showError(text) {
  const el = $('error');
  el.textContent = text || '';
  el.hidden = !text;
}

function buildSlots() {
  const root = $('slots');
  root.textContent = '';
  for (const slot of MAPS) {
    const figure = document.createElement('figure');
    figure.className = 'slot';
    figure.dataset.slot = slot;
    const caption = document.createElement('figcaption');
    caption.textContent = MAP_LABELS[slot];
    const frame = document.createElement('div');
    frame.className = 'frame';
    const note = document.createElement('p');
    note.className = 'slot-note';
    const select = document.createElement('select');
    select.setAttribute('aria-label', `File for ${MAP_LABELS[slot]}`);
    select.addEventListener('change', () => assign(select.value ? Number(select.value) : null, slot));
    figure.append(caption, frame, note, select);
    root.append(figure);
  }
}

/** The slot's figure element and its parts. @param {MapName} slot */
function slotParts(slot) {
  const figure = /** @type {HTMLElement} */ (document.querySelector(`.slot[data-slot="${slot}"]`));
  return {
    figure,
    frame: /** @type {HTMLElement} */ (figure.querySelector('.frame')),
    note: /** @type {HTMLElement} */ (figure.querySelector('.slot-note')),
    select: /** @type {HTMLSelectElement} */ (figure.querySelector('select')),
  };
}

function render() {
  const needed = DATASET_MAPS[state.dataset];
  for (const slot of MAPS) {
    const { figure, frame, note, select } = slotParts(slot);
    const file = fileById(state.slotFile[slot]);
    figure.classList.toggle('unused', !needed.includes(slot));
    frame.textContent = '';
    note.textContent = '';
    note.classList.remove('error');
    if (file) {
      const img = document.createElement('img');
      img.src = file.url;
      img.alt = `${MAP_LABELS[slot]}: ${file.name}`;
      frame.append(img);
      const saved = state.reports[slot];
      const report = saved && saved.fileId === file.id && needed.includes(slot) ? saved.report : null;
      if (report?.disc) {
        frame.append(drawDisc(report, `Disc found in ${MAP_LABELS[slot]}`));
        // The colour table is detected for the study as a whole: said under each map too.
        note.textContent = describeDisc(report) + (state.table ? ` Colour table: ${state.table} (detected).` : '');
        if (report.warning) {   // e.g. part of the disc is outside the image: that part is left out of the scores
          const warning = document.createElement('strong');
          warning.className = 'warning';
          warning.textContent = ` ${report.warning}`;
          note.append(warning);
        }
      } else if (report?.error) {
        note.textContent = report.error;
        note.classList.add('error');
      }
    } else {
      const empty = document.createElement('span');
      empty.className = 'empty';
      empty.textContent = needed.includes(slot) ? 'empty' : 'not used by this dataset';
      frame.append(empty);
    }
    select.textContent = '';
    select.append(new Option('— empty —', ''));
    for (const f of state.files) select.append(new Option(f.name, String(f.id), false, f === file));
  }
  const assigned = new Set(Object.values(state.slotFile));
  const loose = state.files.filter((f) => !assigned.has(f.id));
  $('tray').hidden = loose.length === 0;
  const list = $('tray-list');
  list.textContent = '';
  for (const f of loose) {
    const li = document.createElement('li');
    li.textContent = f.name;
    list.append(li);
  }
}

/** Puts file `id` (or nothing) into `slot`; a file moving from another slot leaves it.
 *  @param {number | null} id @param {MapName} slot */
function assign(id, slot) {
  for (const s of MAPS) if (state.slotFile[s] === id) delete state.slotFile[s];
  if (id === null) delete state.slotFile[slot];
  else state.slotFile[slot] = id;
  render();
  update();
}

/** @param {Iterable<File>} fileList */
async function addFiles(fileList) {
  const files = [...fileList];
  const refused = files.filter((f) => !ACCEPTED.test(f.name));
  state.refusedNotice = refused.length
    ? `Not used (polarcad reads PNG, JPEG and BMP): ${refused.map((f) => f.name).join(', ')}` : '';
  showError(state.refusedNotice);
  for (const f of files.filter((f) => ACCEPTED.test(f.name))) {
    const entry = { id: state.nextId++, name: f.name, bytes: await f.arrayBuffer(), url: URL.createObjectURL(f) };
    state.files.push(entry);
    const slot = slotOf(f.name);
    if (slot) state.slotFile[slot] = entry.id;   // a newer file with the same name-slot replaces the older
  }
  // A replaced file whose name says its slot goes (the next study replaces the last one
  // cleanly); a file whose name says nothing stays in the tray for the user to place.
  const assigned = new Set(Object.values(state.slotFile));
  for (const f of state.files) if (!assigned.has(f.id) && slotOf(f.name)) URL.revokeObjectURL(f.url);
  state.files = state.files.filter((f) => assigned.has(f.id) || !slotOf(f.name));
  render();
  update();
}

// Sample studies: synthetic, bundled with the page (web/samples/, made by
// scripts/make-samples.mjs), fetched from the page's own origin.
/** A bundled sample study (web/samples/index.json). format: its files' extension, png
 *  (exports) unless said (the screen captures are JPEG).
 *  @typedef {{slug: string, title: string, text: string, label: number, sex: string, age: number,
 *  source: string, format?: string}} Sample */

async function loadSampleList() {
  /** @type {{samples: Sample[]}} */
  let index;
  try {
    const res = await fetch(new URL('./samples/index.json', import.meta.url));
    if (!res.ok) return;
    index = await res.json();
  } catch {
    return;   // a site without samples simply has no sample buttons
  }
  const list = $('sample-list');
  for (const sample of index.samples) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = sample.title;
    button.dataset.sample = sample.slug;
    button.addEventListener('click', () => openSample(sample));
    list.append(button);
  }
  $('samples').hidden = index.samples.length === 0;
}

/** @param {Sample} sample */
async function openSample(sample) {
  clearAll();
  const files = [];
  const ext = sample.format || 'png';
  for (const slot of MAPS) {
    const res = await fetch(new URL(`./samples/${sample.slug}/${slot}.${ext}`, import.meta.url));
    if (!res.ok) {
      showError(`Sample ${sample.title}: ${slot}.${ext} could not be loaded (HTTP ${res.status}).`);
      return;
    }
    files.push(new File([await res.blob()], `${sample.slug}_${slot}.${ext}`, { type: ext === 'png' ? 'image/png' : 'image/jpeg' }));
  }
  // The generator's sex for the sample: the normal limits it is scored against.
  if (sample.sex === 'M' || sample.sex === 'F') setSex(sample.sex);
  const note = $('sample-note');
  const truth = sample.label ? 'flow-limiting CAD' : 'no CAD';
  note.textContent = `${sample.title} (synthetic, ${sample.sex}, ${sample.age} y; generator truth: ${truth}). ` +
    `${sample.text} Made by ${sample.source}. Not patient data.`;
  note.hidden = false;
  await addFiles(files);
}

function clearAll() {
  for (const f of state.files) URL.revokeObjectURL(f.url);
  state.files = [];
  state.slotFile = {};
  state.reports = {};
  state.run++;
  $('montage').hidden = true;
  $('caption').hidden = true;
  hideResult();
  state.refusedNotice = '';
  showError('');
  setStatus('Waiting for the maps.');
  $('sample-note').hidden = true;
  render();
}

/** @param {'' | 'M' | 'F'} sex */
function setSex(sex) {
  state.sex = sex;
  /** @type {HTMLSelectElement} */ ($('sex')).value = sex;
}

/** Hides the last result (a new study, an error, a clear): nothing of it stays on view. */
function hideResult() {
  const result = $('result');
  result.dataset.done = '0';
  for (const key of ['pCad', 'prediction', 'scores', 'ms']) delete result.dataset[key];
  clearResult();
  state.shown = null;
  state.table = '';
  $('report-files').textContent = '';
  for (const id of ['print', 'save-png']) /** @type {HTMLButtonElement} */ ($(id)).disabled = true;
}

async function update() {
  const needed = DATASET_MAPS[state.dataset];
  const missing = needed.filter((s) => !fileById(state.slotFile[s]));
  const result = $('result');
  if (missing.length) {
    hideResult();
    setStatus(`Still needed: ${missing.map((s) => MAP_LABELS[s]).join(', ')}.`);
    return;
  }
  if (!state.loaded) {   // the model is still loading: the study runs once it is in
    hideResult();
    setStatus('The maps are in; waiting for the model to load…');
    return;
  }
  const run = ++state.run;
  hideResult();
  showError(state.refusedNotice);
  setStatus(state.loaded.model ? 'Reading the maps and predicting…' : 'Reading the maps…');
  /** @type {Partial<Record<MapName, {name: string, bytes: ArrayBuffer}>>} */
  const maps = {};
  /** @type {Partial<Record<MapName, number>>} */
  const ids = {};
  for (const s of needed) {
    const f = /** @type {PageFile} */ (fileById(state.slotFile[s]));
    maps[s] = { name: f.name, bytes: f.bytes };
    ids[s] = f.id;
  }
  /** @type {Analysis} */
  let analysis;
  const t0 = performance.now();
  try {
    analysis = await engine.request('analyse', { dataset: state.dataset, maps, sex: state.sex, gradcam: true });
  } catch (err) {
    const report = { error: errorMessage(err), table: null, montage: null, maps: {} };
    analysis = { report, tiles: {}, scores: null, scoresError: null, prediction: null, predictionError: null,
      ms: { read: 0, scores: 0, predict: 0 } };
  }
  const ms = performance.now() - t0;
  if (run !== state.run) return;   // a newer request superseded this one
  const { report } = analysis;
  for (const s of needed) {
    const mapReport = report.maps[s], fileId = ids[s];
    if (mapReport && fileId !== undefined) state.reports[s] = { fileId, report: mapReport };
  }
  state.table = report.table || '';
  render();
  const { montage } = report;
  if (report.error || !montage) {
    $('montage').hidden = true;
    $('caption').hidden = true;
    result.dataset.done = 'error';
    setStatus('The maps could not be read.');
    showError([state.refusedNotice, report.error || 'no montage'].filter(Boolean).join('\n'));
    return;
  }
  // With a model, the montage as its network read it: drawn again in the model's colour
  // table when the study's is another (the prediction's warning says so).
  const read = analysis.prediction?.network_input.montage ?? montage;
  const networkTable = analysis.prediction?.network_colormap ?? report.table;
  drawRgb(/** @type {HTMLCanvasElement} */ ($('montage')), read);
  $('montage').hidden = false;
  $('caption-layout').textContent = LAYOUT[state.dataset];
  $('caption-table').textContent = networkTable && networkTable !== report.table
    ? ` The maps are in ${report.table}; the network read them drawn again in ${networkTable}, as shown.` : '';
  $('caption').hidden = false;
  const sizes = needed.map((s) => `${MAP_LABELS[s]} ${report.maps[s]?.width}×${report.maps[s]?.height}`).join(', ');
  setStatus(`Montage ${montage.height} × ${montage.width} px in ${analysis.ms.read.toFixed(0)} ms; colour table ` +
    `${report.table} (detected), from ${sizes}.`);
  showAnalysis(analysis);
  const model = state.loaded.model;
  $('timings').textContent = `Read ${analysis.ms.read.toFixed(0)} ms` +
    (state.loaded.normals ? ` · scores ${analysis.ms.scores.toFixed(0)} ms` : '') +
    (model ? ` · model ${analysis.ms.predict.toFixed(0)} ms` : '') +
    ` · ${ms.toFixed(0)} ms in all, in this browser.`;
  if (analysis.prediction && !state.firstResultMs) {
    state.firstResultMs = performance.now();
    document.body.dataset.firstResultMs = state.firstResultMs.toFixed(0);
  }
  const date = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  $('report-date').textContent = date;
  state.shown = { analysis, files: needed.map((s) => `${MAP_LABELS[s]}: ${maps[s]?.name}`), date };
  $('report-files').textContent = `Maps: ${state.shown.files.join(' · ')}`;
  for (const id of ['print', 'save-png']) /** @type {HTMLButtonElement} */ ($(id)).disabled = false;
  result.dataset.done = '1';
  result.dataset.height = String(montage.height);
  result.dataset.width = String(montage.width);
  result.dataset.ms = ms.toFixed(1);
}

/** The prediction, heat maps and scores of an analysis whose maps were read.
 *  @param {Analysis} analysis */
function showAnalysis(analysis) {
  const result = $('result'), loaded = /** @type {Loaded} */ (state.loaded);
  const p = analysis.prediction;
  if (p && loaded.model) {
    showPrediction(p);
    showGradcam(p, analysis.tiles, state.dataset, state.opacity);
    // Full precision for the tests, which compare it with the native tool's.
    result.dataset.pCad = String(p.p_cad);
    result.dataset.prediction = '1';
  } else {
    result.dataset.prediction = analysis.predictionError ? 'error' : 'none';
    if (analysis.predictionError) showError([state.refusedNotice, `Prediction: ${analysis.predictionError}`].filter(Boolean).join('\n'));
  }
  if (analysis.scores && loaded.normals) {
    showScores(analysis.scores, `Against the ${loaded.normals.text}. Normal limits ` +
      `${state.sex ? `for ${state.sex === 'M' ? 'men' : 'women'}` : 'of all its studies (no sex given)'}. ` +
      'Built from a synthetic low-likelihood population (polarcad synth), not from patients.');
    result.dataset.scores = '1';
  } else {
    result.dataset.scores = analysis.scoresError || loaded.normalsError ? 'error' : 'none';
    const why = analysis.scoresError || loaded.normalsError;
    if (why) {
      $('scores-error').textContent = `Scores: ${why}`;
      $('scores-error').hidden = false;
    }
  }
}

/** "Model: ..." under the status: what will predict, or why nothing will. */
function showModelLine() {
  const loaded = /** @type {Loaded} */ (state.loaded);
  const line = $('model-line');
  const box = $('model-box');
  if (loaded.model) {
    // Just above P(CAD), so every prediction is read with it (and printed with it).
    line.textContent = provenance(loaded.model.name, loaded.model.info);
    box.dataset.model = 'loaded';
  } else {
    line.textContent = `No model is loaded: ${loaded.absent} P(CAD) and Grad-CAM need one.`;
    box.dataset.model = 'none';
  }
  /** @type {HTMLButtonElement} */ ($('model-card-open')).disabled = false;
}

async function openModelCard() {
  const loaded = /** @type {Loaded} */ (state.loaded);
  const readme = await fetchBytes(new URL('../model/README.md', import.meta.url));
  renderModelCard($('model-card-body'), loaded.model, readme.bytes ? new TextDecoder().decode(readme.bytes) : null, loaded.absent);
  /** @type {HTMLDialogElement} */ ($('model-card')).showModal();
}

async function saveReport() {
  if (!state.shown || !state.loaded) return;
  const { analysis, files, date } = state.shown, model = state.loaded.model;
  await saveReportPng({ date, files, prediction: analysis.prediction,
    provenance: model ? provenance(model.name, model.info) : '',
    noModel: `No model: ${state.loaded.absent}`, scores: analysis.scores, normals: $('normals-line').textContent || '',
    timings: $('timings').textContent || '', opacity: state.opacity });
}

function wireDropZone() {
  const drop = $('drop');
  for (const type of ['dragenter', 'dragover'])
    drop.addEventListener(type, (e) => { e.preventDefault(); drop.classList.add('over'); });
  for (const type of ['dragleave', 'drop'])
    drop.addEventListener(type, () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    if (e.dataTransfer && e.dataTransfer.files.length) addFiles(e.dataTransfer.files);
  });
  // A file dropped outside the zone must not make the browser navigate away from the page.
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => e.preventDefault());
  const input = /** @type {HTMLInputElement} */ ($('file'));
  input.addEventListener('change', () => {
    if (input.files) addFiles(input.files);
    input.value = '';
  });
}

/** The loading bar under the header: text and a fraction (null: indeterminate). Hidden when done.
 *  @param {string} text @param {number | null} fraction */
function showLoading(text, fraction) {
  $('loading-text').textContent = text;
  const bar = /** @type {HTMLProgressElement} */ ($('loading-progress'));
  if (fraction === null) bar.removeAttribute('value');
  else bar.value = fraction;
}

/** Keyboard: Enter or Space on the drop zone opens the file picker (a drop needs a mouse). */
function wireKeyboard() {
  $('drop').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      /** @type {HTMLInputElement} */ ($('file')).click();
    }
  });
}

function wireResultControls() {
  const opacity = /** @type {HTMLInputElement} */ ($('opacity'));
  opacity.addEventListener('input', () => {
    state.opacity = Number(opacity.value) / 100;
    $('opacity-value').textContent = `${opacity.value}%`;
    setHeatOpacity(state.opacity);
  });
  state.opacity = Number(opacity.value) / 100;
  $('heat-legend').append(heatLegend(120, 10));
  const sex = /** @type {HTMLSelectElement} */ ($('sex'));
  sex.addEventListener('change', () => {
    state.sex = sex.value === 'M' || sex.value === 'F' ? sex.value : '';
    update();
  });
  $('print').addEventListener('click', () => window.print());
  $('save-png').addEventListener('click', () => {
    saveReport().catch((err) => showError(`The report could not be saved: ${errorMessage(err)}`));
  });
  $('model-card-open').addEventListener('click', () => {
    openModelCard().catch((err) => showError(`The model card could not be shown: ${errorMessage(err)}`));
  });
  $('model-card-close').addEventListener('click', () => /** @type {HTMLDialogElement} */ ($('model-card')).close());
}

/** Offline after the first visit (sw.js caches the site's own files, never a study). A
 *  host or browser that refuses service workers leaves the page working online only. */
function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register(new URL('../sw.js', import.meta.url)).then(
    () => { document.body.dataset.offline = 'ready'; },
    () => { document.body.dataset.offline = 'unavailable'; });
}

async function main() {
  buildSlots();
  render();
  wireDropZone();
  wireKeyboard();
  wireResultControls();
  const dataset = /** @type {HTMLSelectElement} */ ($('dataset'));
  dataset.addEventListener('change', () => {
    if (isDataset(dataset.value)) state.dataset = dataset.value;
    render();
    update();
  });
  $('clear').addEventListener('click', clearAll);
  registerServiceWorker();
  loadSampleList();
  showLoading('Loading the WebAssembly core…', null);
  engine = new Engine();
  // The model and normal database download while the wasm module compiles in the worker.
  const downloads = fetchSiteModels(new URL('..', import.meta.url), showLoading);
  try {
    const { version } = await engine.request('hello', {});
    $('version').textContent = version;
  } catch (err) {
    $('loading').hidden = true;
    showError(`${errorMessage(err)}\nBuild the module first: scripts/demo builds and serves the page.`);
    document.body.dataset.ready = 'error';
    return;
  }
  const loaded = await loadSiteModels(engine, downloads, showLoading);
  state.loaded = loaded;
  const model = loaded.model;
  if (model && isDataset(model.info.dataset) && model.info.dataset !== state.dataset) {
    state.dataset = model.info.dataset;   // the dataset the model reads
    dataset.value = model.info.dataset;
    render();
  }
  showModelLine();
  $('loading').hidden = true;
  document.body.dataset.readyMs = performance.now().toFixed(0);   // since navigation start
  document.body.dataset.ready = '1';
  document.body.dataset.model = model ? 'loaded' : 'none';
  if (state.files.length) update();   // maps dropped while the model loaded
}

main();
