// @ts-check
// model.mjs: a model file loaded into the WebAssembly core, and its predictions.
//
//   const model = pc.loadModel(bytes, 'vgg16-acnac.pcm');      // fp32, fp16 or int8 file
//   model.info;      // {arch, dataset, height, width, weights, trained_on, metadata, ...}
//   const study = pc.preprocessStudy(maps, { names });
//   const p = model.predict(study);   // the fields `polarcad predict --json` prints
//   p.p_cad; p.class; p.gradcam.territories.LAD; p.gradcam.maps.stress_ac.heat.data;
//   model.dispose();
//
// The prediction is the native tool's, step for step (wasm/api_model.c): the same
// montage, the same network and the same Grad-CAM code (core/explain). Nothing returned
// points into wasm memory.

import { MAPS, DATASETS } from './study-kinds.mjs';

/** @typedef {import('./polarcad.mjs').Polarcad} Polarcad */
/** @typedef {import('./polarcad.mjs').Study} Study */
/** @typedef {import('./polarcad.mjs').RgbImage} RgbImage */
/** @typedef {import('./polarcad-core.mjs').Ptr} Ptr */
/** @typedef {import('./study-kinds.mjs').MapName} MapName */
/** @typedef {import('./study-kinds.mjs').DatasetName} DatasetName */

/** The line every human-readable output of polarcad carries; the same words as the native
 *  tool's (cli/args.c), which tests/js/predict-parity.test.mjs checks. */
export const DISCLAIMER = 'polarcad is research and teaching software, not a diagnostic device. ' +
  'Its shipped model is trained on synthetic data only.';

/** The coronary territories, in the core's order (pc_territory). */
export const TERRITORIES = /** @type {const} */ (['LAD', 'LCx', 'RCA']);
/** @typedef {'LAD' | 'LCx' | 'RCA'} Territory */
/** Shares of the heat per territory (0..1; they sum to 1, or are all 0 with no heat).
 *  @typedef {Record<Territory, number>} TerritoryShares */

/** The ring layouts that divide the 17 segments, in the core's order (pc_ring_layout). */
export const RING_LAYOUTS = /** @type {const} */ (['equal-width', 'equal-area']);
/** @typedef {'equal-width' | 'equal-area'} RingLayout */

/** What a model file says about itself.
 *  @typedef {object} ModelInfo
 *  @property {string} name the name given to loadModel (labels messages; `model` in predictions)
 *  @property {string} arch 'vgg16' or 'vgg19'
 *  @property {number} width_mult the width multiplier of the convolutions (1 = the full VGG)
 *  @property {DatasetName} dataset the montage the model reads
 *  @property {number} height input height in pixels
 *  @property {number} width input width in pixels
 *  @property {'fp32' | 'fp16' | 'int8'} weights how the file stores the weights (the model computes in fp32)
 *  @property {string} trained_on "trained on: ..." from the metadata, or "training data: not
 *            recorded in the model file" (as `polarcad predict` prints it)
 *  @property {object | null} metadata the file's JSON metadata, parsed (null if it is not valid JSON)
 *  @property {string[]} classes the class names, e.g. ['no_cad', 'cad'] */

/** One map's Grad-CAM heat, in the map's preprocessed 150 x 150 tile (the pixel grid of
 *  study.maps[map].tile): 0..1 scaled by the largest value over the study's maps, so the
 *  maps compare; 0 outside the disc.
 *  @typedef {{width: number, height: number, data: Float32Array}} Heat */
/** @typedef {{file: string, share: number, territories: TerritoryShares, heat: Heat}} GradcamMap */
/** Grad-CAM on the last conv layer for the predicted class, as `polarcad predict --json`.
 *  @typedef {object} Gradcam
 *  @property {string} layer the explained layer, e.g. 'block5_conv3'
 *  @property {string} class the explained class (the predicted one)
 *  @property {number} mass the heat's total over the study's discs (0: nothing raised the class)
 *  @property {Territory} top_territory the territory with the largest share (LAD when all are 0)
 *  @property {TerritoryShares} territories the study's shares per territory
 *  @property {Partial<Record<MapName, GradcamMap>>} maps each map the model reads: its share of
 *            the study's heat, its own territory shares and its heat */
/** What the network read of a study, before its resize and "caffe" preprocessing: the
 *  dataset's montage and each map's 150 x 150 tile in network_colormap (the study's own
 *  tiles, or them drawn again in the model's table). Not in the native JSON (images).
 *  @typedef {{montage: RgbImage, tiles: Partial<Record<MapName, RgbImage>>}} NetworkInput */
/** The fields and meaning of `polarcad predict --json` (without the semi-quantitative
 *  scores, which come from Normals.score).
 *  @typedef {object} Prediction
 *  @property {string} model the model's name
 *  @property {string} trained_on what the model was trained on (ModelInfo.trained_on)
 *  @property {DatasetName} dataset
 *  @property {'fp32' | 'fp16' | 'int8'} weights
 *  @property {string} colormap the colour table detected in the study
 *  @property {string} warning '' or what a reader must know: the study's colour table is not
 *            one the model was trained on, so its maps were drawn again in the model's table
 *            before the network read them (native predict prints the same)
 *  @property {string} network_colormap the colour table the network read the maps in: the
 *            study's own, or the model's when they were drawn again (as the native JSON)
 *  @property {NetworkInput} network_input the montage and tiles as the network read them
 *  @property {number} p_cad P(CAD), 0..1
 *  @property {string} class the more probable class ('cad' or 'no_cad')
 *  @property {Gradcam | null} gradcam null when predict was asked for no Grad-CAM
 *  @property {string} disclaimer not a diagnostic device */

