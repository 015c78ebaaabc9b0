// Parses the .api case files (format: tests/api/README.md) into plain objects:
//   [{ title, file, line, steps: [{ line, directives, method, target, body, expect }] }]
// Parsing is strict: an unknown directive or expectation is an error naming file and line,
// so a typo never silently turns into a test that checks nothing.

const REQUEST_LINE = /^([A-Z]+) (\S+)$/;
const DIRECTIVES = new Set(['as', 'password', 'header', 'no-csrf', 'content-type', 'raw', 'repeat']);

class CaseSyntaxError extends Error {}

function fail(file, line, message) {
  throw new CaseSyntaxError(`${file}:${line}: ${message}`);
}

function newExpect() {
  return { status: null, headers: [], noHeaders: [], json: [], asserts: [], body: [], captures: [] };
}

// One expectation line after `----` (the status line is handled by the caller).
function parseExpectation(text, expect, file, line) {
  let m;
  if ((m = /^header ([A-Za-z0-9-]+):(?: (.*))?$/.exec(text))) {
    expect.headers.push({ name: m[1].toLowerCase(), value: m[2] ?? '', line });
  } else if ((m = /^header ([A-Za-z0-9-]+) ~ (.*)$/.exec(text))) {
    expect.headers.push({ name: m[1].toLowerCase(), regex: m[2], line });
  } else if ((m = /^no-header ([A-Za-z0-9-]+)$/.exec(text))) {
    expect.noHeaders.push({ name: m[1].toLowerCase(), line });
  } else if ((m = /^problem ([a-z-]+)$/.exec(text))) {
    expect.asserts.push({ path: '.type', op: '==', value: `"https://kinship.invalid/problems/${m[1]}"`, line });
  } else if ((m = /^body (contains|excludes|==|~)(?: (.*))?$/.exec(text))) {
    expect.body.push({ op: m[1], value: m[2] ?? '', line });
  } else if ((m = /^\$([A-Za-z_][\w.-]*) = (\.\S*)$/.exec(text))) {
    expect.captures.push({ name: m[1], path: m[2], line });
  } else if ((m = /^(\.\S*?) (==|!=|contains|excludes|length|~|every|keys) (.*?)(?: ignoring (\S+))?$/.exec(text))) {
    expect.asserts.push({ path: m[1], op: m[2], value: m[3], ignoring: m[4] ? m[4].split(',') : [], line });
  } else if ((m = /^(\.\S*) (exists|absent)$/.exec(text))) {
    expect.asserts.push({ path: m[1], op: m[2], value: '', ignoring: [], line });
  } else {
    fail(file, line, `unknown expectation: ${text}`);
  }
}

export function parseCases(text, file) {
  const lines = text.split('\n');
  const cases = [];
  let current = null; // the case being read
  let step = null; // the step being read
  let state = 'idle'; // idle | directives | body | expect | json
  let jsonLines = [];
  let jsonStart = 0;

  const finishStep = () => {
    if (!step) return;
    if (state === 'json') fail(file, jsonStart, 'expected JSON does not parse');
    if (step.method === null) fail(file, step.line, 'directives without a request line');
    if (step.expect.status === null) fail(file, step.line, 'request without `----` and an expected status');
    current.steps.push(step);
    step = null;
  };
  const finishCase = () => {
    finishStep();
    if (current) {
      if (current.steps.length === 0) fail(file, current.line, `case "${current.title}" has no request`);
      cases.push(current);
    }
  };

  for (let i = 0; i < lines.length; i++) {
    const n = i + 1;
    const raw = lines[i].replace(/\r$/, '');
    const trimmed = raw.trim();

    if (raw.startsWith('=== ')) {
      finishCase();
      current = { title: raw.slice(4).trim(), file, line: n, steps: [] };
      state = 'idle';
      continue;
    }
    if (state === 'body') {
      if (raw === '----') {
        const text = step.bodyLines.join('\n').replace(/^\n+|\n+$/g, '');
        step.body = text === '' ? null : text;
        delete step.bodyLines;
        state = 'status';
      } else {
        step.bodyLines.push(raw);
      }
      continue;
    }
    if (state === 'json') {
      if (trimmed === '') fail(file, jsonStart, 'expected JSON does not parse');
      jsonLines.push(raw);
      if (tryJson(jsonLines.join('\n'))) {
        step.expect.json.push({ text: jsonLines.join('\n'), line: jsonStart });
        state = 'expect';
      }
      continue;
    }
    if (trimmed === '' ) {
      if (state === 'expect') {
        finishStep();
        state = 'idle';
      } else if (state === 'status') {
        fail(file, n, 'expected a status line after `----`');
      }
      continue;
    }
    if (raw.startsWith('#')) continue;
    if (!current) fail(file, n, 'text before the first `=== title` line');

    if (state === 'status') {
      const m = /^(\d{3})$/.exec(trimmed);
      if (!m) fail(file, n, `expected a status code, got: ${trimmed}`);
      step.expect.status = Number(m[1]);
      state = 'expect';
      continue;
    }
    if (state === 'expect') {
      if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
        jsonLines = [raw];
        jsonStart = n;
        if (tryJson(raw)) step.expect.json.push({ text: raw, line: n });
        else state = 'json';
      } else {
        parseExpectation(trimmed, step.expect, file, n);
      }
      continue;
    }
    // idle or directives: a directive or the request line.
    if (!step) {
      step = { line: n, directives: [], method: null, target: null, body: null, expect: newExpect() };
      state = 'directives';
    }
    const req = REQUEST_LINE.exec(trimmed);
    if (req) {
      step.method = req[1];
      step.target = req[2];
      step.bodyLines = [];
      state = 'body';
      continue;
    }
    const word = trimmed.split(' ', 1)[0];
    if (!DIRECTIVES.has(word)) fail(file, n, `unknown directive or malformed request line: ${trimmed}`);
    step.directives.push({ name: word, arg: trimmed.slice(word.length).trim(), line: n });
  }
  if (state === 'body') fail(file, step.line, 'request without `----`');
  if (state === 'status') fail(file, lines.length, 'expected a status line after `----`');
  finishCase();
  return cases;
}

function tryJson(text) {
  try {
    JSON.parse(text.replace(/\$[A-Za-z_][\w.-]*|\$\([^)]*\)/g, '0'));
    return true;
  } catch {
    return false;
  }
}
