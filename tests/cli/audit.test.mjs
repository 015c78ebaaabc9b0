// `kinship audit verify`: intact on fresh demo data (exit 0); an altered entry or a removed
// newest entry is found and named (exit 4).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cleanup, kinship, sqlite, tempDir } from './harness.mjs';

after(cleanup);

async function demo() {
  const dir = await tempDir();
  const file = join(dir, 'demo.db');
  const r = await kinship(['demo', '--encounters', '2000', '--db', `sqlite:${file}`], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  return { dir, file, db: `sqlite:${file}` };
}

test('audit verify exits 0 on fresh demo data', async () => {
  const { dir, db } = await demo();
  const r = await kinship(['audit', 'verify', '--db', db], { cwd: dir });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /audit log intact: \d+ entries checked/);
});

test('audit verify exits 4 and names the entry after one audit_log row is altered', async () => {
  const { dir, file, db } = await demo();
  const [program, seq] = (await sqlite(file, 'SELECT program_id, MAX(seq) FROM audit_log GROUP BY program_id ORDER BY 2 DESC LIMIT 1'))
    .trim().split('|');
  assert.ok(Number(seq) >= 3, 'demo data has a few entries');
  await sqlite(file, `UPDATE audit_log SET action = 'delete' WHERE program_id = '${program}' AND seq = 2`);
  const r = await kinship(['audit', 'verify', '--db', db], { cwd: dir });
  assert.equal(r.code, 4, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`program ${program}, first broken link at entry 2: entry 2 was altered`));
});

test('audit verify exits 4 and names the entry after the newest row is deleted', async () => {
  const { dir, file, db } = await demo();
  const [program, seq] = (await sqlite(file, 'SELECT program_id, MAX(seq) FROM audit_log GROUP BY program_id ORDER BY 2 DESC LIMIT 1'))
    .trim().split('|');
  await sqlite(file, `DELETE FROM audit_log WHERE program_id = '${program}' AND seq = ${seq}`);
  const r = await kinship(['audit', 'verify', '--db', db], { cwd: dir });
  assert.equal(r.code, 4, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`program ${program}, first broken link at entry ${seq}: entries after ${seq - 1} were removed`));
});

test('audit verify with another installation\'s key exits 4', async () => {
  const { dir, db } = await demo();
  const other = await demo();
  const r = await kinship(['audit', 'verify', '--db', db, '--key-file', `${other.file}.key`], { cwd: dir });
  assert.equal(r.code, 4, r.stdout + r.stderr);
  assert.match(r.stdout, /entry 1 was altered/);
});
