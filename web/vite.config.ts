// Vite build for the Kinship web app shell.
// JSX is compiled for Preact by Vite's own transformer (no framework plugin needed).
// The service worker is generated at build time so it can precache the hashed assets.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { defineConfig, type Plugin } from 'vite';

// Files from public/ that the service worker should also keep for offline start.
const PUBLIC_SHELL = ['/', '/manifest.webmanifest', '/icons/icon.svg', '/icons/icon-192.png'];

function serviceWorker(): Plugin {
  return {
    name: 'kinship-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const hashed = Object.keys(bundle)
        .filter((name) => name.startsWith('assets/'))
        .sort()
        .map((name) => '/' + name);
      const version = createHash('sha256').update(hashed.join('\n')).digest('hex').slice(0, 12);
      const template = readFileSync(new URL('./src/service-worker.js', import.meta.url), 'utf8');
      const source = template
        .replace('__VERSION__', version)
        .replace('__SHELL__', JSON.stringify(PUBLIC_SHELL))
        .replace('__ASSETS__', JSON.stringify(hashed));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

const apiTarget = process.env.KINSHIP_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  build: {
    target: 'es2020',
    assetsDir: 'assets',
    sourcemap: false,
  },
  plugins: [serviceWorker()],
  server: {
    proxy: {
      '/api': apiTarget,
      '/healthz': apiTarget,
    },
  },
});
