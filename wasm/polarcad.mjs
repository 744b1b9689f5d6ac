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
//   const montage = pc.montage('acnac', { stress_nac, rest_nac, stress_ac, rest_ac });
//   pc.dispose();

import createPolarcadCore from './polarcad-core.mjs';

export const MAPS = ['stress_nac', 'rest_nac', 'stress_ac', 'rest_ac'];
export const DATASETS = { acnac: 0, ac: 1, nac: 2 };
export const DATASET_MAPS = {
  acnac: ['stress_nac', 'rest_nac', 'stress_ac', 'rest_ac'],
  ac: ['stress_ac', 'rest_ac'],
  nac: ['stress_nac', 'rest_nac'],
};
const RESIZE_FILTERS = { auto: 0, bilinear: 1, area: 2 };

/** Loads the module. In Node the .wasm bytes are read from beside this file (the
 *  Emscripten 3.1.6 ES-module glue cannot fetch files in Node, toolchain.md 1a). */
export async function loadPolarcad(options = {}) {
  if (typeof process === 'object' && process.versions && process.versions.node && !options.wasmBinary) {
    const { readFile } = await import('node:fs/promises');
    options = { ...options, wasmBinary: await readFile(new URL('./polarcad-core.wasm', import.meta.url)) };
  }
  const M = await createPolarcadCore(options);
  return new Polarcad(M);
}

export class Polarcad {
  constructor(M) {
    this.M = M;
    this.ctx = M._pcw_ctx_create();
    if (!this.ctx) throw new Error('polarcad: out of memory creating a context');
  }

  get version() {
    return this.M.UTF8ToString(this.M._pcw_version());
  }

  /** Frees the context. The object is unusable afterwards. */
  dispose() {
    if (this.ctx) this.M._pcw_ctx_free(this.ctx);
    this.ctx = 0;
  }

  fail() {
    return new Error(this.M.UTF8ToString(this.M._pcw_ctx_last_error(this.ctx)) || 'polarcad: unknown error');
  }

  withString(text, fn) {
    const M = this.M;
    const n = M.lengthBytesUTF8(text) + 1;
    const p = M._malloc(n);
    if (!p) throw new Error('polarcad: out of memory');
    try {
      M.stringToUTF8(text, p, n);
      return fn(p);
    } finally {
      M._free(p);
    }
  }

  withBytes(bytes, fn) {
    const M = this.M;
    const p = M._malloc(Math.max(1, bytes.length));
    if (!p) throw new Error(`polarcad: out of memory for ${bytes.length} bytes`);
    try {
      M.HEAPU8.set(bytes, p);
      return fn(p);
    } finally {
      M._free(p);
    }
  }

  /** Copies a C image out into {width, height, rgb: Uint8Array} and frees it. */
  takeImage(handle) {
    const M = this.M;
    try {
      const width = M._pcw_image_width(handle), height = M._pcw_image_height(handle);
      const p = M._pcw_image_rgb(handle);
      return { width, height, rgb: M.HEAPU8.slice(p, p + width * height * 3) };
    } finally {
      M._pcw_image_free(handle);
    }
  }

  /** Copies a JS image into a new C image handle (caller frees with _pcw_image_free). */
  putImage(image, label) {
    const { width, height, rgb } = image || {};
    if (!Number.isInteger(width) || !Number.isInteger(height) || !rgb || rgb.length !== width * height * 3)
      throw new Error(`${label}: expected {width, height, rgb} with width*height*3 bytes`);
    const handle = this.M._pcw_image_create(this.ctx, width, height);
    if (!handle) throw this.fail();
    this.M.HEAPU8.set(rgb, this.M._pcw_image_rgb(handle));
    return handle;
  }

  /** Decodes PNG, JPEG or BMP bytes (Uint8Array) to RGB. `name` labels error messages. */
  decodeImage(bytes, name = 'image') {
    if (!(bytes instanceof Uint8Array)) throw new TypeError('decodeImage: bytes must be a Uint8Array');
    const handle = this.withBytes(bytes, (p) =>
      this.withString(name, (s) => this.M._pcw_image_decode(this.ctx, p, bytes.length, s)));
    if (!handle) throw this.fail();
    return this.takeImage(handle);
  }

  /** Resizes an RGB image; filter 'auto' (area when shrinking), 'bilinear' or 'area'. */
  resize(image, width, height, filter = 'auto') {
    if (!(filter in RESIZE_FILTERS)) throw new Error(`resize: unknown filter '${filter}'`);
    const src = this.putImage(image, 'resize');
    try {
      const out = this.M._pcw_image_resize(this.ctx, src, width, height, RESIZE_FILTERS[filter]);
      if (!out) throw this.fail();
      return this.takeImage(out);
    } finally {
      this.M._pcw_image_free(src);
    }
  }

  /** The dataset's montage ('acnac' 300x300, 'ac'/'nac' 150x300) from decoded maps
   *  keyed by name (stress_nac, rest_nac, stress_ac, rest_ac). */
  montage(dataset, maps) {
    if (!(dataset in DATASETS)) throw new Error(`montage: unknown dataset '${dataset}' (use acnac, ac or nac)`);
    const handles = [];
    try {
      for (const name of MAPS)
        handles.push(DATASET_MAPS[dataset].includes(name) && maps[name] ? this.putImage(maps[name], name) : 0);
      const out = this.M._pcw_montage(this.ctx, DATASETS[dataset], ...handles);
      if (!out) throw this.fail();
      return this.takeImage(out);
    } finally {
      for (const h of handles) if (h) this.M._pcw_image_free(h);
    }
  }
}
