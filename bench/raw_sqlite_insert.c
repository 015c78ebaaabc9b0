/* The raw SQLite ceiling for the server's "create site" write: the same row inserted
 * directly through SQLite, with the server's durability settings (WAL, synchronous=FULL,
 * foreign keys on) and, by default, one transaction per insert. The HTTP server's write
 * throughput is compared against this number (bench/run.sh).
 *
 *   cc -O2 -o raw_sqlite_insert bench/raw_sqlite_insert.c -lsqlite3
 *   ./raw_sqlite_insert /tmp/x/raw.db 10 [rows_per_tx]
 *
 * Prints one line: RESULT inserts=N seconds=S rate=R tx=T p50_ms=A p99_ms=B max_ms=C,
 * where the latencies are per transaction (BEGIN IMMEDIATE .. COMMIT). Exits 1 on any
 * SQLite error. The database file must not exist yet. */
#define _POSIX_C_SOURCE 200809L
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Copied from migration 1 (src/store/migrations.cpp): `programs` references `networks`,
 * so that table comes too; the insert below leaves network_id NULL, as the demo does. */
static const char *kSchema =
    "CREATE TABLE networks (\n"
    "  id TEXT PRIMARY KEY,\n"
    "  name TEXT NOT NULL,\n"
    "  created_at TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE programs (\n"
    "  id TEXT PRIMARY KEY,\n"
    "  network_id TEXT REFERENCES networks(id),\n"
    "  name TEXT NOT NULL,\n"
    "  slug TEXT NOT NULL UNIQUE,\n"
    "  created_at TEXT NOT NULL,\n"
    "  updated_at TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX programs_network ON programs(network_id);\n"
    "CREATE TABLE sites (\n"
    "  program_id TEXT NOT NULL REFERENCES programs(id),\n"
    "  id TEXT NOT NULL,\n"
    "  name TEXT NOT NULL,\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('fixed', 'outreach', 'mobile', 'mail_hub')),\n"
    "  area TEXT,\n"
    "  archived INTEGER NOT NULL DEFAULT 0,\n"
    "  created_at TEXT NOT NULL,\n"
    "  updated_at TEXT NOT NULL,\n"
    "  PRIMARY KEY (program_id, id)\n"
    ");\n"
    "CREATE UNIQUE INDEX sites_name ON sites(program_id, name);\n";

static const char *kProgramId = "0190b6a2-5c3e-7a11-8f00-000000000001";

static double NowSeconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void Die(sqlite3 *db, const char *what) {
  fprintf(stderr, "raw_sqlite_insert: unable to %s: %s\n", what, db ? sqlite3_errmsg(db) : "?");
  exit(1);
}

static void Exec(sqlite3 *db, const char *sql) {
  char *err = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
    fprintf(stderr, "raw_sqlite_insert: unable to run %.60s: %s\n", sql, err ? err : "?");
    exit(1);
  }
}

/* A UUIDv7-shaped id (48-bit millisecond time, then random hex), like core/ids.cpp. */
static void NewId(char out[37]) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  const unsigned long long ms = (unsigned long long)ts.tv_sec * 1000ULL + (unsigned long long)(ts.tv_nsec / 1000000);
  unsigned char b[16];
  for (int i = 0; i < 16; ++i) b[i] = (unsigned char)(rand() & 0xFF);
  for (int i = 0; i < 6; ++i) b[i] = (unsigned char)(ms >> (8 * (5 - i)));
  b[6] = (unsigned char)(0x70 | (b[6] & 0x0F));
  b[8] = (unsigned char)(0x80 | (b[8] & 0x3F));
  static const char kHex[] = "0123456789abcdef";
  int o = 0;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out[o++] = '-';
    out[o++] = kHex[b[i] >> 4];
    out[o++] = kHex[b[i] & 0x0F];
  }
  out[o] = '\0';
}

static void NowIso(char out[64]) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  struct tm tm;
  gmtime_r(&ts.tv_sec, &tm);
  snprintf(out, 64, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
           tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ts.tv_nsec / 1000000));
}

