import { defineConfig } from 'vitest/config';
import solid from 'vite-plugin-solid';
import { VitePWA } from 'vite-plugin-pwa';
import { playwright } from '@vitest/browser-playwright';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './tests/support/chromium-flags.ts';
import { labFormSpec } from './app/lab/lab-form-rules.ts';

// The lab's form fields, read off the strategy schemas here so the page needs no config parser (app/lab/lab-config.ts).
const APP_DEFINE = { __LAB_FORM_SPEC__: JSON.stringify(labFormSpec()) };

export default defineConfig({
  root: 'app',
  publicDir: 'public',
  define: APP_DEFINE,
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
    // Keep .wasm (and the sample CSVs) as real hashed files the service worker precaches.
    assetsInlineLimit: (file) => (file.endsWith('.wasm') || file.endsWith('.csv') ? false : undefined),
  },
  worker: { format: 'es' },
  plugins: [
    solid(),
    VitePWA({
      strategies: 'generateSW',
      // A new version waits until the user reloads (app/pwa/service-worker.ts): never mid-backtest.
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icons/*.svg'],
      manifest: {
        name: 'MoneyTrailz',
        short_name: 'MoneyTrailz',
        description: 'Local-first trading workstation for Interactive Brokers users',
        start_url: '.',
        scope: '.',
        display: 'standalone',
        background_color: '#0f1419',
        theme_color: '#0f1419',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,wasm,csv,svg,webmanifest}'],
        // Node's embedded copy of the kernels; the browser streams the real .wasm instead.
        globIgnores: ['**/ta-wasm-base64-*.js'],
        navigateFallback: 'index.html',
        // The first install controls the open page at once (offline from the first visit); an update
        // still waits for the user's reload (no skipWaiting).
        clientsClaim: true,
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
      },
    }),
  ],
  // Pre-bundled for the browser tests too: discovered on the fly, a dependency reloads the test page mid-run.
  optimizeDeps: { include: ['smol-toml', 'dexie', 'uplot'] },
  test: {
    root: '.',
    environment: 'node',
    reporters: ['default', './tests/reporter.ts'],
    projects: [
      {
        // Node tests: no Solid plugin (it forces the `browser` condition and would load ws's stub).
        test: {
          name: 'node',
          root: '.',
          environment: 'node',
          include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/fuzz/**/*.test.ts', 'tests/golden/**/*.test.ts', 'tests/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          root: '.',
          include: ['tests/browser/**/*.test.{ts,tsx}'],
          globalSetup: ['tests/browser/setup/node-indicators.ts'],
          testTimeout: 60_000,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({
              launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
            }),
            instances: [{ browser: 'chromium' }],
            screenshotFailures: false,
          },
        },
      },
      {
        test: {
          name: 'e2e',
          root: '.',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
