// Installs Debian's chromium with apt when /usr/bin/chromium (or $CHROMIUM_PATH) is missing.
// Browser tests launch that binary; Playwright's own browser download is not reachable here.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(path)) {
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const sudo = asRoot ? [] : ['sudo', '-n'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args) => {
    const [cmd, ...rest] = [...sudo, ...args];
    console.log(`chromium: ${[cmd, ...rest].join(' ')}`);
    const r = spawnSync(cmd, rest, { stdio: 'inherit', env });
    if (r.status !== 0) {
      console.error(`chromium: '${args.join(' ')}' failed (exit ${r.status ?? r.signal}); install Debian's chromium or set CHROMIUM_PATH`);
      process.exit(1);
    }
  };
  console.log(`chromium: ${path} is missing; installing Debian's chromium with apt`);
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', 'chromium']);
  if (!existsSync(path)) {
    console.error(`chromium: apt finished but ${path} still does not exist`);
    process.exit(1);
  }
}
