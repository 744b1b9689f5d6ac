// polarcad.d.ts: the types of the polarcad WebAssembly API (polarcad.mjs, model.mjs,
// normals.mjs, study-kinds.mjs), for TypeScript users of the npm package.
//
// Written by hand to be read; wasm/types-check.mts makes tsc (a step of scripts/test)
// prove that the JavaScript modules provide exactly what is declared here.
//
// polarcad is research and teaching software, not a diagnostic device. Its shipped model
// is trained on synthetic data only.
//
//   import { loadPolarcad } from 'polarcad';
//   const pc = await loadPolarcad();
//   const maps = { stress_nac: pc.decodeImage(bytes1, 'stress_nac.png'), ... };
//   const study = pc.preprocessStudy(maps, { names: { stress_nac: 'stress_nac.png', ... } });
//   const model = pc.loadModel(modelBytes, 'model.pcm');
//   const prediction = model.predict(study);     // P(CAD), class, Grad-CAM
//   const normals = pc.loadNormals(normalsBytes, 'normals-low-likelihood.db');
//   const scores = normals.score(study, { sex: 'F' });
//   model.dispose(); normals.dispose(); pc.dispose();
//
// Every call that can fail throws an Error carrying the C core's message, which names the
// file and the fault; the module stays usable afterwards. Results are plain JS copies.

/** The four maps of a study. */
export type MapName = 'stress_nac' | 'rest_nac' | 'stress_ac' | 'rest_ac';
/** The montages the network reads: all four maps (300 x 300), AC only or NAC only (150 x 300). */
export type DatasetName = 'acnac' | 'ac' | 'nac';
/** The coronary territories (AHA 17-segment assignment). */
export type Territory = 'LAD' | 'LCx' | 'RCA';
/** The ring layouts that divide the 17 segments. */
export type RingLayout = 'equal-width' | 'equal-area';
/** How a model file stores its weights (the model always computes in fp32). */
export type WeightType = 'fp32' | 'fp16' | 'int8';

/** The four maps, in the C core's order. */
export const MAPS: readonly MapName[];
/** Display labels: 'Stress NAC', ... */
export const MAP_LABELS: Readonly<Record<MapName, string>>;
/** The datasets, in the C core's order. */
export const DATASETS: readonly DatasetName[];
/** The maps each dataset's montage uses, in reading order. */
export const DATASET_MAPS: Readonly<Record<DatasetName, readonly MapName[]>>;
/** The territories, in the C core's order. */
export const TERRITORIES: readonly ['LAD', 'LCx', 'RCA'];
/** The ring layouts, in the C core's order. */
export const RING_LAYOUTS: readonly ['equal-width', 'equal-area'];
/** "polarcad is research and teaching software, not a diagnostic device. ..." (as the CLI). */
export const DISCLAIMER: string;
export function isMap(name: unknown): name is MapName;
export function isDataset(name: unknown): name is DatasetName;

/** An RGB image, 3 bytes a pixel, rows top to bottom. */
export interface RgbImage {
  width: number;
  height: number;
  rgb: Uint8Array;
}

/** Where a map's disc is in its source image, in pixels (pixel (i, j) has its centre at
 *  (i + 0.5, j + 0.5)), and how well it was found. */
export interface Disc {
  cx: number;
  cy: number;
  radius: number;
  /** Share of rim rays whose edge lies on the fitted circle, 0..1. */
  edgeAgreement: number;
  /** Share of the disc that differs from the background, 0..1. */
  fill: number;
}

/** A map's relative counts per pixel of its tile: values 0..100 (% of the map's maximum)
 *  where states is 1 (matched to the colour table), else 0; states 0 outside the disc or
 *  its rim margin, 1 matched, 2 unmatched (an overlay, text, a colour of no table). */
export interface Counts {
  size: number;
  values: Float32Array;
  states: Uint8Array;
}

/** One preprocessed map. */
export interface MapResult {
  /** The file name given for the map (its map name when none was). */
  file: string;
  disc: Disc;
  /** Share of the disc that matches no colour of the detected table. */
  unmatchedFraction: number;
  /** Share of the disc cut off by the image edge: 0 when it is whole; that part is left out
   *  of the counts and black in the montage. */
  cutOffShare: number;
  /** A warning to show the reader ('' when there is none; it says when the disc was cut off). */
  warning: string;
  /** The masked 150 x 150 tile the network sees; Grad-CAM heat is in its pixel grid. */
  tile: RgbImage;
  /** What the semi-quantitative scores read. */
  counts: Counts;
}

