// Shared helpers for the command-line tests: run the REAL kinship binary in a temp dir,
// start `kinship serve` on a free port, talk to its API, and make fresh PostgreSQL
// databases on the throwaway server that tests/scripts/with_postgres.sh started.
//
// Environment:
//   KINSHIP_BIN          the binary (default <repo>/build/kinship)
//   KINSHIP_TEST_PG_URL  a libpq URI for an empty database (set by with_postgres.sh)
//
//   const dir = await tempDir();
//   const r = await kinship(['init', '--db', `sqlite:${dir}/k.db`], { cwd: dir });
//   assert.equal(r.code, 0, r.stderr);

import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { serveDatabase, track } from '../lib/server.mjs';

const execFileAsync = promisify(execFile);

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const KINSHIP_BIN = process.env.KINSHIP_BIN || join(REPO, 'build', 'kinship');
export const DEMO_PASSWORD = 'kinship-demo';

export { sleep } from '../lib/server.mjs';


const dirs = [];
/** A fresh temp dir, removed by cleanup(). */
export async function tempDir() {
  const dir = await mkdtemp(join(tmpdir(), 'kinship-cli-'));
  dirs.push(dir);
  return dir;
}
export async function cleanup() {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
}

/**
 * Runs kinship with args; resolves with { code, stdout, stderr } (never rejects on a non-zero
 * exit). Options: cwd, env (added to a clean KINSHIP_-free environment), input (stdin text).
 */
export function kinship(args, { cwd, env = {}, input, timeout = 120_000 } = {}) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('KINSHIP_')));
  return new Promise((resolvePromise, reject) => {
    const child = spawn(KINSHIP_BIN, args, { cwd, env: { ...base, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    track(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? `signal ${signal}`, stdout, stderr });
    });
    child.stdin.on('error', () => {}); // the command may exit before reading
    child.stdin.end(input ?? '');
  });
}

/** Runs the sqlite3 CLI on a database file; resolves with its stdout. */
export async function sqlite(file, sql) {
  const { stdout } = await execFileAsync('sqlite3', [file, sql]);
  return stdout;
}

/** Runs psql on a libpq URI; resolves with its stdout (unaligned, tuples only). */
export async function psql(url, sql) {
  const { stdout } = await execFileAsync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', url, '-c', sql]);
  return stdout;
}

/** A new, empty PostgreSQL database on the test server; resolves with its URI. */
export async function freshPgDatabase() {
  const base = process.env.KINSHIP_TEST_PG_URL;
  if (!base) throw new Error('KINSHIP_TEST_PG_URL is not set: run under tests/scripts/with_postgres.sh');
  const name = `kinship_cli_${randomBytes(6).toString('hex')}`;
  await psql(base, `CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Starts `kinship serve` with the given extra args (e.g. ['--db', url, '--key-file', f]) and
 * waits until it answers; resolves with { url, child, stop(), log() }. listen: the --listen
 * value (null: no flag, so the environment or config file decides).
 */
export async function serve(dir, args, { env = {}, listen = '127.0.0.1:0' } = {}) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('KINSHIP_')));
  const s = await serveDatabase({ bin: KINSHIP_BIN, dir, args, listen, env: { ...base, ...env }, timeoutMs: 30_000 });
  return { url: s.url, child: s.child, stop: s.stop, log: s.logText };
}

/** Logs in; resolves with a client { get(path), post(path, body) } that keeps the cookie and CSRF token. */
export async function login(baseUrl, username, password) {
  const res = await fetch(`${baseUrl}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${JSON.stringify(body)}`);
  const cookie = res.headers.get('set-cookie').split(';')[0];
  const csrf = body.csrf_token;
  const call = async (method, path, payload) => {
    const headers = { cookie };
    if (method !== 'GET') {
      headers['x-csrf-token'] = csrf;
      headers['content-type'] = 'application/json';
    }
    const r = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  };
  return { session: body, get: (p) => call('GET', p), post: (p, b) => call('POST', p, b) };
}
