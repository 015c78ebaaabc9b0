// Data-driven API tests: runs every tests/api/cases/*.api file against the REAL server.
// One fresh server (on a fresh demo database) per case file, one node:test test per case.
// The case format is described in tests/api/README.md.
//
//   KINSHIP_BIN=build/kinship node --test tests/api/
//   tests/scripts/with_postgres.sh env KINSHIP_TEST_BACKEND=postgres KINSHIP_BIN=build/kinship node --test tests/api/
//
// Environment:
//   KINSHIP_BIN           the server binary (default <repo>/build/kinship)
//   KINSHIP_TEST_BACKEND  sqlite (default) or postgres
//   KINSHIP_TEST_PG_URL   postgres only: libpq URI of a database on a throwaway server; each case
//                         file gets its own new database on that server (CREATE DATABASE kt_...)
//   KINSHIP_API_CASES     only run case files whose name contains this text

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCases } from './lib/cases.mjs';
import { startServer } from '../lib/server.mjs';
import { Runner } from './lib/runner.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..', '..');
const BIN = resolve(process.env.KINSHIP_BIN || join(REPO, 'build', 'kinship'));
const BACKEND = process.env.KINSHIP_TEST_BACKEND || 'sqlite';
const CASES_DIR = join(HERE, 'cases');
const only = process.env.KINSHIP_API_CASES || '';

const files = readdirSync(CASES_DIR)
  .filter((f) => f.endsWith('.api') && f.includes(only))
  .sort();

for (const file of files) {
  const path = join(CASES_DIR, file);
  const cases = parseCases(readFileSync(path, 'utf8'), file);

  describe(`${file} (${BACKEND})`, () => {
    let server;
    let runner;
    before(async () => {
      server = await startServer({ bin: BIN, backend: BACKEND, pgUrl: process.env.KINSHIP_TEST_PG_URL });
      runner = new Runner(server.url);
      await runner.loadDirectory();
    });
    after(async () => {
      await server?.stop();
    });

    for (const c of cases) {
      test(c.title, async () => {
        assert.ok(runner, 'the server did not start');
        try {
          await runner.runCase(c);
        } catch (e) {
          if (server && process.env.KINSHIP_API_SERVER_LOG) e.message += `\n--- server log ---\n${server.logText()}`;
          throw e;
        }
      });
    }
  });
}
