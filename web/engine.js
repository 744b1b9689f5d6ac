// engine.js: a promise-based handle on the worker that runs the wasm core.

export class Engine {
  constructor(workerUrl = new URL('./worker.js', import.meta.url)) {
    this.worker = new Worker(workerUrl, { type: 'module' });
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

  request(type, payload = {}) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, type, ...payload });
    });
  }

  hello() {
    return this.request('hello');
  }

  /** maps: {slot: {name, bytes: ArrayBuffer}}; resolves to {width, height, rgb, sizes}. */
  montage(dataset, maps) {
    return this.request('montage', { dataset, maps });
  }
}
