/* The raw SQLite ceiling for the server's "log an encounter" write: exactly the rows one
 * POST /api/v1/encounters writes for an injection kit (five items), written straight through
 * SQLite with the server's statements and durability settings (WAL, synchronous=FULL,
 * foreign keys on), one transaction per encounter:
 *
 *   the encounter row, 5 encounter_items, per item one stock UPDATE, one stock_totals
 *   UPDATE and one `dispense` movement, the daily_site_stats upsert, 5 daily_item_stats
 *   upserts, for every other encounter (with a participant) 3 participant_periods upserts
 *   and the participant's counters, and the audit entry (head update + audit_log row).
 *
 * It skips what the server reads (token, settings, site, kit, items, the FEFO lot query,
 * the encounter read back for the answer): this is the floor of the write itself.
 *
 *   kinship demo --size tiny --db sqlite:/tmp/x/raw.db     # the real schema and catalog
 *   cc -O2 -o raw_encounter_insert bench/raw_encounter_insert.c -lsqlite3
 *   ./raw_encounter_insert /tmp/x/raw.db 10
 *
 * Prints one line: RESULT encounters=N seconds=S rate=R p50_ms=A p99_ms=B max_ms=C (latency
 * per transaction, BEGIN IMMEDIATE .. COMMIT). Exits 1 on any SQLite error. */
#define _POSIX_C_SOURCE 200809L
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define ITEMS 5
#define PARTICIPANTS 100

static double NowSeconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static sqlite3 *db;

static void Die(const char *what) {
  fprintf(stderr, "raw_encounter_insert: unable to %s: %s\n", what, sqlite3_errmsg(db));
  exit(1);
}

static void Exec(const char *sql) {
  char *err = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
    fprintf(stderr, "raw_encounter_insert: unable to run %.60s: %s\n", sql, err ? err : "?");
    exit(1);
  }
}

static sqlite3_stmt *Prepare(const char *sql) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) Die(sql);
  return st;
}

/* Binds $1, $2, ... (by name, as the server does: SQLite numbers named parameters in the
 * order they first appear) from the arguments; format "tti" = text, text, int64; a NULL
 * text pointer binds SQL NULL. */
static void Bind(sqlite3_stmt *st, const char *format, ...) {
  va_list ap;
  va_start(ap, format);
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  for (int i = 0; format[i]; ++i) {
    char name[16];
    snprintf(name, sizeof name, "$%d", i + 1);
    const int slot = sqlite3_bind_parameter_index(st, name);
    if (format[i] == 't') {
      const char *s = va_arg(ap, const char *);
      if (s && slot > 0) sqlite3_bind_text(st, slot, s, -1, SQLITE_TRANSIENT);
    } else {
      const long long v = va_arg(ap, long long);
      if (slot > 0) sqlite3_bind_int64(st, slot, v);
    }
  }
  va_end(ap);
}

static void Step(sqlite3_stmt *st, const char *what) {
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
  }
  if (rc != SQLITE_DONE) Die(what);
}

