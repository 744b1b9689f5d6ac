// @ts-check
// polarcad.mjs: the JavaScript face of the polarcad WebAssembly module.
//
// One file for Node 20, the page and a module Worker. Every call that can fail
// throws an Error carrying the C core's message ("stress_ac.png: JPEG data ends
// before its end-of-image marker ..."). Results are plain JS copies: nothing returned
// points into wasm memory, so nothing breaks when that memory grows.
//
//   import { loadPolarcad } from './polarcad.mjs';
//   const pc = await loadPolarcad();
//   const image = pc.decodeImage(bytes, 'stress_ac.png');   // {width, height, rgb}
//   const study = pc.preprocessStudy({ stress_nac, rest_nac, stress_ac, rest_ac },
//                                    { dataset: 'acnac', names: { stress_ac: 'stress_ac.png', ... } });
//   study.montage;            // 300 x 300: the disc-cropped, masked tiles the network sees
//   study.maps.stress_ac;     // {disc: {cx, cy, radius, edgeAgreement, fill}, unmatchedFraction,
//                             //  cutOffShare, warning}: warning is '' unless the disc was cut off
//   study.table;              // 'thermal', 'cool', ...: the colour table detected
//   const model = pc.loadModel(modelBytes, 'model.pcm');       // model.mjs
//   const prediction = model.predict(study);                   // P(CAD), class, Grad-CAM
//   const normals = pc.loadNormals(normalsBytes, 'normals.db'); // normals.mjs
//   const { semiq_nac, semiq_ac } = normals.score(study, { sex: 'M' });
//   model.dispose(); normals.dispose(); pc.dispose();

import createPolarcadCore from './polarcad-core.mjs';
import { MAPS, DATASETS, isDataset } from './study-kinds.mjs';
import { Model } from './model.mjs';
import { Normals } from './normals.mjs';

export { MAPS, MAP_LABELS, DATASETS, DATASET_MAPS, isMap, isDataset } from './study-kinds.mjs';
export { Model, DISCLAIMER, TERRITORIES, RING_LAYOUTS } from './model.mjs';
export { Normals } from './normals.mjs';

/** @typedef {import('./polarcad-core.mjs').PolarcadCore} PolarcadCore */
/** @typedef {import('./polarcad-core.mjs').PolarcadCoreOptions} PolarcadCoreOptions */
/** @typedef {import('./polarcad-core.mjs').Ptr} Ptr */
/** @typedef {import('./study-kinds.mjs').MapName} MapName */
/** @typedef {import('./study-kinds.mjs').DatasetName} DatasetName */

/** An RGB image, 3 bytes a pixel, rows top to bottom.
 *  @typedef {{width: number, height: number, rgb: Uint8Array}} RgbImage */
/** Where a map's disc is in its source image (pixels; pixel (i, j) has its centre at
 *  (i + 0.5, j + 0.5)), and how well it was found: edgeAgreement is the share of rim rays
 *  on the fitted circle, fill the share of the disc that differs from the background.
 *  @typedef {{cx: number, cy: number, radius: number, edgeAgreement: number, fill: number}} Disc */
/** A map's relative counts, per pixel of its tile: value 0..100 (% of the map's maximum)
 *  where state is 1 (matched to the colour table), else 0; state 0 outside the disc or its
 *  rim margin (and where the disc was cut off by the image edge), 1 matched, 2 unmatched
 *  (an overlay, text, a colour of no table).
 *  @typedef {{size: number, values: Float32Array, states: Uint8Array}} Counts */
/** One preprocessed map: its file name, its disc, the share of the disc that matches no
 *  colour of the detected table, the share of the disc cut off by the image edge (0 when it
 *  is whole; that part is left out of the counts and black in the montage), a warning to
 *  show the reader ('' when there is none; it says when the disc was cut off), the masked
 *  150 x 150 tile the network sees (Grad-CAM heat is in its pixel grid) and its relative
 *  counts (what the scores read).
 *  @typedef {{file: string, disc: Disc, unmatchedFraction: number, cutOffShare: number, warning: string,
 *             tile: RgbImage, counts: Counts}} MapResult */
/** A preprocessed study: plain copies, which Model.predict and Normals.score take back.
 *  @typedef {{table: string, maps: Partial<Record<MapName, MapResult>>, montage: RgbImage | null}} Study */

/** The side of a preprocessed map's tile (PC_TILE_SIZE). */
const TILE_SIZE = 150;

/** @type {Record<string, number>} */
const RESIZE_FILTERS = { auto: 0, bilinear: 1, area: 2 };

