// Shared set-up for the browser tests: starts the REAL kinship server on a demo database in a
// temp dir, launches Debian's Chromium through playwright-core (no browser is downloaded),
// and offers small helpers: phone pages, logging in, screenshots, an accessibility check.
//
// Environment:
//   KINSHIP_BIN        the server binary (default <repo>/build/kinship)
//   KINSHIP_ARTIFACTS  where screenshots go, under screenshots/ (default <repo>/build/test-artifacts)
//   CHROMIUM_BIN       the browser (default /usr/bin/chromium)
//   KINSHIP_UI_DIR     serve the web app from this folder (e.g. web/dist) instead of the copy
//                      embedded in the binary: passed as `serve --ui-dir` (default: embedded)
//
// Example:
//   const env = await startEnvironment();   // in before()
//   const page = await env.phonePage();
//   await login(page, 'coordinator');
//   await env.stop();                       // in after()

import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer as startKinship } from '../lib/server.mjs';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const KINSHIP_BIN = process.env.KINSHIP_BIN || join(REPO, 'build', 'kinship');
export const ARTIFACTS = process.env.KINSHIP_ARTIFACTS || join(REPO, 'build', 'test-artifacts');
export const SCREENSHOTS = join(ARTIFACTS, 'screenshots');
export const DEMO_PASSWORD = 'kinship-demo';
export const PHONE = { width: 360, height: 740 };

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Creates a demo database and serves it; resolves with { url, dir, stop(), logText() }. */
export function startServer() {
  const serveArgs = process.env.KINSHIP_UI_DIR ? ['--ui-dir', resolve(process.env.KINSHIP_UI_DIR)] : [];
  return startKinship({ bin: KINSHIP_BIN, serveArgs, prefix: 'kinship-browser-' });
}

