// @ts-check
// engine.js: a promise-based handle on the worker that runs the wasm core.
//
// One generic call, typed by the worker's request table:
//   const { version } = await engine.request('hello', {});
//   const report = await engine.request('readStudy', { dataset: 'acnac', maps });

/** @typedef {import('./worker.js').Handlers} Handlers */
/** @template {keyof Handlers} K @typedef {Parameters<Handlers[K]>[1]} PayloadOf */
/** @template {keyof Handlers} K @typedef {Awaited<ReturnType<Handlers[K]>>} ResultOf */

export class Engine {
  constructor(workerUrl = new URL('./worker.js', import.meta.url)) {
    this.worker = new Worker(workerUrl, { type: 'module' });
    /** @type {Map<number, {resolve: (result: any) => void, reject: (error: Error) => void}>} */
    this.pending = new Map();
    this.nextId = 1;
    this.worker.onmessage = (event) => {
      const { id, ok, result, error } = event.data;
      const request = this.pending.get(id);
      if (!request) return;
      this.pending.delete(id);
      if (ok) request.resolve(result);
      else request.reject(new Error(error));
    };
    this.worker.onerror = (event) => {
      const error = new Error(`the analysis worker failed: ${event.message || 'unknown error'}`);
      for (const request of this.pending.values()) request.reject(error);
      this.pending.clear();
    };
  }

  /** Sends one request to the worker; resolves to its handler's result, rejects with its message.
   *  transfer: buffers handed over rather than copied (a 60 MB model), unusable here after.
   *  @template {keyof Handlers} K @param {K} type @param {PayloadOf<K>} payload
   *  @param {Transferable[]} [transfer] @returns {Promise<ResultOf<K>>} */
  request(type, payload, transfer = []) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, type, payload }, transfer);
    });
  }
}

/** The message of anything thrown. @param {unknown} err */
export function errorMessage(err) {
  return err instanceof Error ? err.message : String(err);
}