/** Loads the module. In Node the .wasm bytes are read from beside this file and handed
 *  over, because Emscripten 3.1.6's ES-module glue can fetch its .wasm only in a browser.
 *  @param {PolarcadCoreOptions} [options] */
export async function loadPolarcad(options = {}) {
  if (typeof process === 'object' && process.versions && process.versions.node && !options.wasmBinary) {
    const { readFile } = await import('node:fs/promises');
    options = { ...options, wasmBinary: await readFile(new URL('./polarcad-core.wasm', import.meta.url)) };
  }
  const M = await createPolarcadCore(options);
  return new Polarcad(M);
}

export class Polarcad {
  /** @param {PolarcadCore} M */
  constructor(M) {
    this.M = M;
    /** @type {Ptr} */
    this.ctx = M._pcw_ctx_create();
    if (!this.ctx) throw new Error('polarcad: out of memory creating a context');
    /** The colour tables' inverses, made on the first study and kept. @type {Ptr} */
    this.inverter = 0;
  }

  /** Loads a model file (`polarcad train` or `polarcad export`: fp32, fp16 or int8 weights)
   *  from its bytes. `name` labels messages and the predictions. `dataset` is needed only
   *  for a file that records none and whose input size fits two datasets (150 x 300).
   *  Throws the core's message for a bad, foreign or unsuitable file.
   *  @param {Uint8Array} bytes @param {string} [name]
   *  @param {{dataset?: DatasetName}} [options] @returns {Model} */
  loadModel(bytes, name = 'model', { dataset } = {}) {
    if (!(bytes instanceof Uint8Array)) throw new TypeError('loadModel: bytes must be a Uint8Array');
    if (dataset !== undefined && !isDataset(dataset))
      throw new Error(`loadModel: unknown dataset '${dataset}' (use ${DATASETS.join(', ')})`);
    const d = dataset === undefined ? -1 : DATASETS.indexOf(dataset);
    const handle = this.withBytes(bytes, (p) => this.withString(name, (s) =>
      this.callOut((out) => this.M._pcw_model_load(this.ctx, p, bytes.length, s, d, out))));
    return new Model(this, handle, name);
  }

  /** Loads a semi-quantitative normal database (`polarcad normals`; the shipped one is
   *  model/normals-low-likelihood.db) from its bytes. `name` labels messages.
   *  @param {Uint8Array} bytes @param {string} [name] @returns {Normals} */
  loadNormals(bytes, name = 'normals') {
    if (!(bytes instanceof Uint8Array)) throw new TypeError('loadNormals: bytes must be a Uint8Array');
    const handle = this.withBytes(bytes, (p) => this.withString(name, (s) =>
      this.callOut((out) => this.M._pcw_normals_load(this.ctx, p, bytes.length, s, out))));
    return new Normals(this, handle, name);
  }

  get version() {
    return this.M.UTF8ToString(this.M._pcw_version());
  }

  /** Frees the context. The object is unusable afterwards. */
  dispose() {
    if (this.inverter) this.M._pcw_inverter_free(this.inverter);
    if (this.ctx) this.M._pcw_ctx_free(this.ctx);
    this.inverter = 0;
    this.ctx = 0;
  }

  /** The core's message for the last failure, as an Error. */
  fail() {
    return new Error(this.M.UTF8ToString(this.M._pcw_ctx_last_error(this.ctx)) || 'polarcad: unknown error');
  }

  /** Allocates n bytes of wasm memory for the length of fn.
   *  @template T @param {number} n @param {(p: Ptr) => T} fn @returns {T} */
  withMemory(n, fn) {
    const p = this.M._malloc(Math.max(1, n));
    if (!p) throw new Error(`polarcad: out of memory for ${n} bytes`);
    try {
      return fn(p);
    } finally {
      this.M._free(p);
    }
  }

  /** Calls a shim that returns a status and writes a pointer through its last argument;
   *  returns that pointer, or throws the core's message.
   *  @param {(out: Ptr) => number} shim @returns {Ptr} */
  callOut(shim) {
    return this.withMemory(4, (out) => {
      if (shim(out) !== 0) throw this.fail();
      return this.M.HEAPU32[out >> 2];
    });
  }

  /** A C copy of text; the caller frees it with _free. @param {string} text @returns {Ptr} */
  newString(text) {
    const n = this.M.lengthBytesUTF8(text) + 1;
    const p = this.M._malloc(n);
    if (!p) throw new Error('polarcad: out of memory');
    this.M.stringToUTF8(text, p, n);
    return p;
  }