/** A preprocessed study: plain copies, which Model.predict and Normals.score take back. */
export interface Study {
  /** The colour table detected jointly over the maps: 'thermal', 'cool', ... */
  table: string;
  maps: Partial<Record<MapName, MapResult>>;
  /** The dataset's montage (the network's input) when preprocessStudy was given a dataset. */
  montage: RgbImage | null;
}

/** What a model file says about itself. */
export interface ModelInfo {
  /** The name given to loadModel. */
  name: string;
  /** 'vgg16' or 'vgg19'. */
  arch: string;
  /** Width multiplier of the convolutions (1 = the full VGG). */
  width_mult: number;
  dataset: DatasetName;
  /** Input size in pixels. */
  height: number;
  width: number;
  weights: WeightType;
  /** "trained on: ..." from the metadata, or "training data: not recorded in the model file". */
  trained_on: string;
  /** The file's JSON metadata, parsed (null if JavaScript could not parse it). */
  metadata: object | null;
  /** Class names, e.g. ['no_cad', 'cad']. */
  classes: string[];
}

/** Shares of the heat per territory, 0..1: they sum to 1, or are all 0 without heat. */
export type TerritoryShares = Record<Territory, number>;

/** One map's Grad-CAM heat in its 150 x 150 tile: 0..1, scaled by the largest value over
 *  the study's maps (so the maps compare), 0 outside the disc. */
export interface Heat {
  width: number;
  height: number;
  data: Float32Array;
}

export interface GradcamMap {
  file: string;
  /** The map's share of the study's heat. */
  share: number;
  /** The map's own heat per territory. */
  territories: TerritoryShares;
  heat: Heat;
}

/** Grad-CAM on the last conv layer for the predicted class, as `polarcad predict --json`. */
export interface Gradcam {
  /** The explained layer, e.g. 'block5_conv3'. */
  layer: string;
  /** The explained class (the predicted one). */
  class: string;
  /** The heat's total over the study's discs; 0 means nothing in the maps raised the class. */
  mass: number;
  /** The territory with the largest share (LAD when every share is 0). */
  top_territory: Territory;
  /** The study's shares per territory. */
  territories: TerritoryShares;
  /** Each map the model reads. */
  maps: Partial<Record<MapName, GradcamMap>>;
}

/** The fields and meaning of `polarcad predict --json` (the semi-quantitative scores come
 *  from Normals.score). */
export interface Prediction {
  /** The model's name (ModelInfo.name). */
  model: string;
  trained_on: string;
  dataset: DatasetName;
  weights: WeightType;
  /** The colour table detected in the study. */
  colormap: string;
  /** '' or what a reader must know: the study's colour table is not one the model was trained
   *  on (the model's metadata lists them), so its maps were drawn again in the model's table
   *  before the network read them (native `predict` prints the same warning). */
  warning: string;
  /** P(CAD), 0..1. */
  p_cad: number;
  /** The more probable class: 'cad' or 'no_cad'. */
  class: string;
  /** null when predict was asked for no Grad-CAM. */
  gradcam: Gradcam | null;
  disclaimer: string;
}

export interface PredictOptions {
  /** Compute Grad-CAM (default true; without it a prediction is one forward pass). */
  gradcam?: boolean;
  /** Rings that divide the territories (default 'equal-width', as `predict`). */
  layout?: RingLayout;
}

/** A model loaded into wasm memory. Free it with dispose(). */
export declare class Model {
  /** Made by Polarcad.loadModel, not by hand. */
  constructor(pc: Polarcad, handle: number, name: string);
  readonly info: ModelInfo;
  /** P(CAD), the class and Grad-CAM of a study from preprocessStudy; the study must hold
   *  the maps of the model's dataset. */
  predict(study: Study, options?: PredictOptions): Prediction;
  /** Frees the model's wasm memory; the object is unusable afterwards. */
  dispose(): void;
}

/** Normal studies in a group of the database: pooled, men, women. */
export interface GroupSizes {
  all: number;
  M: number;
  F: number;
}

