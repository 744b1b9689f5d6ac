// @ts-check
// analysis.js: one study, all the way: the maps read (study.js), the semi-quantitative
// scores against the loaded normal database, and the loaded model's prediction with its
// Grad-CAM. Each part fails on its own: a study without a model still gets its scores,
// and a scoring failure does not hide a prediction. Runs in the worker and under Node.

import { readStudy } from './study.js';
import { errorMessage } from './engine.js';

/** @typedef {import('./lib/polarcad.mjs').Polarcad} Polarcad */
/** @typedef {import('./lib/polarcad.mjs').Model} Model */
/** @typedef {import('./lib/polarcad.mjs').Normals} Normals */
/** @typedef {import('./lib/polarcad.mjs').Study} Study */
/** @typedef {import('./lib/polarcad.mjs').RgbImage} RgbImage */
/** @typedef {import('./lib/model.mjs').Prediction} Prediction */
/** @typedef {import('./lib/normals.mjs').SemiqResult} SemiqResult */
/** @typedef {import('./lib/study-kinds.mjs').MapName} MapName */
/** @typedef {import('./lib/study-kinds.mjs').DatasetName} DatasetName */
/** @typedef {import('./study.js').StudyFile} StudyFile */
/** @typedef {import('./study.js').StudyReport} StudyReport */

/** What the worker holds between requests: at most one model and one normal database,
 *  owned here (the previous one is disposed when another loads).
 *  @typedef {{model: Model | null, normals: Normals | null}} Session */

/** The page's whole answer for one study. tiles: each map's preprocessed tile (the grid of
 *  its heat map); ms: milliseconds per stage, measured in the worker.
 *  @typedef {{report: StudyReport, tiles: Partial<Record<MapName, RgbImage>>,
 *  scores: SemiqResult | null, scoresError: string | null,
 *  prediction: Prediction | null, predictionError: string | null,
 *  ms: {read: number, scores: number, predict: number}}} Analysis */

/** @param {Polarcad} pc @param {Session} session
 *  @param {{dataset: DatasetName, maps: Partial<Record<MapName, StudyFile>>, sex?: 'M' | 'F' | '', gradcam?: boolean}} request
 *  @returns {Analysis} */
export function analyseStudy(pc, session, { dataset, maps, sex = '', gradcam = true }) {
  const ms = { read: 0, scores: 0, predict: 0 };
  let t = performance.now();
  /** @type {{study?: Study}} */
  const keep = {};
  const report = readStudy(pc, dataset, maps, keep);
  ms.read = performance.now() - t;
  /** @type {Analysis} */
  const out = { report, tiles: {}, scores: null, scoresError: null, prediction: null, predictionError: null, ms };
  const study = keep.study;
  if (!study) return out;   // the report says why
  for (const [map, result] of Object.entries(study.maps)) if (result) out.tiles[/** @type {MapName} */ (map)] = result.tile;
  if (session.normals) {
    t = performance.now();
    try {
      out.scores = session.normals.score(study, sex ? { sex } : {});
    } catch (err) {
      out.scoresError = errorMessage(err);
    }
    ms.scores = performance.now() - t;
  }
  if (session.model) {
    t = performance.now();
    const wants = session.model.info.dataset;
    if (wants !== dataset) {
      out.predictionError = `The model reads the ${wants} dataset; this study is read as ${dataset}. Choose ${wants} above.`;
    } else {
      try {
        out.prediction = session.model.predict(study, { gradcam });
      } catch (err) {
        out.predictionError = errorMessage(err);
      }
    }
    ms.predict = performance.now() - t;
  }
  return out;
}