  /** @template T @param {string} text @param {(p: Ptr) => T} fn @returns {T} */
  withString(text, fn) {
    const p = this.newString(text);
    try {
      return fn(p);
    } finally {
      this.M._free(p);
    }
  }

  /** @template T @param {Uint8Array} bytes @param {(p: Ptr) => T} fn @returns {T} */
  withBytes(bytes, fn) {
    return this.withMemory(bytes.length, (p) => {
      this.M.HEAPU8.set(bytes, p);
      return fn(p);
    });
  }

  /** Copies a C image out, leaving it to its owner. @param {Ptr} handle @returns {RgbImage} */
  copyImage(handle) {
    const M = this.M;
    const width = M._pcw_image_width(handle), height = M._pcw_image_height(handle);
    const p = M._pcw_image_rgb(handle);
    return { width, height, rgb: M.HEAPU8.slice(p, p + width * height * 3) };
  }

  /** Copies a C image out and frees it. @param {Ptr} handle @returns {RgbImage} */
  takeImage(handle) {
    try {
      return this.copyImage(handle);
    } finally {
      this.M._pcw_image_free(handle);
    }
  }

  /** Copies a JS image into a new C image (the caller frees it with _pcw_image_free).
   *  @param {RgbImage} image @param {string} label names the image in the message @returns {Ptr} */
  putImage(image, label) {
    const { width, height, rgb } = image || {};
    if (!Number.isInteger(width) || !Number.isInteger(height) || !rgb || rgb.length !== width * height * 3)
      throw new Error(`${label}: expected {width, height, rgb} with width*height*3 bytes`);
    const handle = this.callOut((out) => this.M._pcw_image_create(this.ctx, width, height, out));
    this.M.HEAPU8.set(rgb, this.M._pcw_image_rgb(handle));
    return handle;
  }

  /** Decodes PNG, JPEG or BMP bytes to RGB. `name` labels error messages.
   *  @param {Uint8Array} bytes @param {string} [name] @returns {RgbImage} */
  decodeImage(bytes, name = 'image') {
    if (!(bytes instanceof Uint8Array)) throw new TypeError('decodeImage: bytes must be a Uint8Array');
    const handle = this.withBytes(bytes, (p) => this.withString(name, (s) =>
      this.callOut((out) => this.M._pcw_image_decode(this.ctx, p, bytes.length, s, out))));
    return this.takeImage(handle);
  }

  /** Resizes an RGB image; filter 'auto' (area when shrinking), 'bilinear' or 'area'.
   *  @param {RgbImage} image @param {number} width @param {number} height @param {string} [filter]
   *  @returns {RgbImage} */
  resize(image, width, height, filter = 'auto') {
    if (!(filter in RESIZE_FILTERS)) throw new Error(`resize: unknown filter '${filter}'`);
    const src = this.putImage(image, 'resize');
    try {
      return this.takeImage(this.callOut((out) =>
        this.M._pcw_image_resize(this.ctx, src, width, height, RESIZE_FILTERS[filter], out)));
    } finally {
      this.M._pcw_image_free(src);
    }
  }

  /** Preprocesses one study as training does: in each map, finds the disc, crops it
   *  square, resamples it to a 150 x 150 tile and masks the outside; detects the colour
   *  table jointly over the maps; with `dataset`, also builds that dataset's montage of
   *  the tiles ('acnac' 300 x 300, 'ac'/'nac' 150 x 300), the network's input.
   *  maps: decoded images keyed by map name (absent maps are left out); names: the file
   *  name of each map, for messages (default: the map's name).
   *  @param {Partial<Record<MapName, RgbImage>>} maps
   *  @param {{dataset?: DatasetName, names?: Partial<Record<MapName, string>>}} [options]
   *  @returns {Study} */
  preprocessStudy(maps, { dataset, names = {} } = {}) {
    if (dataset !== undefined && !isDataset(dataset))
      throw new Error(`preprocessStudy: unknown dataset '${dataset}' (use ${DATASETS.join(', ')})`);
    const M = this.M;
    if (!this.inverter) this.inverter = this.callOut((out) => M._pcw_inverter_create(this.ctx, out));
    /** @type {Ptr[]} */
    const images = [];
    /** @type {Ptr[]} */
    const strings = [];
    try {
      for (const map of MAPS) {
        const image = maps[map];
        images.push(image ? this.putImage(image, map) : 0);
        strings.push(image ? this.newString(names[map] || map) : 0);
      }
      // Two arrays of pointers, images then names, in one block.
      return this.withMemory(8 * MAPS.length, (arrays) => {
        M.HEAPU32.set([...images, ...strings], arrays >> 2);
        const study = this.callOut((out) =>
          M._pcw_study_preprocess(this.ctx, this.inverter, arrays, arrays + 4 * MAPS.length, out));
        try {
          return this.readStudy(study, dataset, names);
        } finally {
          M._pcw_study_free(study);
        }
      });
    } finally {
      for (const p of images) if (p) M._pcw_image_free(p);
      for (const p of strings) if (p) M._free(p);
    }
  }

