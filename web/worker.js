// @ts-check
// worker.js: runs the polarcad WebAssembly core off the page's main thread.
//
// Messages in: {id, type, payload}; out: {id, ok: true, result} or {id, ok: false, error}.
// `handlers` is the whole protocol: a new operation is one entry here (engine.js takes
// its types from this table). Decoding happens here, in wasm, with the core's limits and
// messages; the page never trusts the browser's own decoder for the data it analyses.

import { loadPolarcad } from './lib/polarcad.mjs';
import { readStudy } from './study.js';
import { errorMessage } from './engine.js';

/** @typedef {import('./lib/polarcad.mjs').Polarcad} Polarcad */
/** @typedef {import('./lib/study-kinds.mjs').MapName} MapName */
/** @typedef {import('./lib/study-kinds.mjs').DatasetName} DatasetName */
/** @typedef {import('./study.js').StudyFile} StudyFile */

export const handlers = {
  /** @param {Polarcad} pc @param {{}} _payload */
  hello: (pc, _payload) => ({ version: pc.version }),
  /** The dataset's maps through the study pipeline (see study.js).
   *  @param {Polarcad} pc @param {{dataset: DatasetName, maps: Partial<Record<MapName, StudyFile>>}} payload */
  readStudy: (pc, { dataset, maps }) => readStudy(pc, dataset, maps),
};
/** @typedef {typeof handlers} Handlers */

// The worker's global scope, typed for the two members used (the page's types are the
// DOM's, in which `self` is a Window).
const scope = /** @type {{onmessage: ((event: MessageEvent) => void) | null, postMessage(message: unknown): void}} */
  (/** @type {unknown} */ (self));

const ready = loadPolarcad();
ready.catch(() => {});   // reported per request below

scope.onmessage = async (/** @type {MessageEvent} */ event) => {
  const { id, type, payload } = event.data || {};
  try {
    let pc;
    try {
      pc = await ready;
    } catch (err) {
      throw new Error(`could not load the WebAssembly module (web/lib/polarcad-core.wasm): ${errorMessage(err)}`);
    }
    if (!Object.hasOwn(handlers, type)) throw new Error(`unknown request '${type}'`);
    const handler = /** @type {(pc: Polarcad, payload: unknown) => unknown} */ (handlers[/** @type {keyof Handlers} */ (type)]);
    scope.postMessage({ id, ok: true, result: await handler(pc, payload ?? {}) });
  } catch (err) {
    scope.postMessage({ id, ok: false, error: errorMessage(err) });
  }
};
