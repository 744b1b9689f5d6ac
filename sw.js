// @ts-check
// sw.js: the page's service worker: it keeps a copy of the site's own files so the page
// opens and predicts offline after one visit.
//
// What it caches, and what it never caches (privacy: docs in README, "The page"):
//  - only GET requests to this site's origin, for the site's files (index.html, web/,
//    model/); a request anywhere else passes through untouched and is never stored;
//  - never a study: dropped maps are read from the user's disk in the page and go to the
//    wasm worker as bytes; they are never fetched, so no cache entry can hold one.
// Network first, cache as the fallback: an online visit always gets the files the host
// has now (no stale page after an update), an offline one gets the last copy.
// It lives at the site's root because a service worker controls only pages at or below
// its own folder, and index.html is at the root.

const CACHE = 'polarcad-site-v1';

// Fetched when the worker installs, so the first visit leaves a complete offline copy
// (files the page requests before the worker controls it would otherwise be missed).
// tests/e2e checks that every file the page loads is listed here or under an OPTIONAL path.
const SITE_FILES = [
  './', 'index.html', 'web/style.css', 'web/favicon.svg',
  'web/app.js', 'web/engine.js', 'web/worker.js', 'web/study.js', 'web/slots.js', 'web/disc.js',
  'web/loader.js', 'web/models.js', 'web/analysis.js', 'web/bullseye.js', 'web/heatmap.js', 'web/result.js',
  'web/report.js', 'web/modelcard.js',
  'web/lib/polarcad.mjs', 'web/lib/model.mjs', 'web/lib/normals.mjs', 'web/lib/polarcad-core.mjs',
  'web/lib/polarcad-core.wasm', 'web/lib/study-kinds.mjs',
  'web/samples/index.json', 'model/normals-low-likelihood.db',
];
// Site files that a host may not have (no model shipped yet): cached when present.
const OPTIONAL = ['model/model.pcm', 'model/README.md'];
// The folders whose files are the site's: anything else (a test route, another app on
// the same host) is not cached.
const SITE_PREFIXES = ['index.html', 'web/', 'model/'];

const scope = /** @type {ServiceWorkerGlobalScopeLike} */ (/** @type {unknown} */ (self));

/** The members of ServiceWorkerGlobalScope used here (the project's types are the DOM's).
 *  @typedef {{registration: {scope: string}, skipWaiting(): Promise<void>,
 *  clients: {claim(): Promise<void>}, addEventListener(type: string, fn: (event: any) => void): void}}
 *  ServiceWorkerGlobalScopeLike */

/** A site-relative path ('web/app.js', '' for the root) of a same-origin URL inside the
 *  worker's scope, or null. @param {string} url */
function sitePath(url) {
  const base = new URL(scope.registration.scope);
  const u = new URL(url);
  if (u.origin !== base.origin || !u.pathname.startsWith(base.pathname)) return null;
  return u.pathname.slice(base.pathname.length);
}

/** @param {string | null} path */
function isSiteFile(path) {
  return path !== null && (path === '' || SITE_PREFIXES.some((p) => (p.endsWith('/') ? path.startsWith(p) : path === p)));
}

scope.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(SITE_FILES);
    for (const path of OPTIONAL) {
      const res = await fetch(path, { cache: 'no-cache' }).catch(() => null);
      if (res && res.ok) await cache.put(path, res);
    }
    await scope.skipWaiting();
  })());
});

scope.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
    await scope.clients.claim();
  })());
});

scope.addEventListener('fetch', (event) => {
  const request = /** @type {Request} */ (event.request);
  if (request.method !== 'GET' || !isSiteFile(sitePath(request.url))) return;   // the browser's own handling
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const res = await fetch(request);
      // Only complete answers are kept (a 404 for the absent model is not).
      if (res.ok && res.status === 200) await cache.put(request, res.clone());
      return res;
    } catch (err) {
      // Offline: the last copy; a page URL with a query (?x=1) is the same page.
      const hit = await cache.match(request, { ignoreSearch: request.mode === 'navigate' });
      if (hit) return hit;
      throw err;
    }
  })());
});