  /** Copies a C study out into a Study. @param {Ptr} study @param {DatasetName | undefined} dataset
   *  @param {Partial<Record<MapName, string>>} names @returns {Study} */
  readStudy(study, dataset, names) {
    const M = this.M;
    /** @type {Study['maps']} */
    const results = {};
    this.withMemory(6 * 8, (buf) => {
      for (const [m, map] of MAPS.entries()) {
        if (!M._pcw_study_present(study, m)) continue;
        M._pcw_study_disc(study, m, buf);
        const [cx, cy, radius, edgeAgreement, fill, unmatchedFraction] = M.HEAPF64.slice(buf >> 3, (buf >> 3) + 6);
        const cutOffShare = M._pcw_study_missing_share(study, m);
        const warning = M.UTF8ToString(M._pcw_study_warning(study, m));
        const size = M._pcw_study_tile_size(study, m), n = size * size;
        const tile = M._pcw_study_tile(study, m), values = M._pcw_study_count_values(study, m) >> 2;
        const states = M._pcw_study_count_states(study, m);
        results[map] = {
          file: names[map] || map, disc: { cx, cy, radius, edgeAgreement, fill }, unmatchedFraction, cutOffShare, warning,
          tile: { width: size, height: size, rgb: M.HEAPU8.slice(tile, tile + 3 * n) },
          counts: { size, values: M.HEAPF32.slice(values, values + n), states: M.HEAPU8.slice(states, states + n) },
        };
      }
    });
    const montage = dataset === undefined ? null : this.takeImage(this.callOut((out) =>
      M._pcw_study_montage(this.ctx, study, DATASETS.indexOf(dataset), out)));
    return { table: M.UTF8ToString(M._pcw_study_table(study)), maps: results, montage };
  }

  /** Gives fn a C study rebuilt from a Study's copies (tiles and counts), freed after.
   *  @template T @param {Study} study @param {(s: Ptr) => T} fn @returns {T} */
  withStudy(study, fn) {
    const M = this.M;
    if (!study || typeof study.table !== 'string' || !study.maps)
      throw new TypeError('expected a study from preprocessStudy');
    /** @type {Ptr[]} */
    const blocks = [];
    const copy = (/** @type {Uint8Array | Float32Array} */ a) => {
      const p = M._malloc(Math.max(1, a.byteLength));
      if (!p) throw new Error('polarcad: out of memory for the study');
      blocks.push(p);
      M.HEAPU8.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), p);
      return p;
    };
    try {
      /** @type {Ptr[]} */
      const pointers = new Array(3 * MAPS.length).fill(0);
      for (const [m, map] of MAPS.entries()) {
        const r = study.maps[map];
        if (!r) continue;
        const n = TILE_SIZE * TILE_SIZE;
        if (!r.tile || !(r.tile.rgb instanceof Uint8Array) || r.tile.rgb.length !== 3 * n || !r.counts ||
            !(r.counts.values instanceof Float32Array) || r.counts.values.length !== n ||
            !(r.counts.states instanceof Uint8Array) || r.counts.states.length !== n)
          throw new Error(`${r.file || map}: the study's ${map} map has no ${TILE_SIZE} x ${TILE_SIZE} tile and ` +
                          'counts; pass the study as preprocessStudy returned it');
        pointers[m] = copy(r.tile.rgb);
        pointers[MAPS.length + m] = copy(r.counts.values);
        pointers[2 * MAPS.length + m] = copy(r.counts.states);
      }
      const arrays = copy(new Uint8Array(new Uint32Array(pointers).buffer));
      const s = this.withString(study.table, (table) => this.callOut((out) =>
        M._pcw_study_assemble(this.ctx, table, arrays, arrays + 4 * MAPS.length, arrays + 8 * MAPS.length, out)));
      try {
        return fn(s);
      } finally {
        M._pcw_study_free(s);
      }
    } finally {
      for (const p of blocks) M._free(p);
    }
  }
}
