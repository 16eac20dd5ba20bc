// Browser-test harness: a real affinity server on a temporary demo data directory, serving the
// built console (web/dist), driven by Debian's Chromium through playwright-core.
//
//   const h = useConsole();            // in a test file: starts server + browser before its tests
//                                      // ({ serveArgs: [...] } adds `affinity serve` options)
//   test('...', async (t) => {
//     const page = await h.open(t);    // a fresh page; the test fails on any console error
//     await h.signIn(page);            // pastes the admin key
//     await h.shot(page, 'catalog');   // ${SCREENSHOT_DIR}/catalog.png
//     const links = await h.api('GET', '/v1/products/RUN-SHOE-001/relationships');
//   });
//
// Environment: AFFINITY_BIN (default <repo>/build/src/cli/affinity), CHROMIUM (default
// /usr/bin/chromium), SCREENSHOT_DIR (default <repo>/build/console-screenshots), HEADED=1 to watch.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const WEB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO = resolve(WEB_DIR, '..');
export const AFFINITY_BIN = process.env.AFFINITY_BIN || join(REPO, 'build/src/cli/affinity');
export const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR || join(REPO, 'build/console-screenshots');
const DIST = join(WEB_DIR, 'dist');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what, fn, timeoutMs = 20000) {
  const start = Date.now();
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

function ensureBuilt() {
  if (!existsSync(AFFINITY_BIN)) {
    throw new Error(
      `no affinity binary at ${AFFINITY_BIN}: run ./scripts/build.sh affinity (or set AFFINITY_BIN)`,
    );
  }
  if (!existsSync(join(DIST, 'index.html'))) {
    run('npm', ['run', 'build'], { cwd: WEB_DIR, stdio: 'inherit' });
  }
}

/** Starts a server process and resolves to its port (read from the port file it writes). */
async function startProcess(cmd, args, portFile, log) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d) => log.push(String(d)));
  child.stderr.on('data', (d) => log.push(String(d)));
  let exited = null;
  child.on('exit', (code) => {
    exited = code;
  });
  const port = await waitFor(`${cmd} to listen`, async () => {
    if (exited !== null) throw new Error(`${cmd} exited with ${exited}:\n${log.join('')}`);
    const text = existsSync(portFile) ? readFileSync(portFile, 'utf8').trim() : '';
    return text ? Number(text) : undefined;
  }).catch((e) => {
    child.kill('SIGKILL');
    throw new Error(`${e.message}\n${log.join('')}`);
  });
  return { child, port };
}

function stopProcess(child) {
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((res) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.on('exit', () => {
      clearTimeout(timer);
      res();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts the server and the browser once for the calling test file (node:test before/after
 * hooks) and returns the helpers. Everything is torn down after the file's tests.
 */
export function useConsole({ products = 300, serveArgs = [] } = {}) {
  const h = {
    dataDir: '',
    adminKey: '',
    baseUrl: '',
    browser: null,
    server: null,
    log: [],
  };

  before(async () => {
    ensureBuilt();
    h.dataDir = mkdtempSync(join(tmpdir(), 'affinity-console-'));
    run(AFFINITY_BIN, ['demo', '--data', h.dataDir, '--products', String(products)]);
    h.adminKey = readFileSync(join(h.dataDir, 'admin.key'), 'utf8').trim();
    await serve(serveArgs);
    h.browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      headless: !process.env.HEADED,
      args: ['--no-sandbox', '--disable-dev-shm-usage'],
    });
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
  });

  /** Starts `affinity serve` on the data directory, with `extra` options. */
  async function serve(extra) {
    const portFile = join(h.dataDir, 'port');
    rmSync(portFile, { force: true });
    const { child, port } = await startProcess(
      AFFINITY_BIN,
      ['serve', '--data', h.dataDir, '--port', '0', '--port-file', portFile, '--web', DIST,
        '--access-log', 'off', '--threads', '2', ...extra],
      portFile,
      h.log,
    );
    h.server = child;
    h.baseUrl = `http://127.0.0.1:${port}`;
    await waitFor('/readyz', async () => (await fetch(`${h.baseUrl}/readyz`)).ok);
  }

  after(async () => {
    await h.browser?.close().catch(() => {});
    await stopProcess(h.server);
    if (h.dataDir && !process.env.KEEP_DATA) rmSync(h.dataDir, { recursive: true, force: true });
  });

  return {
    get adminKey() {
      return h.adminKey;
    },
    get baseUrl() {
      return h.baseUrl;
    },
    get dataDir() {
      return h.dataDir;
    },

    /**
     * A new 1280x800 page. Any console error or uncaught page error fails the test `t` when it
     * ends; a test that provokes a refusal on purpose declares it with page.allowHttpStatus(409).
     */
    async open(t) {
      const context = await h.browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      page.setDefaultTimeout(10000);
      const errors = [];
      const allowed = new Set();
      page.allowHttpStatus = (status) => allowed.add(status);
      page.on('console', (msg) => {
        if (msg.type() !== 'error') return;
        const text = msg.text();
        const m = /the server responded with a status of (\d+)/.exec(text);
        if (m && allowed.has(Number(m[1]))) return;
        errors.push(`console error: ${text} (${msg.location().url ?? ''})`);
      });
      page.on('pageerror', (err) => errors.push(`page error: ${err.stack || err.message}`));
      t.after(async () => {
        await context.close().catch(() => {});
        if (errors.length) throw new Error(`the browser reported errors:\n${errors.join('\n')}`);
      });
      page.consoleErrors = errors;
      return page;
    },

    /** Opens `path` (default /) signed in with `key` (default the admin key). */
    async signIn(page, { key = h.adminKey, path = '/' } = {}) {
      await page.goto(h.baseUrl + path);
      await page.getByLabel('API key').fill(key);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('navigation', { name: 'Pages' }).waitFor();
    },

    /** Saves a full-page screenshot as <SCREENSHOT_DIR>/<name>.png. */
    async shot(page, name) {
      const path = join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path, fullPage: false });
      return path;
    },

    /** Calls the API directly with the admin key: { status, headers, body } (body parsed). */
    async api(method, path, body, headers = {}) {
      const res = await fetch(h.baseUrl + path, {
        method,
        headers: {
          Authorization: `Bearer ${h.adminKey}`,
          ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...headers,
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      let parsed = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        /* not JSON */
      }
      return { status: res.status, headers: res.headers, body: parsed };
    },

    /**
     * Stops the server and starts it again on the same data directory with `args` (for options
     * read only at start, such as --intake-config). The port changes: open pages again after it.
     */
    async restart(args = serveArgs) {
      await stopProcess(h.server);
      await serve(args);
    },

    /** Makes a key with `role` and returns its secret. */
    async makeKey(name, role) {
      const r = await this.api('POST', '/v1/keys', { name, role });
      if (r.status !== 201) throw new Error(`POST /v1/keys: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.secret ?? r.body.key;
    },

    serverLog: () => h.log.join(''),
  };
}
