// Opens N keep-alive connections to the server, sends one request on each so the server
// has really accepted and served it, then holds them idle. Writes "ready" to the file
// given as the third argument once every connection has its answer, keeps them open for
// HOLD_MS (default 3000), then closes them. The caller measures the server meanwhile.
//   node bench/idle_connections.mjs http://127.0.0.1:8080 500 /tmp/ready
import net from 'node:net';
import { writeFileSync } from 'node:fs';

const [base, countArg, readyFile] = process.argv.slice(2);
const url = new URL(base);
const count = Number(countArg);
const hold = Number(process.env.HOLD_MS || 3000);

const sockets = [];
await Promise.all(Array.from({ length: count }, () => new Promise((resolve, reject) => {
  const s = net.connect(Number(url.port), url.hostname, () => {
    s.write(`GET /healthz HTTP/1.1\r\nHost: ${url.host}\r\nConnection: keep-alive\r\n\r\n`);
  });
  let got = '';
  s.on('data', (d) => {
    got += d;
    if (got.includes('\r\n\r\nok\n')) resolve();
  });
  s.on('error', reject);
  sockets.push(s);
})));
writeFileSync(readyFile, 'ready\n');
await new Promise((r) => setTimeout(r, hold));
const alive = sockets.filter((s) => !s.destroyed).length;
for (const s of sockets) s.destroy();
console.log(`held ${alive} of ${count} idle connections for ${hold} ms`);
