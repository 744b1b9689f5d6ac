// @ts-check
// study-kinds.mjs: the maps of a study and the datasets built from them, defined once
// for every JavaScript module (the wrapper, the worker, the page, the tests).
//
// The order of MAPS and of DATASETS is the C core's (enum pc_map and enum pc_dataset):
// the wrapper passes these indices to C, and tests/js checks them against the names C
// gives. No imports, so the page's main thread loads it without the WebAssembly module.

/** @typedef {'stress_nac' | 'rest_nac' | 'stress_ac' | 'rest_ac'} MapName */
/** @typedef {'acnac' | 'ac' | 'nac'} DatasetName */

/** The four maps in pc_map order. @type {readonly MapName[]} */
export const MAPS = ['stress_nac', 'rest_nac', 'stress_ac', 'rest_ac'];

/** @type {Readonly<Record<MapName, string>>} */
export const MAP_LABELS = {
  stress_nac: 'Stress NAC', rest_nac: 'Rest NAC', stress_ac: 'Stress AC', rest_ac: 'Rest AC',
};

/** The datasets in pc_dataset order. @type {readonly DatasetName[]} */
export const DATASETS = ['acnac', 'ac', 'nac'];

/** The maps each dataset's montage uses, in reading order (columns stress | rest, rows
 *  NAC then AC). @type {Readonly<Record<DatasetName, readonly MapName[]>>} */
export const DATASET_MAPS = {
  acnac: ['stress_nac', 'rest_nac', 'stress_ac', 'rest_ac'],
  ac: ['stress_ac', 'rest_ac'],
  nac: ['stress_nac', 'rest_nac'],
};

/** @param {unknown} name @returns {name is MapName} */
export function isMap(name) {
  return MAPS.includes(/** @type {MapName} */ (name));
}

/** @param {unknown} name @returns {name is DatasetName} */
export function isDataset(name) {
  return DATASETS.includes(/** @type {DatasetName} */ (name));
}
