// @ts-check
// app.js: the polarcad page: collect a study's maps, run the wasm core in a worker,
// show the result. Everything stays in this browser tab.

import { Engine, errorMessage } from './engine.js';
import { slotOf } from './slots.js';
import { drawDisc, describeDisc } from './disc.js';
import { MAPS, MAP_LABELS, DATASET_MAPS, isDataset } from './lib/study-kinds.mjs';

/** @typedef {import('./lib/study-kinds.mjs').MapName} MapName */
/** @typedef {import('./lib/study-kinds.mjs').DatasetName} DatasetName */
/** @typedef {import('./lib/polarcad.mjs').RgbImage} RgbImage */
/** @typedef {import('./study.js').MapReport} MapReport */
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
        note.textContent = describeDisc(report);
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
  render();
  update();
}

// Sample studies: synthetic, bundled with the page (web/samples/, made by
// scripts/make-samples.mjs), fetched from the page's own origin.
/** A bundled sample study (web/samples/index.json).
 *  @typedef {{slug: string, title: string, text: string, label: number, sex: string, age: number,
 *  source: string}} Sample */

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
  for (const slot of MAPS) {
    const res = await fetch(new URL(`./samples/${sample.slug}/${slot}.png`, import.meta.url));
    if (!res.ok) {
      showError(`Sample ${sample.title}: ${slot}.png could not be loaded (HTTP ${res.status}).`);
      return;
    }
    files.push(new File([await res.blob()], `${sample.slug}_${slot}.png`, { type: 'image/png' }));
  }
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
  $('result').dataset.done = '0';
  state.refusedNotice = '';
  showError('');
  setStatus('Waiting for the maps.');
  $('sample-note').hidden = true;
  render();
}

async function update() {
  const needed = DATASET_MAPS[state.dataset];
  const missing = needed.filter((s) => !fileById(state.slotFile[s]));
  const result = $('result');
  if (missing.length) {
    result.dataset.done = '0';
    setStatus(`Still needed: ${missing.map((s) => MAP_LABELS[s]).join(', ')}.`);
    return;
  }
  const run = ++state.run;
  result.dataset.done = '0';
  showError(state.refusedNotice);
  setStatus('Reading the maps…');
  /** @type {Partial<Record<MapName, {name: string, bytes: ArrayBuffer}>>} */
  const maps = {};
  /** @type {Partial<Record<MapName, number>>} */
  const ids = {};
  for (const s of needed) {
    const f = /** @type {PageFile} */ (fileById(state.slotFile[s]));
    maps[s] = { name: f.name, bytes: f.bytes };
    ids[s] = f.id;
  }
  let report;
  const t0 = performance.now();
  try {
    report = await engine.request('readStudy', { dataset: state.dataset, maps });
  } catch (err) {
    report = { error: errorMessage(err), table: null, montage: null, maps: {} };
  }
  const ms = performance.now() - t0;
  if (run !== state.run) return;   // a newer request superseded this one
  for (const s of needed) {
    const mapReport = report.maps[s], fileId = ids[s];
    if (mapReport && fileId !== undefined) state.reports[s] = { fileId, report: mapReport };
  }
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
  drawRgb(/** @type {HTMLCanvasElement} */ ($('montage')), montage);
  $('montage').hidden = false;
  $('caption-layout').textContent = LAYOUT[state.dataset];
  $('caption').hidden = false;
  const sizes = needed.map((s) => `${MAP_LABELS[s]} ${report.maps[s]?.width}×${report.maps[s]?.height}`).join(', ');
  setStatus(`Montage ${montage.height} × ${montage.width} px in ${ms.toFixed(0)} ms; colour table ` +
    `${report.table} (detected), from ${sizes}.`);
  result.dataset.done = '1';
  result.dataset.height = String(montage.height);
  result.dataset.width = String(montage.width);
  result.dataset.ms = ms.toFixed(1);
}

/** @param {HTMLCanvasElement} canvas @param {RgbImage} image */
function drawRgb(canvas, { width, height, rgb }) {
  canvas.width = width;
  canvas.height = height;
  const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
  const image = ctx.createImageData(width, height);
  for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
    image.data[j] = rgb[i];
    image.data[j + 1] = rgb[i + 1];
    image.data[j + 2] = rgb[i + 2];
    image.data[j + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
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

async function main() {
  buildSlots();
  render();
  wireDropZone();
  const dataset = /** @type {HTMLSelectElement} */ ($('dataset'));
  dataset.addEventListener('change', () => {
    if (isDataset(dataset.value)) state.dataset = dataset.value;
    render();
    update();
  });
  $('clear').addEventListener('click', clearAll);
  loadSampleList();
  engine = new Engine();
  try {
    const { version } = await engine.request('hello', {});
    $('version').textContent = version;
    document.body.dataset.ready = '1';
  } catch (err) {
    showError(`${errorMessage(err)}\nBuild the module first: scripts/demo builds and serves the page.`);
    document.body.dataset.ready = 'error';
  }
}

main();
