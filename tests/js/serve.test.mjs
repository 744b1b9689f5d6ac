// @ts-check
// serve.test.mjs: the static server sends the page's policy and types, and nothing else.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, CSP, ROOT } from '../../scripts/serve.mjs';

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
before(async () => { server = await startServer({ port: 0 }); });
after(() => server.close());

test('index.html declares exactly the policy the server sends', async () => {
  const res = await fetch(server.url);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-security-policy'), CSP);
  const html = await res.text();
  const meta = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/);
  assert.ok(meta, 'CSP meta tag present');
  assert.equal(meta[1], CSP);
  assert.equal(html, readFileSync(`${ROOT}/index.html`, 'utf8'));
});

test('wasm and module scripts get their types', async () => {
  const wasm = await fetch(new URL('web/lib/polarcad-core.wasm', server.url));
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  const mjs = await fetch(new URL('web/lib/polarcad.mjs', server.url));
  assert.match(mjs.headers.get('content-type') || '', /^text\/javascript/);
});

test('only the page files are served: no sources, no dotfiles, no escapes', async () => {
  for (const path of ['core/polarcad.h', 'CMakeLists.txt', '.git/config', 'web/../core/version.c',
    'web/%2e%2e/core/version.c', '%E0%A4%A', 'web/lib', 'package.json'])
    assert.equal((await fetch(new URL(path, server.url))).status, 404, path);
  const post = await fetch(server.url, { method: 'POST', body: 'x' });
  assert.equal(post.status, 405);
});
