// A small static file server (node:http) for the playground (`npm run demo`) and the browser
// tests. Routes map URL prefixes to folders; `wasmType` lets a test play a misconfigured server
// that sends .wasm with the wrong Content-Type.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

/**
 * Serves `routes` ({ '/prefix/': '/abs/folder' }, longest prefix first) on `host`:`port`
 * (port 0: any free port). `wasmType` overrides the Content-Type of .wasm files (null: none at
 * all); `headers` are added to every response (e.g. a Content-Security-Policy). Resolves to
 * { url, requests, close() }, where `requests` lists every path asked for.
 */
export async function serveStatic({ routes, host = '127.0.0.1', port = 0, wasmType = 'application/wasm', headers = {} }) {
  const prefixes = Object.keys(routes).sort((a, b) => b.length - a.length);
  const requests = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    requests.push(path);
    const prefix = prefixes.find((p) => path.startsWith(p));
    const send = (status, text) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
      res.end(text);
    };
    if (prefix === undefined || (req.method !== 'GET' && req.method !== 'HEAD')) return send(404, 'not found');
    const root = resolve(routes[prefix]);
    let file = resolve(join(root, path.slice(prefix.length)));
    if (file !== root && !file.startsWith(root + sep)) return send(403, 'forbidden');
    try {
      let info = await stat(file);
      if (info.isDirectory()) {
        file = join(file, 'index.html');
        info = await stat(file);
      }
      const ext = extname(file);
      const type = ext === '.wasm' ? wasmType : (TYPES[ext] ?? 'application/octet-stream');
      res.writeHead(200, {
        ...(type === null ? {} : { 'content-type': type }),
        'content-length': info.size,
        'cache-control': 'no-store',
        ...headers,
      });
      if (req.method === 'HEAD') return res.end();
      createReadStream(file).pipe(res);
    } catch {
      send(404, 'not found');
    }
  });
  await new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, done);
  });
  const address = server.address();
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${address.port}/`,
    requests,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections?.();
        server.close(() => done());
      }),
  };
}