export class Model {
  /** Made by Polarcad.loadModel. @param {Polarcad} pc @param {Ptr} handle @param {string} name */
  constructor(pc, handle, name) {
    this.pc = pc;
    /** The C model (0 once disposed). @type {Ptr} */
    this.handle = handle;
    const M = pc.M, h = handle, text = (/** @type {Ptr} */ p) => M.UTF8ToString(p);
    const metadataText = text(M._pcw_model_metadata(h));
    /** @type {object | null} */
    let metadata = null;
    try {
      metadata = JSON.parse(metadataText);
    } catch {
      metadata = null;   // the core validated it as JSON; a parse failure here would be a JS limit
    }
    /** @type {string[]} */
    const classes = [];
    for (let i = 0; i < M._pcw_model_class_count(h); i++) classes.push(text(M._pcw_model_class_name(h, i)));
    /** @type {ModelInfo} */
    this.info = {
      name,
      arch: text(M._pcw_model_arch(h)),
      width_mult: M._pcw_model_width_mult(h),
      dataset: DATASETS[M._pcw_model_dataset(h)],
      height: M._pcw_model_height(h),
      width: M._pcw_model_width(h),
      weights: /** @type {ModelInfo['weights']} */ (text(M._pcw_model_weights(h))),
      trained_on: text(M._pcw_model_trained_on(h)),
      metadata,
      classes,
    };
  }

  /** Frees the model's wasm memory; the object is unusable afterwards. */
  dispose() {
    if (this.handle) this.pc.M._pcw_model_free(this.handle);
    this.handle = 0;
  }

  /** P(CAD), the class and (by default) Grad-CAM of a study from pc.preprocessStudy. The
   *  study must hold the maps of the model's dataset. `layout`: the rings that divide the
   *  territories (as `predict --layout`; default 'equal-width').
   *  @param {Study} study
   *  @param {{gradcam?: boolean, layout?: RingLayout}} [options]
   *  @returns {Prediction} */
  predict(study, { gradcam = true, layout = 'equal-width' } = {}) {
    if (!this.handle) throw new Error(`${this.info.name}: the model was disposed`);
    const layoutIndex = RING_LAYOUTS.indexOf(layout);
    if (layoutIndex < 0) throw new Error(`predict: layout must be ${RING_LAYOUTS.join(' or ')} (got '${layout}')`);
    const pc = this.pc, M = pc.M;
    return pc.withStudy(study, (s) => {
      const p = pc.callOut((out) => M._pcw_predict(pc.ctx, this.handle, s, gradcam ? 1 : 0, layoutIndex, out));
      try {
        const className = this.info.classes[M._pcw_prediction_class(p)];
        return {
          model: this.info.name,
          trained_on: this.info.trained_on,
          dataset: this.info.dataset,
          weights: this.info.weights,
          colormap: study.table,
          warning: M.UTF8ToString(M._pcw_model_table_warning(this.handle, s)),
          network_colormap: M.UTF8ToString(M._pcw_model_network_table(this.handle, s)),
          network_input: this.readNetworkInput(p),
          p_cad: M._pcw_prediction_p_cad(p),
          class: className,
          gradcam: M._pcw_prediction_has_gradcam(p) ? this.readGradcam(p, study, className) : null,
          disclaimer: DISCLAIMER,
        };
      } finally {
        M._pcw_prediction_free(p);
      }
    });
  }

  /** The montage and tiles the network read, kept by prediction p (pcw_prediction_seen).
   *  @param {Ptr} p @returns {NetworkInput} */
  readNetworkInput(p) {
    const pc = this.pc, M = pc.M;
    /** @type {NetworkInput['tiles']} */
    const tiles = {};
    for (const [m, map] of MAPS.entries()) {
      const h = M._pcw_prediction_seen(p, 1 + m);
      if (h) tiles[map] = pc.copyImage(h);
    }
    return { montage: pc.copyImage(M._pcw_prediction_seen(p, 0)), tiles };
  }

  /** Copies a prediction's Grad-CAM out. @param {Ptr} p @param {Study} study
   *  @param {string} className @returns {Gradcam} */
  readGradcam(p, study, className) {
    const M = this.pc.M;
    const size = M._pcw_gradcam_tile_size(p), maxHeat = M._pcw_gradcam_max_heat(p);
    /** @type {Gradcam['maps']} */
    const maps = {};
    /** @type {TerritoryShares} */
    let territories = { LAD: 0, LCx: 0, RCA: 0 };
    this.pc.withMemory(4 * 8, (buf) => {
      const shares = () => M.HEAPF64.slice(buf >> 3, (buf >> 3) + 4);
      const named = (/** @type {Float64Array} */ v) => ({ LAD: v[0], LCx: v[1], RCA: v[2] });
      M._pcw_gradcam_shares(p, -1, buf);
      territories = named(shares());
      for (const [m, map] of MAPS.entries()) {
        if (!M._pcw_gradcam_shares(p, m, buf)) continue;
        const v = shares();
        const raw = M._pcw_gradcam_tile_heat(p, m) >> 2;
        const data = M.HEAPF32.slice(raw, raw + size * size);
        if (maxHeat > 0) for (let i = 0; i < data.length; i++) data[i] = Math.min(1, data[i] / maxHeat);
        else data.fill(0);
        maps[map] = { file: study.maps[map]?.file ?? map, share: v[3], territories: named(v),
                      heat: { width: size, height: size, data } };
      }
    });
    return {
      layer: M.UTF8ToString(M._pcw_gradcam_layer(p)),
      class: className,
      mass: M._pcw_gradcam_mass(p),
      top_territory: /** @type {Territory} */ (M.UTF8ToString(M._pcw_gradcam_top_territory(p))),
      territories,
      maps,
    };
  }
}
