// `npm run demo`: builds the playground with Vite and serves it on localhost (PORT, default
// 5173), printing the URL. `npm run build` (the package itself) runs first.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '../static-server.js';

const CONFIG = fileURLToPath(new URL('./vite.config.js', import.meta.url));

/** Builds the playground into `outDir` with Vite (this folder's vite.config.js). */
export async function buildPlayground(outDir) {
  const { build } = await import('vite');
  await build({ configFile: CONFIG, build: { outDir, emptyOutDir: true } });
  return outDir;
}

/** Builds and serves the playground; resolves to the server ({ url, close }). */
export async function startPlayground({ port = 0, host = '127.0.0.1', outDir } = {}) {
  const dir = outDir ?? mkdtempSync(join(tmpdir(), 'simd-activations-playground-'));
  await buildPlayground(dir);
  const server = await serveStatic({ routes: { '/': dir }, host, port });
  return {
    ...server,
    dir,
    async close() {
      await server.close();
      if (!outDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT ?? 5173);
  const server = await startPlayground({ port });
  console.log(`\n  simd-activations playground: ${server.url}\n  (Ctrl+C to stop)\n`);
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
