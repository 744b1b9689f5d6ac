// @ts-check
// study.js: one study's files -> what the page shows: each map's size and disc (or why
// it has none), the colour table, and the dataset's montage as the network sees it.
//
// The core stops at the first map it cannot read, and names that file. A clinician with
// a faulty export wants to know every map that fails, so after any failure (a file that
// does not decode, a map without a disc) each decoded map is preprocessed once more on
// its own, which gives each its own message or its disc.
// Runs in the worker, and in Node for the tests.

import { DATASET_MAPS } from './lib/study-kinds.mjs';
import { errorMessage } from './engine.js';

/** @typedef {import('./lib/polarcad.mjs').Polarcad} Polarcad */
/** @typedef {import('./lib/polarcad.mjs').RgbImage} RgbImage */
/** @typedef {import('./lib/polarcad.mjs').Disc} Disc */
/** @typedef {import('./lib/study-kinds.mjs').MapName} MapName */
/** @typedef {import('./lib/study-kinds.mjs').DatasetName} DatasetName */
/** A file as the page holds it. @typedef {{name: string, bytes: ArrayBuffer}} StudyFile */
/** What the page shows in a map's slot: the image's size once decoded, its disc once
 *  found (with the share of it that matches no colour of the table, and the core's warning,
 *  '' when there is none: e.g. that part of the disc is outside the image), else the core's
 *  message. @typedef {{width: number, height: number, disc: Disc | null,
 *  unmatchedFraction: number | null, warning: string, error: string | null}} MapReport */
/** error: the study's first failure (naming its file), null when the montage is there.
 *  @typedef {{error: string | null, table: string | null, montage: RgbImage | null,
 *  maps: Partial<Record<MapName, MapReport>>}} StudyReport */

/** Reads the dataset's maps from files (keyed by map name; maps the dataset does not use
 *  are ignored) through the core's study pipeline. Never throws for bad files: their
 *  messages are in the report. keep.study receives the core's preprocessed study when
 *  the maps were read (what the model and the normal database take; the worker keeps it
 *  to itself).
 *  @param {Polarcad} pc @param {DatasetName} dataset @param {Partial<Record<MapName, StudyFile>>} files
 *  @param {{study?: import('./lib/polarcad.mjs').Study}} [keep]
 *  @returns {StudyReport} */
export function readStudy(pc, dataset, files, keep = {}) {
  /** @type {StudyReport} */
  const report = { error: null, table: null, montage: null, maps: {} };
  /** @type {Partial<Record<MapName, RgbImage>>} */
  const images = {};
  /** @type {Partial<Record<MapName, string>>} */
  const names = {};
  for (const map of DATASET_MAPS[dataset]) {
    const file = files[map];
    if (!file) continue;   // the core's montage names the missing map
    names[map] = file.name;
    try {
      const image = pc.decodeImage(new Uint8Array(file.bytes), file.name);
      images[map] = image;
      report.maps[map] = { width: image.width, height: image.height, disc: null, unmatchedFraction: null, warning: '',
        error: null };
    } catch (err) {
      report.maps[map] = { width: 0, height: 0, disc: null, unmatchedFraction: null, warning: '', error: errorMessage(err) };
      report.error ??= errorMessage(err);
    }
  }
  if (!report.error) {
    try {
      const study = pc.preprocessStudy(images, { dataset, names });
      keep.study = study;
      report.table = study.table;
      report.montage = study.montage;
      for (const map of DATASET_MAPS[dataset]) {
        const entry = report.maps[map], result = study.maps[map];
        if (entry && result)
          Object.assign(entry, { disc: result.disc, unmatchedFraction: result.unmatchedFraction, warning: result.warning });
      }
      return report;
    } catch (err) {
      report.error = errorMessage(err);
    }
  }
  // Something failed: each decoded map on its own, for its disc or its own message.
  for (const map of DATASET_MAPS[dataset]) {
    const entry = report.maps[map], image = images[map];
    if (!entry || !image) continue;
    try {
      const alone = pc.preprocessStudy({ [map]: image }, { names }).maps[map];
      if (alone) Object.assign(entry, { disc: alone.disc, unmatchedFraction: alone.unmatchedFraction, warning: alone.warning });
    } catch (err) {
      entry.error = errorMessage(err);
    }
  }
  return report;
}