export interface NormalsInfo {
  /** The name given to loadNormals. */
  name: string;
  /** The ring layout its segments were cut with. */
  layout: RingLayout;
  groups: Record<MapName, GroupSizes>;
  /** One line for a reader: name, size and layout. */
  text: string;
}

/** The 17 segment scores 0..4 (index s - 1 for AHA segment s); difference = stress - rest. */
export interface SegmentScores {
  stress: number[];
  rest: number[];
  difference: number[];
}

export interface TerritoryScores {
  sss: number;
  srs: number;
  sds: number;
}

/** One correction's scores: the fields of `polarcad predict --json`'s semiq_nac / semiq_ac
 *  (sss, srs, sds, tpd_stress, call_paper), and more. Calls are 1 for CAD. */
export interface SemiqScores {
  /** Summed stress score, 0..68. */
  sss: number;
  /** Summed rest score. */
  srs: number;
  /** Summed difference score, SSS - SRS. */
  sds: number;
  /** Total perfusion deficit at stress, % of the map. */
  tpd_stress: number;
  tpd_rest: number;
  /** tpd_stress - tpd_rest. */
  tpd_ischaemic: number;
  /** The seed paper's Semi-Q rule (NAC: SSS > 3 and SDS > 1; AC: SSS > 0 and SDS > 0). */
  call_paper: 0 | 1;
  /** SSS >= 4. */
  call_sss: 0 | 1;
  /** SDS >= 2. */
  call_sds: 0 | 1;
  /** Stress TPD >= 5%. */
  call_tpd: 0 | 1;
  territories: Record<Territory, TerritoryScores>;
  segments: SegmentScores;
}

/** null for a correction whose stress or rest map the study lacks. */
export interface SemiqResult {
  semiq_nac: SemiqScores | null;
  semiq_ac: SemiqScores | null;
}

/** A semi-quantitative normal database loaded into wasm memory. Free it with dispose(). */
export declare class Normals {
  /** Made by Polarcad.loadNormals, not by hand. */
  constructor(pc: Polarcad, handle: number, name: string);
  readonly info: NormalsInfo;
  /** Scores a study from preprocessStudy; sex picks the per-sex normals when that group is
   *  large enough (default: all normals pooled). */
  score(study: Study, options?: { sex?: 'M' | 'F' }): SemiqResult;
  /** Frees the database's wasm memory; the object is unusable afterwards. */
  dispose(): void;
}

export interface PreprocessOptions {
  /** Also build this dataset's montage (study.montage). */
  dataset?: DatasetName;
  /** The file name of each map, for messages (default: the map's name). */
  names?: Partial<Record<MapName, string>>;
}

/** The loaded WebAssembly module. */
export declare class Polarcad {
  /** Made by loadPolarcad, not by hand (core: the Emscripten module). */
  constructor(core: unknown);
  /** The core library's version, e.g. '0.1.0'. */
  readonly version: string;
  /** Decodes PNG, JPEG or BMP bytes to RGB; name labels messages. Images over 8192 px a
   *  side or 64 megapixels are refused from their header. */
  decodeImage(bytes: Uint8Array, name?: string): RgbImage;
  /** Resizes an image: filter 'auto' (area when shrinking), 'bilinear' or 'area'. */
  resize(image: RgbImage, width: number, height: number, filter?: string): RgbImage;
  /** Preprocesses a study as training does: disc, crop, 150 x 150 tile, mask, colour table. */
  preprocessStudy(maps: Partial<Record<MapName, RgbImage>>, options?: PreprocessOptions): Study;
  /** Loads a model file (fp32, fp16 or int8 weights) from its bytes. dataset only for a
   *  file that records none and whose input fits two datasets. */
  loadModel(bytes: Uint8Array, name?: string, options?: { dataset?: DatasetName }): Model;
  /** Loads a semi-quantitative normal database (`polarcad normals`) from its bytes. */
  loadNormals(bytes: Uint8Array, name?: string): Normals;
  /** Frees the module's context; the object is unusable afterwards. */
  dispose(): void;
}

/** Options passed to the Emscripten module (wasmBinary: the .wasm bytes; Node reads them
 *  from beside polarcad.mjs when not given). */
export interface LoadOptions {
  wasmBinary?: ArrayBuffer | Uint8Array;
  [option: string]: unknown;
}

/** Loads the WebAssembly module (in Node 20+, a browser page or a module Worker). */
export function loadPolarcad(options?: LoadOptions): Promise<Polarcad>;
