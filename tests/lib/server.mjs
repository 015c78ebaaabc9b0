// Starts the REAL kinship binary for the node-driven test suites (API, CLI, browser,
// reliability) and stops it again. One copy of the start/stop logic for all of them.
//
//   const server = await startServer({ bin, backend: 'sqlite' });   // fresh demo database
//   ... fetch(server.url + '/healthz') ...
//   await server.stop();   // SIGTERM, waits, removes the temp dir (and the PostgreSQL database)
//
//   const s = await serveDatabase({ bin, dir, args: ['--db', db] });  // an existing database
//
// sqlite: the database is `sqlite:<tmp>/k.db` (the key file defaults to k.db.key beside it).
// postgres: pgUrl is a libpq URI of a throwaway server; a new database kt_<pid>_<n> is created
// for each server with psql, and `--key-file <tmp>/k.key` is passed to demo and serve.

import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Every child still running when this process ends is killed, even after a crash.
const running = new Set();
process.on('exit', () => {
  for (const child of running) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
});
/** Registers a child process to be killed if the test process ends first. */
export function track(child) {
  running.add(child);
  child.on('exit', () => running.delete(child));
  return child;
}

let databases = 0;

// Replaces the database name (the URI path) of a libpq URI.
export function withDatabase(url, name) {
  const m = /^(postgres(?:ql)?:\/\/[^/?#]*)(\/[^?#]*)?(.*)$/.exec(url);
  if (!m) throw new Error(`KINSHIP_TEST_PG_URL is not a postgresql:// URI: ${url}`);
  return `${m[1]}/${name}${m[3]}`;
}

async function psql(url, sql) {
  try {
    await execFileAsync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-q', '-c', sql], { timeout: 60_000 });
  } catch (e) {
    throw new Error(`psql failed (${sql}): ${e.message}\n${e.stderr ?? ''}`);
  }
}

/**
 * Runs `kinship serve` on an existing database and waits until /healthz answers.
 * args: flags such as ['--db', db, '--key-file', f]; listen: the --listen value (null: no
 * flag, so the environment or a config file decides); env: the whole child environment.
 * Resolves with { url, port, child, stop(), logText(), exited() }; stop() sends SIGTERM and
 * resolves with { code, signal }.
 */
export async function serveDatabase({ bin, dir, args = [], listen = '127.0.0.1:0', env = process.env, timeoutMs = 60_000 }) {
  const portFile = join(dir, `port-${randomBytes(4).toString('hex')}`);
  const listenArgs = listen === null ? [] : ['--listen', listen];
  const child = track(spawn(bin, ['serve', ...args, ...listenArgs, '--port-file', portFile], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  }));
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  let exited = null;
  const exitPromise = new Promise((r) => child.on('exit', (code, signal) => {
    exited = { code, signal };
    r();
  }));
  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      await Promise.race([exitPromise, sleep(10_000)]);
      if (!exited) {
        child.kill('SIGKILL');
        await exitPromise;
      }
    }
    return exited;
  };
  try {
    const deadline = Date.now() + timeoutMs;
    let port = '';
    while (!port) {
      if (exited) throw new Error(`kinship serve exited early (${JSON.stringify(exited)})`);
      if (Date.now() > deadline) throw new Error(`kinship serve did not write its port file in ${timeoutMs / 1000} s`);
      port = (await readFile(portFile, 'utf8').catch(() => '')).trim();
      if (!port) await sleep(50);
    }
    const url = `http://127.0.0.1:${port}`;
    for (;;) {
      if (exited) throw new Error(`kinship serve exited early (${JSON.stringify(exited)})`);
      if (Date.now() > deadline) throw new Error(`${url}/healthz did not answer 200 in ${timeoutMs / 1000} s`);
      const ok = await fetch(`${url}/healthz`).then((r) => r.ok).catch(() => false);
      if (ok) break;
      await sleep(50);
    }
    return { url, port: Number(port), child, stop, logText: () => log, exited: () => exited };
  } catch (e) {
    await stop();
    throw new Error(`${e.message}\n--- server output ---\n${log}`);
  }
}

/**
 * Creates a fresh demo database (`kinship demo`) and serves it. serveArgs are added to
 * `kinship serve` (e.g. ['--ui-dir', dir]). Resolves with serveDatabase's object plus dir,
 * db and keyArgs; its stop() also removes the temp dir and drops the PostgreSQL database.
 */
export async function startServer({ bin, backend = 'sqlite', pgUrl, serveArgs = [], prefix = 'kinship-test-' }) {
  await stat(bin).catch(() => {
    throw new Error(`kinship binary not found at ${bin} (build it, or set KINSHIP_BIN)`);
  });
  const dir = await mkdtemp(join(tmpdir(), prefix));
  let db;
  let dropDatabase = async () => {};
  const keyArgs = [];
  if (backend === 'postgres') {
    if (!pgUrl) throw new Error('KINSHIP_TEST_BACKEND=postgres needs KINSHIP_TEST_PG_URL (use tests/scripts/with_postgres.sh)');
    const name = `kt_${process.pid}_${++databases}`;
    await psql(pgUrl, `CREATE DATABASE ${name}`);
    db = withDatabase(pgUrl, name);
    dropDatabase = () => psql(pgUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    keyArgs.push('--key-file', join(dir, 'k.key'));
  } else if (backend === 'sqlite') {
    db = `sqlite:${join(dir, 'k.db')}`;
  } else {
    throw new Error(`KINSHIP_TEST_BACKEND must be sqlite or postgres, not ${backend}`);
  }
  const cleanup = async () => {
    await dropDatabase();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await execFileAsync(bin, ['demo', '--size', 'tiny', '--db', db, ...keyArgs], { cwd: dir, timeout: 120_000, maxBuffer: 16 << 20 });
  } catch (e) {
    await cleanup();
    throw new Error(`kinship demo failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
  let server;
  try {
    server = await serveDatabase({ bin, dir, args: ['--db', db, ...keyArgs, ...serveArgs] });
  } catch (e) {
    await cleanup();
    throw e;
  }
  const stop = async () => {
    const exited = await server.stop();
    await cleanup();
    return exited;
  };
  return { ...server, dir, db, keyArgs, stop };
}
