// Loads the console's TypeScript modules into Node for unit tests, through Vite's SSR loader
// (the same transform as the build), so the pure logic is tested without a browser.
import { dirname, resolve } from 'node:path';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
let server = null;

after(async () => {
  await server?.close();
});

/** The module at `path` (from web/, e.g. 'src/pages/graph/graphModel.ts'). */
export async function load(path) {
  server ??= await createServer({
    configFile: false,
    root,
    logLevel: 'error',
    appType: 'custom',
    server: { middlewareMode: true, hmr: false, ws: false },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  return server.ssrLoadModule(`/${path}`);
}