static int CompareDouble(const void *a, const void *b) {
  const double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double Percentile(const double *sorted, size_t n, double p) {
  if (n == 0) return 0.0;
  size_t i = (size_t)(p * (double)(n - 1) + 0.5);
  if (i >= n) i = n - 1;
  return sorted[i];
}

int main(int argc, char **argv) {
  if (argc < 3 || argc > 4) {
    fprintf(stderr, "usage: %s NEW_DB_FILE SECONDS [ROWS_PER_TX]\n", argv[0]);
    return 2;
  }
  const char *path = argv[1];
  const double seconds = atof(argv[2]);
  const long rows_per_tx = argc == 4 ? atol(argv[3]) : 1;
  if (seconds <= 0 || rows_per_tx < 1) {
    fprintf(stderr, "raw_sqlite_insert: SECONDS must be > 0 and ROWS_PER_TX >= 1\n");
    return 2;
  }
  if (access(path, F_OK) == 0) {
    fprintf(stderr, "raw_sqlite_insert: %s exists; give a new file so the run starts empty\n", path);
    return 2;
  }
  srand((unsigned)time(NULL) ^ (unsigned)getpid());

  /* The server's writer connection: same flags, busy timeout and pragmas
   * (src/store/sqlite_database.cpp, Connect(..., writer=true)). */
  sqlite3 *db = NULL;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) !=
      SQLITE_OK) {
    Die(db, "open the database");
  }
  sqlite3_busy_timeout(db, 5000);
  sqlite3_extended_result_codes(db, 1);
  Exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
  Exec(db, kSchema);
  char now[64];
  NowIso(now);
  {
    char sql[512];
    snprintf(sql, sizeof sql,
             "INSERT INTO programs (id, network_id, name, slug, created_at, updated_at) "
             "VALUES ('%s', NULL, 'Raw bench', 'raw-bench', '%s', '%s')",
             kProgramId, now, now);
    Exec(db, sql);
  }

  /* The server's statement text and column order (src/sites/site_store.cpp), prepared once
   * as the server's statement cache does. */
  sqlite3_stmt *insert = NULL;
  const char *kInsert =
      "INSERT INTO sites (program_id, id, name, kind, area, archived, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
  if (sqlite3_prepare_v3(db, kInsert, -1, SQLITE_PREPARE_PERSISTENT, &insert, NULL) != SQLITE_OK) {
    Die(db, "prepare the insert");
  }

  size_t cap = 1 << 16, n_tx = 0;
  double *lat = malloc(cap * sizeof *lat);
  if (!lat) return 1;
  long inserts = 0;
  const double start = NowSeconds();
  const double deadline = start + seconds;
  double t = start;
  while (t < deadline) {
    const double t0 = t;
    Exec(db, "BEGIN IMMEDIATE");
    for (long r = 0; r < rows_per_tx; ++r) {
      char id[37], name[64];
      NewId(id);
      NowIso(now);
      snprintf(name, sizeof name, "raw-%ld-%08x", inserts, (unsigned)rand());
      sqlite3_reset(insert);
      sqlite3_clear_bindings(insert);
      sqlite3_bind_text(insert, 1, kProgramId, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(insert, 2, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(insert, 3, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(insert, 4, "fixed", -1, SQLITE_TRANSIENT);
      sqlite3_bind_null(insert, 5);
      sqlite3_bind_int64(insert, 6, 0);
      sqlite3_bind_text(insert, 7, now, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(insert, 8, now, -1, SQLITE_TRANSIENT);
      if (sqlite3_step(insert) != SQLITE_DONE) Die(db, "insert a site");
      ++inserts;
    }
    Exec(db, "COMMIT");
    t = NowSeconds();
    if (n_tx == cap) {
      cap *= 2;
      double *grown = realloc(lat, cap * sizeof *lat);
      if (!grown) return 1;
      lat = grown;
    }
    lat[n_tx++] = t - t0;
  }
  const double elapsed = t - start;
  sqlite3_finalize(insert);
  if (sqlite3_close(db) != SQLITE_OK) Die(db, "close the database");

  qsort(lat, n_tx, sizeof *lat, CompareDouble);
  printf("RESULT inserts=%ld seconds=%.3f rate=%.1f tx=%zu rows_per_tx=%ld p50_ms=%.3f p99_ms=%.3f max_ms=%.3f\n",
         inserts, elapsed, (double)inserts / elapsed, n_tx, rows_per_tx, 1000.0 * Percentile(lat, n_tx, 0.50),
         1000.0 * Percentile(lat, n_tx, 0.99), 1000.0 * lat[n_tx - 1]);
  free(lat);
  return 0;
}
