// @ts-check
// models.js: brings the site's model and normal database into the worker, showing how
// far each download has come.
//
// The page looks for model/model.pcm (the shipped model's name, README "The page"): none
// ships yet, and then the page says so and still scores the maps against
// model/normals-low-likelihood.db. Both are the site's own files (same origin); the
// bytes go to the worker by transfer, not copy.

import { fetchBytes, formatBytes } from './loader.js';
import { errorMessage } from './engine.js';

/** @typedef {import('./engine.js').Engine} Engine */
/** @typedef {import('./result.js').ModelInfo} ModelInfo */
/** @typedef {{name: string, info: ModelInfo}} LoadedModel */
/** What the page could load. absent: why there is no model (shown as is), '' when loaded.
 *  @typedef {{model: LoadedModel | null, absent: string, normals: {name: string, text: string} | null,
 *  normalsError: string}} Loaded */

export const MODEL_PATH = 'model/model.pcm';
export const NORMALS_PATH = 'model/normals-low-likelihood.db';

/** The two downloads, started together (and, by the page, while the wasm module compiles).
 *  @typedef {{db: Promise<import('./loader.js').Fetched>, model: Promise<import('./loader.js').Fetched>}} Downloads */

/** Starts fetching the normal database and the model; the model's progress is reported.
 *  @param {URL} base the site's root @param {(text: string, fraction: number | null) => void} progress
 *  @returns {Downloads} */
export function fetchSiteModels(base, progress) {
  const db = fetchBytes(new URL(NORMALS_PATH, base));
  const model = fetchBytes(new URL(MODEL_PATH, base), (loaded, total) =>
    progress(`Loading the model: ${formatBytes(loaded)}${total ? ` of ${formatBytes(total)}` : ''}…`, total ? loaded / total : null));
  return { db, model };
}

/** Hands the downloads to the worker once they are in. @param {Engine} engine @param {Downloads} downloads
 *  @param {(text: string, fraction: number | null) => void} progress @returns {Promise<Loaded>} */
export async function loadSiteModels(engine, downloads, progress) {
  /** @type {Loaded} */
  const out = { model: null, absent: '', normals: null, normalsError: '' };
  const db = await downloads.db;
  if (db.bytes) {
    try {
      const buffer = /** @type {ArrayBuffer} */ (db.bytes.buffer);
      const info = await engine.request('loadNormals', { bytes: buffer, name: NORMALS_PATH }, [buffer]);
      out.normals = { name: NORMALS_PATH, text: info.text };
    } catch (err) {
      out.normalsError = `${NORMALS_PATH}: ${errorMessage(err)}`;
    }
  } else {
    out.normalsError = db.error;
  }
  const file = await downloads.model;
  if (!file.bytes) {
    out.absent = file.missing
      ? `this site has no ${MODEL_PATH} (no trained model ships yet). The maps are still read and scored.`
      : `${file.error}. The maps are still read and scored.`;
    return out;
  }
  progress(`Preparing the model (${formatBytes(file.bytes.length)})…`, 1);
  try {
    const buffer = /** @type {ArrayBuffer} */ (file.bytes.buffer);
    const info = await engine.request('loadModel', { bytes: buffer, name: MODEL_PATH }, [buffer]);
    out.model = { name: MODEL_PATH, info };
  } catch (err) {
    out.absent = `${MODEL_PATH} could not be loaded: ${errorMessage(err)}`;
  }
  return out;
}