static long long StepInt(sqlite3_stmt *st, const char *what) {
  if (sqlite3_step(st) != SQLITE_ROW) Die(what);
  const long long v = sqlite3_column_int64(st, 0);
  Step(st, what);
  return v;
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

static void RandomHex(char *out, int n) {
  static const char kHex[] = "0123456789abcdef";
  for (int i = 0; i < n; ++i) out[i] = kHex[rand() & 0xF];
  out[n] = '\0';
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

static char program_id[40], site_id[40], kit_id[40], item_ids[ITEMS][40], lot_ids[ITEMS][40];
static long long quantities[ITEMS];
static char participant_ids[PARTICIPANTS][40];

static void CopyColumn(sqlite3_stmt *st, int col, char *out) {
  snprintf(out, 40, "%s", (const char *)sqlite3_column_text(st, col));
}

/* The eastside program's first fixed site, its injection kit, and stock to spare. */
static void SetUp(void) {
  char now[64], id[37];
  NowIso(now);
  sqlite3_stmt *st = Prepare(
      "SELECT p.id, s.id FROM programs p JOIN sites s ON s.program_id = p.id "
      "WHERE p.slug = 'eastside' AND s.kind = 'fixed' ORDER BY s.name LIMIT 1");
  if (sqlite3_step(st) != SQLITE_ROW) Die("find the eastside program (run kinship demo --size tiny first)");
  CopyColumn(st, 0, program_id);
  CopyColumn(st, 1, site_id);
  sqlite3_finalize(st);
  st = Prepare("SELECT k.id, ki.item_id, ki.quantity FROM kits k JOIN kit_items ki ON ki.program_id = k.program_id "
               "AND ki.kit_id = k.id WHERE k.program_id = $1 AND k.name = 'Injection kit' ORDER BY ki.item_id");
  Bind(st, "t", program_id);
  int n = 0;
  while (n < ITEMS && sqlite3_step(st) == SQLITE_ROW) {
    CopyColumn(st, 0, kit_id);
    CopyColumn(st, 1, item_ids[n]);
    quantities[n] = sqlite3_column_int64(st, 2);
    ++n;
  }
  sqlite3_finalize(st);
  if (n != ITEMS) Die("find the five items of the injection kit");
  Exec("BEGIN IMMEDIATE");
  for (int i = 0; i < ITEMS; ++i) {
    NewId(lot_ids[i]);
    char sql[8192];
    snprintf(sql, sizeof sql,
             "INSERT INTO lots (program_id, id, item_id, lot_number, expires_on, created_at) "
             "VALUES ('%s', '%s', '%s', 'RAW-%d', '2099-12-31', '%s');"
             "INSERT INTO stock (program_id, site_id, lot_id, item_id, expires_on, quantity) "
             "VALUES ('%s', '%s', '%s', '%s', '2099-12-31', 1000000000000);"
             "INSERT INTO stock_totals (program_id, site_id, item_id, quantity, updated_at) "
             "VALUES ('%s', '%s', '%s', 1000000000000, '%s');",
             program_id, lot_ids[i], item_ids[i], i, now, program_id, site_id, lot_ids[i], item_ids[i], program_id,
             site_id, item_ids[i], now);
    Exec(sql);
  }
  for (int i = 0; i < PARTICIPANTS; ++i) {
    NewId(id);
    snprintf(participant_ids[i], 40, "%s", id);
    char sql[8192];
    snprintf(sql, sizeof sql,
             "INSERT INTO participants (program_id, id, display_code, code_kind, encounter_count, created_at, "
             "updated_at) VALUES ('%s', '%s', 'C-RAW-%04d', 'card', 0, '%s', '%s')",
             program_id, participant_ids[i], i, now, now);
    Exec(sql);
  }
  Exec("COMMIT");
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s DEMO_DB_FILE SECONDS\n", argv[0]);
    return 2;
  }
  const double seconds = atof(argv[2]);
  if (seconds <= 0) return 2;
  srand((unsigned)time(NULL) ^ (unsigned)getpid());
  /* The server's writer connection (src/store/sqlite_database.cpp, Connect(..., writer=true)). */
  if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
    Die("open the database");
  }
  sqlite3_busy_timeout(db, 5000);
  sqlite3_extended_result_codes(db, 1);
  Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
  SetUp();

  /* The statements of src/encounters/encounter_store.cpp, src/supplies/ledger.cpp and
   * src/audit/audit_log.cpp, verbatim. */
  sqlite3_stmt *encounter = Prepare(
      "INSERT INTO encounters (program_id, id, occurred_at, day, site_id, mode, area, worker_id, "
      "participant_id, kit_id, returned_syringes, returned_containers, services, for_others_people, "
      "voided, void_reason, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)");
  sqlite3_stmt *line = Prepare(
      "INSERT INTO encounter_items (program_id, encounter_id, item_id, quantity, for_others) "
      "VALUES ($1, $2, $3, $4, $5)");
  sqlite3_stmt *stock = Prepare(
      "UPDATE stock SET quantity = quantity - $4 "
      "WHERE program_id = $1 AND site_id = $2 AND lot_id = $3 AND quantity >= $4 RETURNING quantity");
  sqlite3_stmt *total = Prepare(
      "UPDATE stock_totals SET quantity = quantity + $4, updated_at = $5 "
      "WHERE program_id = $1 AND site_id = $2 AND item_id = $3 RETURNING quantity");
  sqlite3_stmt *movement = Prepare(
      "INSERT INTO movements (program_id, id, site_id, item_id, lot_id, kind, quantity, balance_after, "
      "lot_balance_after, occurred_at, reason, encounter_id, transfer_id, user_id, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)");
  sqlite3_stmt *site_stats = Prepare(
      "INSERT INTO daily_site_stats (program_id, day, site_id, encounters, with_code, returned_syringes, "
      "returned_containers, for_others_people, referrals) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
      "ON CONFLICT (program_id, day, site_id) DO UPDATE SET "
      "encounters = daily_site_stats.encounters + excluded.encounters, "
      "with_code = daily_site_stats.with_code + excluded.with_code, "
      "returned_syringes = daily_site_stats.returned_syringes + excluded.returned_syringes, "
      "returned_containers = daily_site_stats.returned_containers + excluded.returned_containers, "
      "for_others_people = daily_site_stats.for_others_people + excluded.for_others_people, "
      "referrals = daily_site_stats.referrals + excluded.referrals");
  sqlite3_stmt *item_stats = Prepare(
      "INSERT INTO daily_item_stats (program_id, day, site_id, item_id, quantity, for_others) "
      "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (program_id, day, site_id, item_id) DO UPDATE SET "
      "quantity = daily_item_stats.quantity + excluded.quantity, "
      "for_others = daily_item_stats.for_others + excluded.for_others");
  sqlite3_stmt *period = Prepare(
      "INSERT INTO participant_periods (program_id, period, participant_id, encounters) "
      "VALUES ($1, $2, $3, $4) ON CONFLICT (program_id, period, participant_id) DO UPDATE SET "
      "encounters = participant_periods.encounters + excluded.encounters");
  sqlite3_stmt *counters = Prepare(
      "UPDATE participants SET encounter_count = encounter_count + 1, "
      "first_seen_at = CASE WHEN first_seen_at IS NULL OR first_seen_at > $3 THEN $3 ELSE first_seen_at END, "
      "last_seen_at = CASE WHEN last_seen_at IS NULL OR last_seen_at < $3 THEN $3 ELSE last_seen_at END, "
      "updated_at = $4 WHERE program_id = $1 AND id = $2");
  sqlite3_stmt *head = Prepare("UPDATE audit_heads SET seq = seq + 1 WHERE program_id = $1 RETURNING seq, hash");
  sqlite3_stmt *head_hash = Prepare("UPDATE audit_heads SET hash = $2 WHERE program_id = $1");
  sqlite3_stmt *audit = Prepare(
      "INSERT INTO audit_log (program_id, seq, at, user_id, entity, entity_id, action, digest, "
      "prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)");

  size_t cap = 1 << 16, n_tx = 0;
  double *lat = malloc(cap * sizeof *lat);
  if (!lat) return 1;
  const double start = NowSeconds();
  const double deadline = start + seconds;
  double t = start;
  long long count = 0;
  char worker[40];
  NewId(worker);
  while (t < deadline) {
    const double t0 = t;
    char id[37], now[64], day[11], movement_id[37], digest[65], hash[65];
    NewId(id);
    NowIso(now);
    memcpy(day, now, 10);
    day[10] = '\0';
    const int coded = count % 2 == 1;
    const char *participant = coded ? participant_ids[count / 2 % PARTICIPANTS] : NULL;
    const long long returned = count % 3 == 0 ? 7 : 0;
    Exec("BEGIN IMMEDIATE");
    Bind(encounter, "ttttttttttiitiittt", program_id, id, now, day, site_id, "fixed", "Downtown", worker, participant,
         kit_id, returned, 0LL, "", 0LL, 0LL, NULL, now, now);
    Step(encounter, "insert the encounter");
    for (int i = 0; i < ITEMS; ++i) {
      Bind(line, "tttii", program_id, id, item_ids[i], quantities[i], 0LL);
      Step(line, "insert an encounter line");
    }
    for (int i = 0; i < ITEMS; ++i) {
      Bind(stock, "ttti", program_id, site_id, lot_ids[i], quantities[i]);
      const long long lot_balance = StepInt(stock, "take stock");
      Bind(total, "tttit", program_id, site_id, item_ids[i], -quantities[i], now);
      const long long balance = StepInt(total, "update the stock total");
      NewId(movement_id);
      Bind(movement, "ttttttiiitttttt", program_id, movement_id, site_id, item_ids[i], lot_ids[i], "dispense",
           -quantities[i], balance, lot_balance, now, NULL, id, NULL, worker, now);
      Step(movement, "insert a movement");
    }
    Bind(site_stats, "tttiiiiii", program_id, day, site_id, 1LL, coded ? 1LL : 0LL, returned, 0LL, 0LL, 0LL);
    Step(site_stats, "upsert daily_site_stats");
    for (int i = 0; i < ITEMS; ++i) {
      Bind(item_stats, "ttttii", program_id, day, site_id, item_ids[i], quantities[i], 0LL);
      Step(item_stats, "upsert daily_item_stats");
    }
    if (coded) {
      char keys[3][16];
      snprintf(keys[0], 16, "d:%s", day);
      const time_t secs = time(NULL);
      struct tm tm;
      gmtime_r(&secs, &tm);
      strftime(keys[1], 16, "w:%G-W%V", &tm); /* ISO week, as encounters/calendar.cpp */
      snprintf(keys[2], 16, "m:%.7s", day);
      for (int k = 0; k < 3; ++k) {
        Bind(period, "ttti", program_id, keys[k], participant, 1LL);
        Step(period, "upsert participant_periods");
      }
      Bind(counters, "tttt", program_id, participant, now, now);
      Step(counters, "update the participant");
    }
    Bind(head, "t", program_id);
    const long long seq = StepInt(head, "advance the audit head");
    RandomHex(digest, 64);
    RandomHex(hash, 64);
    Bind(head_hash, "tt", program_id, hash);
    Step(head_hash, "set the audit head");
    Bind(audit, "titttttttt", program_id, seq, now, worker, "encounter", id, "create", digest, digest, hash);
    Step(audit, "insert the audit entry");
    Exec("COMMIT");
    ++count;
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
  sqlite3_stmt *all[] = {encounter, line, stock, total, movement, site_stats, item_stats, period, counters, head,
                         head_hash, audit};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; ++i) sqlite3_finalize(all[i]);
  if (sqlite3_close(db) != SQLITE_OK) Die("close the database");
  qsort(lat, n_tx, sizeof *lat, CompareDouble);
  printf("RESULT encounters=%lld seconds=%.3f rate=%.1f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f\n", count, elapsed,
         (double)count / elapsed, 1000.0 * Percentile(lat, n_tx, 0.50), 1000.0 * Percentile(lat, n_tx, 0.99),
         1000.0 * lat[n_tx - 1]);
  free(lat);
  return 0;
}
