// Debian's Chromium on these machines: root (no sandbox), no GPU, no outside network.
// One list for Vitest browser mode and playwright-core; no --headless (Playwright adds it)
// and no --user-data-dir (Playwright refuses it in launch()).
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
