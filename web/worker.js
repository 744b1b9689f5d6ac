// @ts-check
// worker.js: runs the polarcad WebAssembly core off the page's main thread.
//
// Messages in: {id, type, payload}; out: {id, ok: true, result} or {id, ok: false, error}.
// `handlers` is the whole protocol: a new operation is one entry here (engine.js takes
// its types from this table). Decoding happens here, in wasm, with the core's limits and
// messages; the page never trusts the browser's own decoder for the data it analyses.

import { loadPolarcad } from './lib/polarcad.mjs';
import { readStudy } from './study.js';
import { analyseStudy } from './analysis.js';
import { errorMessage } from './engine.js';

/** @typedef {import('./lib/polarcad.mjs').Polarcad} Polarcad */
/** @typedef {import('./lib/study-kinds.mjs').MapName} MapName */
/** @typedef {import('./lib/study-kinds.mjs').DatasetName} DatasetName */
/** @typedef {import('./study.js').StudyFile} StudyFile */
/** @typedef {import('./analysis.js').Session} Session */

// The model and normal database this worker holds (analysis.js, Session): one of each,
// replaced (and the old one disposed) by the next load. Nothing about a study is kept
// between requests.
/** @type {Session} */
const session = { model: null, normals: null };

export const handlers = {
  /** @param {Polarcad} pc @param {{}} _payload */
  hello: (pc, _payload) => ({ version: pc.version }),
  /** The dataset's maps through the study pipeline (see study.js).
   *  @param {Polarcad} pc @param {{dataset: DatasetName, maps: Partial<Record<MapName, StudyFile>>}} payload */
  readStudy: (pc, { dataset, maps }) => readStudy(pc, dataset, maps),
  /** A model file's bytes -> what it says of itself. A file that does not load leaves the
   *  previous model in place.
   *  @param {Polarcad} pc @param {{bytes: ArrayBuffer, name: string}} payload */
  loadModel: (pc, { bytes, name }) => {
    const model = pc.loadModel(new Uint8Array(bytes), name);
    session.model?.dispose();
    session.model = model;
    return model.info;
  },
  /** A normal database's bytes -> its description.
   *  @param {Polarcad} pc @param {{bytes: ArrayBuffer, name: string}} payload */
  loadNormals: (pc, { bytes, name }) => {
    const normals = pc.loadNormals(new Uint8Array(bytes), name);
    session.normals?.dispose();
    session.normals = normals;
    return normals.info;
  },
  /** One study: maps read, scores, prediction (analysis.js).
   *  @param {Polarcad} pc @param {Parameters<typeof analyseStudy>[2]} payload */
  analyse: (pc, payload) => analyseStudy(pc, session, payload),
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