/** Launches Debian's Chromium (never a downloaded browser). */
export function launchBrowser() {
  return chromium.launch({ executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * Server + browser for one test file. `phonePage()` opens a fresh 360×740 context (no cookies);
 * `stop()` closes everything and removes the temp dir.
 */
export async function startEnvironment() {
  const server = await startServer();
  let browser;
  try {
    browser = await launchBrowser();
  } catch (e) {
    await server.stop();
    throw e;
  }
  const contexts = [];
  const env = {
    url: server.url,
    server,
    browser,
    async phonePage(viewport = PHONE, { serviceWorkers = 'block' } = {}) {
      const context = await browser.newContext({
        baseURL: server.url,
        viewport,
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        locale: 'en-GB',
        serviceWorkers, // blocked by default: tests talk to the server, not to a cache
      });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      const problems = [];
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.kinshipProblems = problems;
      return page;
    },
    async stop() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close().catch(() => {});
      await server.stop();
    },
  };
  return env;
}

/** Logs in through the login form and waits for the home screen. */
export async function login(page, username, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.locator('nav#main-menu').waitFor({ state: 'attached' });
}

/** Opens the phone menu (if closed) and follows a menu item. */
export async function openMenuItem(page, name) {
  const button = page.getByRole('button', { name: 'Menu' });
  if ((await button.isVisible()) && (await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
}

/** Saves a full-page screenshot as <ARTIFACTS>/screenshots/<name>.png. */
export async function screenshot(page, name) {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  // From the top, so the sticky header is drawn where it belongs in a full-page capture.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * A basic accessibility check of the current page. Returns a list of problems (empty = pass):
 * every form control has a label, every button and link has an accessible name, images have
 * alt text, the page has lang, one h1 and a main landmark, ids are unique, controls are at least
 * 44 px tall, and nothing is wider than the viewport.
 */
export async function accessibilityProblems(page) {
  return page.evaluate(() => {
    const problems = [];
    const visible = (el) => {
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden') return false;
      const r = el.getBoundingClientRect();
      return r.width > 0 || r.height > 0 || el.getClientRects().length > 0;
    };
    const describe = (el) =>
      `<${el.tagName.toLowerCase()}${el.id ? ` id="${el.id}"` : ''}${el.className && typeof el.className === 'string' ? ` class="${el.className}"` : ''}>`;
    const textOf = (el) => (el.innerText || el.textContent || '').trim();
    const byIds = (ids) =>
      ids
        .split(/\s+/)
        .map((id) => document.getElementById(id))
        .filter(Boolean)
        .map(textOf)
        .join(' ')
        .trim();
    const nameOf = (el) => {
      if (el.getAttribute('aria-labelledby')) return byIds(el.getAttribute('aria-labelledby'));
      if ((el.getAttribute('aria-label') || '').trim()) return el.getAttribute('aria-label').trim();
      if (el.labels && el.labels.length) return [...el.labels].map(textOf).join(' ').trim();
      const own = textOf(el) || [...el.querySelectorAll('img[alt]')].map((i) => i.alt).join(' ').trim();
      return own || (el.getAttribute('title') || '').trim();
    };

    if (!document.documentElement.lang) problems.push('<html> has no lang');
    if (!document.title.trim()) problems.push('the page has no title');
    if (document.querySelectorAll('main').length !== 1) problems.push(`expected one <main>, found ${document.querySelectorAll('main').length}`);
    const h1s = [...document.querySelectorAll('h1')].filter(visible);
    if (h1s.length !== 1) problems.push(`expected one visible <h1>, found ${h1s.length}`);

    for (const el of document.querySelectorAll('input, select, textarea')) {
      if (el.type === 'hidden' || !visible(el)) continue;
      if (!el.labels || el.labels.length === 0) {
        if (!el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby')) problems.push(`${describe(el)} has no label`);
      }
      if (!nameOf(el)) problems.push(`${describe(el)} has an empty label`);
    }
    for (const el of document.querySelectorAll('button, [role="button"], a[href]')) {
      if (!visible(el)) continue;
      if (!nameOf(el)) problems.push(`${describe(el)} has no accessible name`);
    }
    for (const img of document.querySelectorAll('img')) {
      if (!img.hasAttribute('alt')) problems.push(`${describe(img)} has no alt attribute`);
    }
    const seen = new Set();
    for (const el of document.querySelectorAll('[id]')) {
      if (seen.has(el.id)) problems.push(`duplicate id "${el.id}"`);
      seen.add(el.id);
    }
    for (const el of document.querySelectorAll('[aria-describedby], [aria-labelledby], [aria-controls]')) {
      for (const attr of ['aria-describedby', 'aria-labelledby', 'aria-controls']) {
        for (const id of (el.getAttribute(attr) || '').split(/\s+/).filter(Boolean)) {
          if (!document.getElementById(id)) problems.push(`${describe(el)} ${attr} points to missing id "${id}"`);
        }
      }
    }
    for (const el of document.querySelectorAll('button, input:not([type="checkbox"]):not([type="radio"]), select, nav a, .button')) {
      if (!visible(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.height < 43.5) problems.push(`${describe(el)} "${nameOf(el)}" is ${Math.round(r.height)} px tall (< 44 px touch target)`);
    }
    // On a phone the page widens its layout viewport to fit wide content, so compare with the
    // screen, not with innerWidth (which grows along with the content).
    const overflow = document.documentElement.scrollWidth - Math.min(window.innerWidth, window.screen.width);
    if (overflow > 0) problems.push(`the page is ${overflow} px wider than the viewport`);
    return problems;
  });
}

/**
 * A small API client logged in as `username` (cookie + CSRF header), for setting up and
 * checking data around what a test does in the browser.
 *   const api = await apiAs(env.url, 'coordinator');
 *   const sites = await api.get('/api/v1/sites');
 *   await api.post('/api/v1/sites', { name: 'Test site', kind: 'fixed' });
 * Each call resolves with { status, body } (body parsed when JSON).
 */
export async function apiAs(url, username, password = DEMO_PASSWORD) {
  const login = await fetch(`${url}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (login.status !== 200) throw new Error(`login as ${username} answered ${login.status}`);
  const cookie = (login.headers.get('set-cookie') || '').split(';')[0];
  const { csrf_token: csrf } = await login.json();
  const call = async (method, path, body) => {
    const headers = { Cookie: cookie, Accept: 'application/json' };
    if (method !== 'GET') headers['X-CSRF-Token'] = csrf;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const r = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    let parsed = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (CSV, empty)
    }
    return { status: r.status, body: parsed };
  };
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    patch: (path, body) => call('PATCH', path, body),
    delete: (path) => call('DELETE', path),
  };
}

/** Waits until no "Loading…" message is left on the page. */
export async function settled(page) {
  await page.waitForLoadState('networkidle');
  await page.locator('.loading').first().waitFor({ state: 'detached' }).catch(() => {});
}
