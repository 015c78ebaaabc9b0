// Latency of read endpoints, request by request: for each path, a few warm-up requests,
// then N requests with C of them in flight at a time; every answer must be 200. Prints one
// line per path: RESULT path=... n=N first_ms=.. p50_ms=.. p90_ms=.. p99_ms=.. max_ms=.. bytes=..
// (first_ms: the very first request, before any warm-up: a cold cache).
//   KINSHIP_TOKEN=kst_... node bench/latency.mjs http://127.0.0.1:8080 200 1 /api/v1/dashboard?period=today ...
const [base, nArg, cArg, ...paths] = process.argv.slice(2);
const token = process.env.KINSHIP_TOKEN;
if (!base || !token || paths.length === 0) {
  console.error('usage: KINSHIP_TOKEN=... node bench/latency.mjs BASE_URL N CONCURRENCY PATH...');
  process.exit(2);
}
const n = Number(nArg);
const concurrency = Math.max(1, Number(cArg));

async function once(path) {
  const t0 = performance.now();
  const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const body = await res.arrayBuffer();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${Buffer.from(body).toString().slice(0, 300)}`);
  return { ms, bytes: body.byteLength };
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.round(p * (sorted.length - 1)))];
let failed = false;
for (const path of paths) {
  try {
    const first = await once(path);
    for (let i = 0; i < 3; ++i) await once(path);
    const times = [];
    let next = 0;
    let bytes = first.bytes;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < n) {
        ++next;
        const r = await once(path);
        times.push(r.ms);
        bytes = r.bytes;
      }
    }));
    times.sort((a, b) => a - b);
    const f = (x) => x.toFixed(1);
    console.log(`RESULT path=${path} n=${times.length} first_ms=${f(first.ms)} p50_ms=${f(pct(times, 0.5))} ` +
      `p90_ms=${f(pct(times, 0.9))} p99_ms=${f(pct(times, 0.99))} max_ms=${f(times[times.length - 1])} bytes=${bytes}`);
  } catch (e) {
    console.log(`RESULT path=${path} error=${JSON.stringify(e.message)}`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
