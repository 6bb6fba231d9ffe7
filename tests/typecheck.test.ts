// Type-checking is part of the suite so its result counts in the closing pass/fail line.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { ROOT } from './support/source-rules.ts';

describe('TypeScript (strict)', () => {
  it('tsc --noEmit reports no errors on app/, bridge/, shared/, tests/ and configs', () => {
    const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
