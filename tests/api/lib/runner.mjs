// Executes parsed cases (lib/cases.mjs) against one running server: logs in per role once,
// substitutes variables, sends each request (fetch, or a raw socket for byte-exact targets),
// checks every expectation plus the rules every response must follow, and keeps captures.

import assert from 'node:assert/strict';
import net from 'node:net';

export const DEMO_PASSWORD = 'kinship-demo';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
const VAR = /\$([A-Za-z_][\w.-]*)/g;

// `\xNN` escapes become raw bytes; everything else is UTF-8.
export function toBytes(text) {
  const parts = [];
  let last = 0;
  for (const m of text.matchAll(/\\x([0-9a-fA-F]{2})/g)) {
    parts.push(Buffer.from(text.slice(last, m.index), 'utf8'), Buffer.from([parseInt(m[1], 16)]));
    last = m.index + m[0].length;
  }
  parts.push(Buffer.from(text.slice(last), 'utf8'));
  return Buffer.concat(parts);
}

function deepEqual(a, b) {
  try {
    assert.deepStrictEqual(a, b);
    return true;
  } catch {
    return false;
  }
}

// Does `actual` match the expected JSON subset? Returns null or a description of the mismatch.
export function subsetMismatch(expected, actual, where = '') {
  if (typeof expected === 'string' && /^<[a-z-]+>$/.test(expected)) {
    const ok = {
      '<any>': actual !== undefined,
      '<string>': typeof actual === 'string',
      '<number>': typeof actual === 'number',
      '<id>': typeof actual === 'string' && ID.test(actual),
      '<time>': typeof actual === 'string' && TIME.test(actual),
      '<absent>': actual === undefined,
    }[expected];
    if (ok === undefined) return `${where || '.'}: unknown marker ${expected}`;
    return ok ? null : `${where || '.'}: expected ${expected}, got ${JSON.stringify(actual)}`;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${where || '.'}: expected an array, got ${JSON.stringify(actual)}`;
    if (actual.length !== expected.length) {
      return `${where || '.'}: expected ${expected.length} items, got ${actual.length}: ${JSON.stringify(actual).slice(0, 400)}`;
    }
    for (let i = 0; i < expected.length; i++) {
      const m = subsetMismatch(expected[i], actual[i], `${where}[${i}]`);
      if (m) return m;
    }
    return null;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      return `${where || '.'}: expected an object, got ${JSON.stringify(actual)}`;
    }
    for (const [k, v] of Object.entries(expected)) {
      const m = subsetMismatch(v, actual[k], `${where}.${k}`);
      if (m) return m;
    }
    return null;
  }
  return deepEqual(expected, actual) ? null : `${where || '.'}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

// Evaluates `.a.b[0].c`, `.paths["/x"]` or `.items[].id` (`[]` maps over an array).
export function evalPath(doc, path) {
  if (path === '.') return doc;
  let values = [doc];
  let multi = false;
  const re = /\.([A-Za-z_][\w-]*)|\[(\d*)\]|\["([^"]*)"\]/gy;
  let pos = 0;
  let m;
  while (pos < path.length) {
    re.lastIndex = pos;
    if (!(m = re.exec(path))) throw new Error(`malformed path ${path}`);
    pos = re.lastIndex;
    const key = m[1] ?? m[3];
    if (key !== undefined) values = values.map((v) => (v !== null && typeof v === 'object' ? v[key] : undefined));
    else if (m[2] !== '') values = values.map((v) => (Array.isArray(v) ? v[Number(m[2])] : undefined));
    else {
      multi = true;
      values = values.flatMap((v) => (Array.isArray(v) ? v : []));
    }
  }
  return multi ? values : values[0];
}

function parseSetCookie(list, name) {
  for (const c of list) {
    const m = new RegExp(`^${name}=([^;]*)`).exec(c);
    if (m) return m[1];
  }
  return null;
}

export class Runner {
  constructor(baseUrl) {
    this.base = baseUrl;
    const u = new URL(baseUrl);
    this.host = u.hostname;
    this.port = Number(u.port);
    this.vars = new Map();
    this.sessions = new Map(); // label → { cookie, csrf }
  }

  // ---- variables --------------------------------------------------------------------------

  lookup(name, where) {
    // Longest defined prefix wins, so "$site." or "$site-" at the end of a word still works.
    let n = name;
    for (;;) {
      if (this.vars.has(n)) return { value: this.vars.get(n), rest: name.slice(n.length) };
      const cut = Math.max(n.lastIndexOf('.'), n.lastIndexOf('-'));
      if (cut <= 0) break;
      n = n.slice(0, cut);
    }
    throw new Error(`${where}: undefined variable $${name} (defined: ${[...this.vars.keys()].join(', ')})`);
  }

  // Plain text substitution: $name → its value (strings as is, other values as JSON).
  subst(text, where) {
    return this.generators(text, where).replace(/\$\$|\$([A-Za-z_][\w.-]*)/g, (all, name) => {
      if (all === '$$') return '$';
      const { value, rest } = this.lookup(name, where);
      return (typeof value === 'string' ? value : JSON.stringify(value)) + rest;
    });
  }

  // JSON-aware substitution: "$name" (a whole string) → the value as JSON.
  substJson(text, where) {
    const whole = text.replace(/"\$([A-Za-z_][\w.-]*)"/g, (all, name) => {
      const { value, rest } = this.lookup(name, where);
      return rest ? all : JSON.stringify(value);
    });
    return this.subst(whole, where);
  }

  generators(text, where) {
    return text.replace(/\$\(repeat (\S+) (\d+)\)/g, (all, what, n) => {
      if (Number(n) > 50_000_000) throw new Error(`${where}: repeat count too large`);
      return what.repeat(Number(n));
    });
  }

  // ---- sessions ---------------------------------------------------------------------------

  async login(label, password) {
    if (this.sessions.has(label)) return this.sessions.get(label);
    const username = label.split('@')[0];
    const res = await fetch(`${this.base}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: password ?? DEMO_PASSWORD }),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`log in as ${username}: ${res.status} ${text}`);
    const cookie = parseSetCookie(res.headers.getSetCookie(), 'kinship_session');
    const body = JSON.parse(text);
    const session = { cookie, csrf: body.csrf_token, userId: body.user.id };
    this.sessions.set(label, session);
    return session;
  }

  // Ids every file may use: $program.<slug> and $user.<username> (read through the network user).
  async loadDirectory() {
    const s = await this.login('network@directory');
    const get = async (path, program) => {
      const headers = { cookie: `kinship_session=${s.cookie}` };
      if (program) headers['x-kinship-program'] = program;
      const res = await fetch(`${this.base}${path}`, { headers });
      assert.equal(res.status, 200, `directory: GET ${path}`);
      return res.json();
    };
    for (const p of (await get('/api/v1/programs')).items) {
      this.vars.set(`program.${p.slug}`, p.id);
      for (const u of (await get('/api/v1/users?limit=500', p.id)).items) this.vars.set(`user.${u.username}`, u.id);
    }
  }

  // ---- requests ---------------------------------------------------------------------------

  async send(step, where) {
    const d = Object.fromEntries(step.directives.filter((x) => x.name !== 'header').map((x) => [x.name, x.arg]));
    const headers = [];
    const as = d.as ?? 'nobody';
    if (as.startsWith('bearer ')) {
      headers.push(['Authorization', `Bearer ${this.subst(as.slice(7), where)}`]);
    } else if (as !== 'nobody') {
      const s = await this.login(as, d.password !== undefined ? this.subst(d.password, where) : undefined);
      headers.push(['Cookie', `kinship_session=${s.cookie}`]);
      const explicitCsrf = step.directives.some((x) => x.name === 'header' && /^x-csrf-token:/i.test(x.arg));
      if (UNSAFE.has(step.method) && !('no-csrf' in d) && !explicitCsrf) headers.push(['X-CSRF-Token', s.csrf]);
    }
    for (const h of step.directives.filter((x) => x.name === 'header')) {
      const m = /^([A-Za-z0-9-]+):\s?(.*)$/.exec(h.arg);
      if (!m) throw new Error(`${where}: malformed header directive: ${h.arg}`);
      headers.push([m[1], this.subst(m[2], where)]);
    }
    const body = step.body === null ? null : toBytes(this.subst(step.body, where));
    const contentType = d['content-type'] ?? 'application/json';
    if (body !== null && contentType !== 'none' && !headers.some(([n]) => n.toLowerCase() === 'content-type')) {
      headers.push(['Content-Type', contentType]);
    }
    const target = this.subst(step.target, where);
    if ('raw' in d) return this.sendRaw(step.method, target, headers, body);
    const res = await fetch(this.base + target, {
      method: step.method,
      headers,
      body: body ?? undefined,
      redirect: 'manual',
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    const h = new Map();
    for (const [k, v] of res.headers) h.set(k, v);
    return { status: res.status, headers: h, setCookies: res.headers.getSetCookie(), text: bytes.toString('utf8') };
  }

  // Sends exactly these bytes (no URL normalisation) and reads the answer until the server closes.
  sendRaw(method, target, headers, body) {
    return new Promise((resolve, reject) => {
      const lines = [`${method} ${target} HTTP/1.1`, `Host: ${this.host}:${this.port}`, 'Connection: close'];
      for (const [n, v] of headers) lines.push(`${n}: ${v}`);
      if (body !== null) lines.push(`Content-Length: ${body.length}`);
      const head = toBytes(lines.join('\r\n') + '\r\n\r\n');
      const chunks = [];
      const socket = net.connect(this.port, this.host);
      const timer = setTimeout(() => socket.destroy(new Error('raw request: no answer in 30 s')), 30_000);
      socket.on('connect', () => {
        socket.write(body ? Buffer.concat([head, body]) : head);
      });
      socket.on('data', (c) => chunks.push(c));
      // A server that answers early (413, 431) may reset the connection while we still write.
      socket.on('error', (e) => {
        if (chunks.length === 0 && e.code !== 'EPIPE' && e.code !== 'ECONNRESET') {
          clearTimeout(timer);
          reject(e);
        }
      });
      socket.on('close', () => {
        clearTimeout(timer);
        const all = Buffer.concat(chunks);
        const end = all.indexOf('\r\n\r\n');
        if (end < 0) return reject(new Error(`raw request: no complete answer (${all.length} bytes)`));
        const [statusLine, ...headerLines] = all.subarray(0, end).toString('latin1').split('\r\n');
        const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
        const h = new Map();
        const setCookies = [];
        for (const l of headerLines) {
          const i = l.indexOf(':');
          const name = l.slice(0, i).trim().toLowerCase();
          const value = l.slice(i + 1).trim();
          if (name === 'set-cookie') setCookies.push(value);
          h.set(name, h.has(name) ? `${h.get(name)}, ${value}` : value);
        }
        let rest = all.subarray(end + 4);
        if (h.has('content-length')) rest = rest.subarray(0, Number(h.get('content-length')));
        resolve({ status, headers: h, setCookies, text: rest.toString('utf8') });
      });
    });
  }

  // ---- checks -----------------------------------------------------------------------------

  // Rules for every answer: security headers, a request id, and the one error shape.
  checkInvariants(res, method, where) {
    const ctx = `${where}: ${res.status}`;
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff', `${ctx}: X-Content-Type-Options`);
    assert.equal(res.headers.get('x-frame-options'), 'DENY', `${ctx}: X-Frame-Options`);
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer', `${ctx}: Referrer-Policy`);
    assert.ok(res.headers.get('x-request-id'), `${ctx}: X-Request-Id`);
    const type = res.headers.get('content-type') ?? '';
    if (res.status >= 400 && method !== 'HEAD') {
      assert.match(type, /^application\/problem\+json/, `${ctx}: errors are application/problem+json`);
      const p = res.json;
      assert.ok(p && typeof p === 'object', `${ctx}: problem body is a JSON object: ${res.text.slice(0, 300)}`);
      assert.match(String(p.type), /^https:\/\/kinship\.invalid\/problems\/[a-z-]+$/, `${ctx}: problem type`);
      assert.equal(typeof p.title, 'string', `${ctx}: problem title`);
      assert.equal(p.status, res.status, `${ctx}: problem status`);
      assert.equal(typeof p.detail, 'string', `${ctx}: problem detail`);
      assert.ok(typeof p.request_id === 'string' && p.request_id.length > 0, `${ctx}: problem request_id: ${res.text.slice(0, 300)}`);
      assert.equal(p.request_id, res.headers.get('x-request-id'), `${ctx}: request_id matches X-Request-Id`);
    }
    if (/^application\/(problem\+)?json/.test(type) && res.text !== '') {
      assert.ok(res.json !== undefined, `${ctx}: ${type} body does not parse: ${res.text.slice(0, 300)}`);
    }
  }

  check(step, res, where) {
    const e = step.expect;
    const show = () => `${res.status} ${res.text.length > 1200 ? res.text.slice(0, 1200) + '...' : res.text}`;
    assert.equal(res.status, e.status, `${where}: expected status ${e.status}, got ${show()}`);
    this.checkInvariants(res, step.method, where);
    // Captures first, so the step's own checks may use them.
    for (const c of e.captures) {
      const at = `${step.file}:${c.line}`;
      assert.ok(res.json !== undefined, `${at}: cannot capture from a non-JSON answer`);
      const v = evalPath(res.json, c.path);
      assert.ok(v !== undefined, `${at}: nothing at ${c.path} to capture: ${show()}`);
      this.vars.set(c.name, v);
    }
    for (const h of e.headers) {
      const at = `${step.file}:${h.line}`;
      const want = h.regex === undefined ? this.subst(h.value, at) : new RegExp(h.regex);
      const values = h.name === 'set-cookie' ? res.setCookies : res.headers.has(h.name) ? [res.headers.get(h.name)] : [];
      assert.ok(values.length > 0, `${at}: header ${h.name} is missing`);
      const ok = values.some((v) => (typeof want === 'string' ? v.includes(want) : want.test(v)));
      assert.ok(ok, `${at}: header ${h.name}: ${JSON.stringify(values)} does not ${typeof want === 'string' ? 'contain' : 'match'} ${want}`);
    }
    for (const h of e.noHeaders) {
      assert.ok(!res.headers.has(h.name), `${step.file}:${h.line}: header ${h.name} should be absent, is ${res.headers.get(h.name)}`);
    }
    for (const j of e.json) {
      const at = `${step.file}:${j.line}`;
      assert.ok(res.json !== undefined, `${at}: the answer is not JSON: ${show()}`);
      const expected = JSON.parse(this.substJson(j.text, at));
      const m = subsetMismatch(expected, res.json);
      assert.ok(!m, `${at}: ${m}\n  answer: ${show()}`);
    }
    for (const a of e.asserts) this.checkAssert(a, res, `${step.file}:${a.line}`, show);
    for (const b of e.body) {
      const at = `${step.file}:${b.line}`;
      const want = this.subst(b.value, at);
      const ok = {
        contains: () => res.text.includes(want),
        excludes: () => !res.text.includes(want),
        '==': () => res.text === want.replace(/\\n/g, '\n'),
        '~': () => new RegExp(want).test(res.text),
      }[b.op]();
      assert.ok(ok, `${at}: body ${b.op} ${JSON.stringify(want)} failed; body: ${res.text.slice(0, 600)}`);
    }
  }

  checkAssert(a, res, at, show) {
    assert.ok(res.json !== undefined, `${at}: the answer is not JSON: ${show()}`);
    let actual = evalPath(res.json, a.path);
    let value;
    if (a.value !== '') {
      const text = this.substJson(a.value, at);
      try {
        value = JSON.parse(text);
      } catch {
        value = text;
      }
    }
    const strip = (x) => {
      if (!a.ignoring?.length || x === null || typeof x !== 'object') return x;
      const copy = { ...x };
      for (const k of a.ignoring) delete copy[k];
      return copy;
    };
    actual = strip(actual);
    value = strip(value);
    const has = (list, v) =>
      Array.isArray(list)
        ? list.some((x) => (v !== null && typeof v === 'object' ? !subsetMismatch(v, x) : deepEqual(x, v)))
        : typeof list === 'string' && list.includes(String(v));
    const ok = {
      '==': () => deepEqual(actual, value),
      '!=': () => !deepEqual(actual, value),
      contains: () => has(actual, value),
      excludes: () => actual !== undefined && !has(actual, value),
      length: () => actual != null && actual.length === value,
      '~': () => actual !== undefined && new RegExp(String(value)).test(typeof actual === 'string' ? actual : JSON.stringify(actual)),
      every: () => Array.isArray(actual) && actual.length > 0 && actual.every((x) => deepEqual(x, value)),
      keys: () => actual !== null && typeof actual === 'object' && deepEqual(Object.keys(actual).sort(), String(value).split(',').sort()),
      exists: () => actual !== undefined,
      absent: () => actual === undefined,
    }[a.op]();
    const got = JSON.stringify(actual);
    assert.ok(ok, `${at}: ${a.path} ${a.op} ${a.value}${a.ignoring?.length ? ' ignoring ' + a.ignoring : ''} failed; ${a.path} is ${got === undefined ? 'absent' : got.slice(0, 800)}`);
  }

  async runCase(c) {
    for (const step of c.steps) {
      step.file = c.file;
      const where = `${c.file}:${step.line}`;
      const times = Number(step.directives.find((x) => x.name === 'repeat')?.arg ?? 1);
      for (let i = 0; i < times; i++) {
        const res = await this.send(step, where);
        try {
          res.json = res.text === '' ? undefined : JSON.parse(res.text);
        } catch {
          res.json = undefined;
        }
        this.check(step, res, times > 1 ? `${where} (request ${i + 1} of ${times})` : where);
      }
    }
  }
}
