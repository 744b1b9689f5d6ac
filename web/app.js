// app.js: the polarcad page: collect a study's maps, run the wasm core in a worker,
// show the result. Everything stays in this browser tab.

import { Engine } from './engine.js';
import { SLOTS, SLOT_LABELS, slotOf } from './slots.js';

const DATASET_SLOTS = {
  acnac: ['stress_nac', 'rest_nac', 'stress_ac', 'rest_ac'],
  ac: ['stress_ac', 'rest_ac'],
  nac: ['stress_nac', 'rest_nac'],
};
const ACCEPTED = /\.(png|jpe?g|bmp)$/i;

const $ = (id) => document.getElementById(id);

// State: the dropped files and which slot each fills. A file: {id, name, bytes, url}.
const state = { files: [], slotFile: {}, dataset: 'acnac', run: 0, nextId: 1 };
let engine = null;

function fileById(id) {
  return state.files.find((f) => f.id === id) || null;
}

function setStatus(text) {
  $('status').textContent = text;
}

function showError(text) {
  const el = $('error');
  el.textContent = text || '';
  el.hidden = !text;
}

function buildSlots() {
  const root = $('slots');
  root.textContent = '';
  for (const slot of SLOTS) {
    const figure = document.createElement('figure');
    figure.className = 'slot';
    figure.dataset.slot = slot;
    const caption = document.createElement('figcaption');
    caption.textContent = SLOT_LABELS[slot];
    const frame = document.createElement('div');
    frame.className = 'frame';
    const select = document.createElement('select');
    select.setAttribute('aria-label', `File for ${SLOT_LABELS[slot]}`);
    select.addEventListener('change', () => assign(select.value ? Number(select.value) : null, slot));
    figure.append(caption, frame, select);
    root.append(figure);
  }
}

function render() {
  const needed = DATASET_SLOTS[state.dataset];
  for (const figure of document.querySelectorAll('.slot')) {
    const slot = figure.dataset.slot;
    const file = fileById(state.slotFile[slot]);
    figure.classList.toggle('unused', !needed.includes(slot));
    const frame = figure.querySelector('.frame');
    frame.textContent = '';
    if (file) {
      const img = document.createElement('img');
      img.src = file.url;
      img.alt = `${SLOT_LABELS[slot]}: ${file.name}`;
      frame.append(img);
    } else {
      const empty = document.createElement('span');
      empty.className = 'empty';
      empty.textContent = needed.includes(slot) ? 'empty' : 'not used by this dataset';
      frame.append(empty);
    }
    const select = figure.querySelector('select');
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

/** Puts file `id` (or nothing) into `slot`; a file moving from another slot leaves it. */
function assign(id, slot) {
  for (const s of SLOTS) if (state.slotFile[s] === id) delete state.slotFile[s];
  if (id === null) delete state.slotFile[slot];
  else state.slotFile[slot] = id;
  render();
  update();
}

async function addFiles(fileList) {
  const files = [...fileList];
  const refused = files.filter((f) => !ACCEPTED.test(f.name));
  showError(refused.length ? `Not used (polarcad reads PNG, JPEG and BMP): ${refused.map((f) => f.name).join(', ')}` : '');
  for (const f of files.filter((f) => ACCEPTED.test(f.name))) {
    const entry = { id: state.nextId++, name: f.name };
    entry.bytes = await f.arrayBuffer();
    entry.url = URL.createObjectURL(f);
    state.files.push(entry);
    const slot = slotOf(f.name);
    if (slot) state.slotFile[slot] = entry.id;   // a newer file with the same name-slot replaces the older
  }
  render();
  update();
}

// Sample studies: synthetic, bundled with the page (web/samples/, made by
// scripts/make-samples.mjs), fetched from the page's own origin.
async function loadSampleList() {
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

async function openSample(sample) {
  clearAll();
  const files = [];
  for (const slot of SLOTS) {
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
  state.run++;
  $('montage').hidden = true;
  $('caption').hidden = true;
  $('result').dataset.done = '0';
  showError('');
  setStatus('Waiting for the maps.');
  $('sample-note').hidden = true;
  render();
}

async function update() {
  const needed = DATASET_SLOTS[state.dataset];
  const missing = needed.filter((s) => !fileById(state.slotFile[s]));
  const result = $('result');
  if (missing.length) {
    result.dataset.done = '0';
    setStatus(`Still needed: ${missing.map((s) => SLOT_LABELS[s]).join(', ')}.`);
    return;
  }
  const run = ++state.run;
  result.dataset.done = '0';
  showError('');
  setStatus('Reading the maps…');
  const maps = {};
  for (const s of needed) {
    const f = fileById(state.slotFile[s]);
    maps[s] = { name: f.name, bytes: f.bytes.slice(0) };
  }
  try {
    const t0 = performance.now();
    const montage = await engine.montage(state.dataset, maps);
    if (run !== state.run) return;   // a newer request superseded this one
    drawRgb($('montage'), montage);
    $('montage').hidden = false;
    $('caption').hidden = false;
    const sizes = Object.entries(montage.sizes).map(([s, [w, h]]) => `${SLOT_LABELS[s]} ${w}×${h}`).join(', ');
    setStatus(`Montage ${montage.height} × ${montage.width} px in ${(performance.now() - t0).toFixed(0)} ms ` +
      `(from ${sizes}).`);
    result.dataset.done = '1';
    result.dataset.height = String(montage.height);
    result.dataset.width = String(montage.width);
  } catch (err) {
    if (run !== state.run) return;
    $('montage').hidden = true;
    $('caption').hidden = true;
    result.dataset.done = 'error';
    setStatus('The maps could not be read.');
    showError(err.message);
  }
}

function drawRgb(canvas, { width, height, rgb }) {
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
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
  $('file').addEventListener('change', (e) => {
    addFiles(e.target.files);
    e.target.value = '';
  });
}

async function main() {
  buildSlots();
  render();
  wireDropZone();
  $('dataset').addEventListener('change', (e) => {
    state.dataset = e.target.value;
    render();
    update();
  });
  $('clear').addEventListener('click', clearAll);
  loadSampleList();
  engine = new Engine();
  try {
    const { version } = await engine.hello();
    $('version').textContent = version;
    document.body.dataset.ready = '1';
  } catch (err) {
    showError(`${err.message}\nBuild the module first: scripts/demo builds and serves the page.`);
    document.body.dataset.ready = 'error';
  }
}

main();
