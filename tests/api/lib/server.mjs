// Starts the REAL kinship binary on a fresh demo database and stops it again.
//
//   const server = await startServer({ bin, backend: 'sqlite' });   // or 'postgres' + pgUrl
//   ... fetch(server.url + '/healthz') ...
//   await server.stop();   // SIGTERM, waits, removes the temp dir (and the PostgreSQL database)
//
// sqlite: the database is `sqlite:<tmp>/k.db` (the key file defaults to k.db.key beside it).
// postgres: pgUrl is a libpq URI of a throwaway server; a new database kt_<pid>_<n> is created
// for each server with psql, and `--key-file <tmp>/k.key` is passed to demo and serve.

import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Every server still running when this process ends is killed, even after a crash.
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

export async function startServer({ bin, backend = 'sqlite', pgUrl }) {
  await stat(bin).catch(() => {
    throw new Error(`kinship binary not found at ${bin} (build it, or set KINSHIP_BIN)`);
  });
  const dir = await mkdtemp(join(tmpdir(), 'kinship-api-'));
  const portFile = join(dir, 'port');
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

  try {
    await execFileAsync(bin, ['demo', '--db', db, ...keyArgs], { cwd: dir, timeout: 120_000, maxBuffer: 16 << 20 });
  } catch (e) {
    await dropDatabase();
    await rm(dir, { recursive: true, force: true });
    throw new Error(`kinship demo failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }

  let log = '';
  const child = spawn(bin, ['serve', '--db', db, ...keyArgs, '--listen', '127.0.0.1:0', '--port-file', portFile], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  let exited = null;
  const exitPromise = new Promise((r) =>
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      running.delete(child);
      r();
    }),
  );

  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      await Promise.race([exitPromise, sleep(10_000)]);
      if (!exited) {
        child.kill('SIGKILL');
        await exitPromise;
      }
    }
    await dropDatabase();
    await rm(dir, { recursive: true, force: true });
    return exited;
  };

  try {
    const deadline = Date.now() + 60_000;
    let port = '';
    while (!port) {
      if (exited) throw new Error(`kinship serve exited early (${JSON.stringify(exited)})`);
      if (Date.now() > deadline) throw new Error('kinship serve did not write its port file in 60 s');
      port = (await readFile(portFile, 'utf8').catch(() => '')).trim();
      if (!port) await sleep(50);
    }
    const url = `http://127.0.0.1:${port}`;
    for (;;) {
      if (exited) throw new Error(`kinship serve exited early (${JSON.stringify(exited)})`);
      if (Date.now() > deadline) throw new Error(`${url}/healthz did not answer 200 in 60 s`);
      const ok = await fetch(`${url}/healthz`)
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) break;
      await sleep(50);
    }
    return { url, port: Number(port), dir, stop, logText: () => log };
  } catch (e) {
    await stop();
    throw new Error(`${e.message}\n--- server output ---\n${log}`);
  }
}
