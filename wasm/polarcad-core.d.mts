// polarcad-core.d.mts: types of the Emscripten-generated polarcad-core.mjs, for tsc.
//
// The glue itself is generated (and not type-checkable); this file describes what
// wasm/api.c exports and the runtime methods CMakeLists.txt asks for. Pointers are
// byte offsets into wasm memory (plain numbers); a status is 0 for OK. The build copies
// this file beside the glue in web/lib/, so tsc reads it there instead of the glue.

export type Ptr = number;
export type Status = number;

export interface PolarcadCore {
  HEAPU8: Uint8Array;
  HEAPU32: Uint32Array;
  HEAP32: Int32Array;
  HEAPF32: Float32Array;
  HEAPF64: Float64Array;
  UTF8ToString(ptr: Ptr): string;
  stringToUTF8(text: string, ptr: Ptr, maxBytes: number): void;
  lengthBytesUTF8(text: string): number;
  _malloc(size: number): Ptr;
  _free(ptr: Ptr): void;

  _pcw_version(): Ptr;
  _pcw_ctx_create(): Ptr;
  _pcw_ctx_free(ctx: Ptr): void;
  _pcw_ctx_last_error(ctx: Ptr): Ptr;
  _pcw_map_name(map: number): Ptr;
  _pcw_dataset_name(dataset: number): Ptr;

  _pcw_image_create(ctx: Ptr, width: number, height: number, out: Ptr): Status;
  _pcw_image_decode(ctx: Ptr, bytes: Ptr, size: number, name: Ptr, out: Ptr): Status;
  _pcw_image_resize(ctx: Ptr, src: Ptr, width: number, height: number, filter: number, out: Ptr): Status;
  _pcw_image_width(image: Ptr): number;
  _pcw_image_height(image: Ptr): number;
  _pcw_image_rgb(image: Ptr): Ptr;
  _pcw_image_free(image: Ptr): void;

  _pcw_inverter_create(ctx: Ptr, out: Ptr): Status;
  _pcw_inverter_free(inverter: Ptr): void;
  _pcw_study_preprocess(ctx: Ptr, inverter: Ptr, images: Ptr, names: Ptr, out: Ptr): Status;
  _pcw_study_free(study: Ptr): void;
  _pcw_study_present(study: Ptr, map: number): number;
  _pcw_study_table(study: Ptr): Ptr;
  _pcw_study_disc(study: Ptr, map: number, out: Ptr): void;
  _pcw_study_warning(study: Ptr, map: number): Ptr;
  _pcw_study_missing_share(study: Ptr, map: number): number;
  _pcw_study_montage(ctx: Ptr, study: Ptr, dataset: number, out: Ptr): Status;
  _pcw_study_tile_size(study: Ptr, map: number): number;
  _pcw_study_tile(study: Ptr, map: number): Ptr;
  _pcw_study_count_values(study: Ptr, map: number): Ptr;
  _pcw_study_count_states(study: Ptr, map: number): Ptr;
  _pcw_study_assemble(ctx: Ptr, table: Ptr, tiles: Ptr, values: Ptr, states: Ptr, out: Ptr): Status;

  // wasm/api_model.c
  _pcw_model_load(ctx: Ptr, bytes: Ptr, size: number, name: Ptr, dataset: number, out: Ptr): Status;
  _pcw_model_free(model: Ptr): void;
  _pcw_model_arch(model: Ptr): Ptr;
  _pcw_model_width_mult(model: Ptr): number;
  _pcw_model_height(model: Ptr): number;
  _pcw_model_width(model: Ptr): number;
  _pcw_model_dataset(model: Ptr): number;
  _pcw_model_weights(model: Ptr): Ptr;
  _pcw_model_trained_on(model: Ptr): Ptr;
  _pcw_model_table_warning(model: Ptr, study: Ptr): Ptr;
  _pcw_model_network_table(model: Ptr, study: Ptr): Ptr;
  _pcw_model_metadata(model: Ptr): Ptr;
  _pcw_model_cad_class(model: Ptr): number;
  _pcw_model_class_count(model: Ptr): number;
  _pcw_model_class_name(model: Ptr, i: number): Ptr;
  _pcw_predict(ctx: Ptr, model: Ptr, study: Ptr, gradcam: number, layout: number, out: Ptr): Status;
  _pcw_prediction_free(prediction: Ptr): void;
  _pcw_prediction_p_cad(prediction: Ptr): number;
  _pcw_prediction_class(prediction: Ptr): number;
  _pcw_prediction_has_gradcam(prediction: Ptr): number;
  _pcw_prediction_seen(prediction: Ptr, index: number): Ptr;
  _pcw_gradcam_layer(prediction: Ptr): Ptr;
  _pcw_gradcam_mass(prediction: Ptr): number;
  _pcw_gradcam_max_heat(prediction: Ptr): number;
  _pcw_gradcam_tile_size(prediction: Ptr): number;
  _pcw_gradcam_top_territory(prediction: Ptr): Ptr;
  _pcw_gradcam_shares(prediction: Ptr, map: number, out: Ptr): number;
  _pcw_gradcam_tile_heat(prediction: Ptr, map: number): Ptr;

  // wasm/api_normals.c
  _pcw_normals_load(ctx: Ptr, bytes: Ptr, size: number, name: Ptr, out: Ptr): Status;
  _pcw_normals_free(normals: Ptr): void;
  _pcw_normals_layout(normals: Ptr): Ptr;
  _pcw_normals_layout_index(normals: Ptr): number;
  _pcw_normals_group_size(normals: Ptr, map: number, sex: number): number;
  _pcw_normals_score(ctx: Ptr, normals: Ptr, study: Ptr, sex: number, out: Ptr): Status;
  _pcw_semiq_free(result: Ptr): void;
  _pcw_semiq_correction(result: Ptr, correction: number, out: Ptr): void;
  _pcw_semiq_territories(result: Ptr, correction: number, out: Ptr): void;
  _pcw_semiq_segments(result: Ptr, map: number, out: Ptr): void;
  _pcw_correction_map(correction: number, stress: number): number;
}

export interface PolarcadCoreOptions {
  wasmBinary?: ArrayBuffer | Uint8Array;
  [option: string]: unknown;
}

export default function createPolarcadCore(options?: PolarcadCoreOptions): Promise<PolarcadCore>;
