// worker.js: runs the polarcad WebAssembly core off the page's main thread.
//
// Messages in: {id, type, ...}; out: {id, ok: true, result} or {id, ok: false, error}.
//   type 'hello'    -> {version}
//   type 'montage'  {dataset, maps: {stress_nac: {name, bytes}, ...}} -> {width, height, rgb, sizes}
// Decoding happens here, in wasm, with the core's limits and messages; the page never
// trusts the browser's own decoder for the data it analyses.

import { loadPolarcad, DATASET_MAPS } from './lib/polarcad.mjs';

const ready = loadPolarcad();
ready.catch(() => {});   // reported per request below

self.onmessage = async (event) => {
  const { id, type } = event.data || {};
  try {
    let pc;
    try {
      pc = await ready;
    } catch (err) {
      throw new Error(`could not load the WebAssembly module (web/lib/polarcad-core.wasm): ${err.message}`);
    }
    if (type === 'hello') {
      self.postMessage({ id, ok: true, result: { version: pc.version } });
    } else if (type === 'montage') {
      const { dataset, maps } = event.data;
      const decoded = {}, sizes = {};
      for (const slot of DATASET_MAPS[dataset] || []) {
        const file = maps[slot];
        if (!file) throw new Error(`the ${slot.replace('_', ' ').toUpperCase()} map is missing`);
        decoded[slot] = pc.decodeImage(new Uint8Array(file.bytes), file.name);
        sizes[slot] = [decoded[slot].width, decoded[slot].height];
      }
      const montage = pc.montage(dataset, decoded);
      self.postMessage({ id, ok: true, result: { ...montage, sizes } }, [montage.rgb.buffer]);
    } else {
      throw new Error(`unknown request '${type}'`);
    }
  } catch (err) {
    self.postMessage({ id, ok: false, error: err && err.message ? err.message : String(err) });
  }
};
