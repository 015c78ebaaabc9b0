// Prepares a served demo database for the encounter benchmark through the API, as a
// coordinator would: finds the program's sites and its injection kit, receives plenty of
// stock of the kit's items at every site (so no encounter of the run can run out), and
// registers participants with card codes. Prints shell assignments for bench/encounter.lua:
//   BENCH_SITES=... BENCH_KIT=... BENCH_ITEMS=id:qty,... BENCH_PARTICIPANTS=...
//   KINSHIP_TOKEN=kst_... node bench/bench_setup.mjs http://127.0.0.1:8080 [units_per_item] [participants]
const [base, unitsArg = '3000000', peopleArg = '200'] = process.argv.slice(2);
const token = process.env.KINSHIP_TOKEN;
if (!base || !token) {
  console.error('usage: KINSHIP_TOKEN=... node bench/bench_setup.mjs BASE_URL [units_per_item] [participants]');
  process.exit(2);
}

async function call(method, path, body) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

const sites = (await call('GET', '/api/v1/sites')).items.filter((s) => !s.archived);
const kit = (await call('GET', '/api/v1/kits')).items.find((k) => k.name === 'Injection kit');
if (!kit) throw new Error('the program has no "Injection kit"');

// Receives in chunks: a single receive may be capped.
const units = Number(unitsArg);
const chunk = 100000;
let lot = 0;
for (const site of sites) {
  for (const line of kit.items) {
    for (let got = 0; got < units; got += chunk) {
      await call('POST', '/api/v1/stock/receive', {
        site_id: site.id, item_id: line.item_id, lot_number: `BENCH-${Date.now()}-${++lot}`,
        expires_on: '2099-12-31', quantity: Math.min(chunk, units - got),
      });
    }
  }
}

const participants = [];
for (let i = 0; i < Number(peopleArg); ++i) {
  participants.push((await call('POST', '/api/v1/participants', { new_card: true })).id);
}

console.log(`BENCH_SITES=${sites.map((s) => s.id).join(',')}`);
console.log(`BENCH_KIT=${kit.id}`);
console.log(`BENCH_ITEMS=${kit.items.map((l) => `${l.item_id}:${l.quantity}`).join(',')}`);
console.log(`BENCH_PARTICIPANTS=${participants.join(',')}`);
