// @ts-check
// loader.js: fetches one of the site's own files as bytes, reporting progress, so the page
// can show how far a 30-60 MB model has come instead of a frozen screen.

/** What became of a fetch: the bytes, or why there are none. `missing` is a 404 (the host
 *  has no such file: for the model, "no model shipped"), `error` anything else.
 *  @typedef {{bytes: Uint8Array, missing: false, error: null} | {bytes: null, missing: boolean, error: string}} Fetched */

/** @param {URL} url a same-origin URL (the page's CSP refuses any other)
 *  @param {(loaded: number, total: number | null) => void} [onProgress] total is null when
 *  the host sends no Content-Length @returns {Promise<Fetched>} */
export async function fetchBytes(url, onProgress = () => {}) {
  let res;
  try {
    res = await fetch(url);
  } catch (err) {
    return { bytes: null, missing: false, error: `${url.pathname}: could not be fetched (${err instanceof Error ? err.message : err})` };
  }
  if (res.status === 404) return { bytes: null, missing: true, error: `${url.pathname}: not on this site (HTTP 404)` };
  if (!res.ok) return { bytes: null, missing: false, error: `${url.pathname}: HTTP ${res.status}` };
  const header = Number(res.headers.get('content-length'));
  const total = Number.isFinite(header) && header > 0 ? header : null;
  if (!res.body) {
    const bytes = new Uint8Array(await res.arrayBuffer());
    onProgress(bytes.length, total);
    return { bytes, missing: false, error: null };
  }
  /** @type {Uint8Array[]} */
  const chunks = [];
  let loaded = 0;
  const reader = res.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.length;
      onProgress(loaded, total);
    }
  } catch (err) {
    return { bytes: null, missing: false, error: `${url.pathname}: the download stopped (${err instanceof Error ? err.message : err})` };
  }
  const bytes = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) { bytes.set(c, at); at += c.length; }
  return { bytes, missing: false, error: null };
}

/** "12.3 MB", "640 kB", "900 B". @param {number} n */
export function formatBytes(n) {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(0)} kB`;
  return `${n} B`;
}
