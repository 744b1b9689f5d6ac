#!/usr/bin/env node
// @ts-check
// serve.mjs: the static server for the polarcad page (demo and browser tests).
//
// Serves only what the page needs (index.html, sw.js, web/, model/) from the repository,
// with the same Content-Security-Policy the page declares, correct types for .mjs and
// .wasm, and cross-origin isolation headers. Binds to 127.0.0.1 only.
//
//   node scripts/serve.mjs [--port 8080] [--host 127.0.0.1] [--model FILE] [--log]
//   import { startServer } from './serve.mjs';  const { url, close } = await startServer({ port: 0 });

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

// The one policy: only the page's own origin; wasm compilation allowed; blob: for the
// thumbnails of dropped files. Keep in sync with the <meta> tag in index.html (a test checks).
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self' blob:; " +
  "style-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

/** @type {Record<string, string>} */
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg',
  '.svg': 'image/svg+xml', '.ico': 'image/x-icon', '.pcm': 'application/octet-stream',
  '.bin': 'application/octet-stream', '.md': 'text/plain; charset=utf-8', '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};
const PUBLIC = ['index.html', 'sw.js', 'web/', 'model/'];

/** The file a URL path names, or null when it is not one of the page's files.
 *  @param {string} root @param {string} urlPath @returns {string | null} */
function resolvePath(root, urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath.split('?')[0]);
  } catch {
    return null;
  }
  if (path === '/' || path === '') path = '/index.html';
  if (path === '/favicon.ico') path = '/web/favicon.svg';
  const rel = normalize(path).replace(/^[/\\]+/, '');
  if (rel.split(/[/\\]/).some((part) => part.startsWith('.'))) return null;   // no dotfiles, no ..
  if (!PUBLIC.some((p) => (p.endsWith('/') ? rel.startsWith(p) : rel === p))) return null;
  const full = join(root, rel);
  return full.startsWith(root + sep) ? full : null;
}

/** files (tests only): URL paths ('model/model.pcm', no leading slash) served from another
 *  file, or answered 404 when null, whatever the repository holds there: a test model is
 *  served where the page looks for the shipped one, and a test of the no-model page stays
 *  true once a model ships.
 *  @param {{root?: string, port?: number, host?: string, log?: boolean, files?: Record<string, string | null>}} [options] */
export async function startServer({ root = ROOT, port = 8080, host = '127.0.0.1', log = false, files = {} } = {}) {
  const server = createServer(async (req, res) => {
    /** @param {number} code @param {string | Buffer} body @param {string} [type] */
    const send = (code, body, type = 'text/plain; charset=utf-8') => {
      res.writeHead(code, {
        // The length, as static hosts send it: the page shows a download's progress from it.
        'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff',
        'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp',
        'Cross-Origin-Resource-Policy': 'same-origin', 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-cache',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
      if (log) console.log(`${code} ${req.method} ${req.url}`);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');
    const wanted = (req.url || '/').split('?')[0].replace(/^\/+/, '');
    const full = Object.hasOwn(files, wanted) ? files[wanted] : resolvePath(root, req.url || '/');
    if (!full) return send(404, 'not found\n');
    try {
      const info = await stat(full);
      if (!info.isFile()) return send(404, 'not found\n');
      send(200, await readFile(full), TYPES[extname(full).toLowerCase()] || 'application/octet-stream');
    } catch {
      send(404, 'not found\n');
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(undefined));
  });
  const url = `http://${host}:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}/`;
  /** @type {() => Promise<void>} */
  const close = () => new Promise((resolve) => server.close(() => resolve()));
  return { server, url, close };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  /** @param {string} name @param {string} fallback */
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
  };
  const port = Number(arg('--port', '8080'));
  // --model FILE: served as model/model.pcm (scripts/demo --test-model; a model file you
  // made or trained, without copying it into model/).
  const model = arg('--model', '');
  try {
    /** @type {Record<string, string | null>} */
    const files = model ? { 'model/model.pcm': model } : {};
    const { url } = await startServer({ port, host: arg('--host', '127.0.0.1'), log: process.argv.includes('--log'), files });
    if (model) console.log(`serving ${model} as model/model.pcm`);
    console.log(`polarcad page: ${url}   (Ctrl-C to stop)`);
  } catch (e) {
    console.error(`serve: cannot listen on port ${port}: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  }
}
