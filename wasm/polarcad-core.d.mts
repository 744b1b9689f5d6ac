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
}

export interface PolarcadCoreOptions {
  wasmBinary?: ArrayBuffer | Uint8Array;
  [option: string]: unknown;
}

export default function createPolarcadCore(options?: PolarcadCoreOptions): Promise<PolarcadCore>;
