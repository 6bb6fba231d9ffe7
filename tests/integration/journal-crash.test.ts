// kill -9 during a burst of journal appends (bridge/journal/journal.ts, docs/journal.md §3): a real
// child process appends with many entries in flight and prints each seq once its append resolved;
// SIGKILL lands mid-burst. Reopening must find every entry the child reported durable, discard at
// most the one torn last line, and leave a valid file that takes new appends — three rounds on one file.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Journal, parseJournal } from '../../bridge/journal/journal.ts';
import { ROOT } from '../support/source-rules.ts';

const CHILD = join(ROOT, 'tests/unit/journal/append-burst-child.ts');
const dir = mkdtempSync(join(tmpdir(), 'mt-journal-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the child until it has reported `atLeast` durable entries, then SIGKILLs it. */
function burstAndKill(path: string, label: string, atLeast: number): Promise<{ durable: Map<number, string>; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, path, label], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const durable = new Map<number, string>();
    let out = '';
    let stderr = '';
    let killed = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child reported only ${durable.size} durable entries in 20 s; stderr:\n${stderr}`));
    }, 20_000);
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => {
      out += d;
      const nl = out.lastIndexOf('\n');
      for (const line of out.slice(0, nl + 1).split('\n')) {
        const m = /^durable (\d+) (\S+)$/.exec(line);
        if (m) durable.set(Number(m[1]), m[2]);
      }
      out = out.slice(nl + 1);
      if (!killed && durable.size >= atLeast) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`child exited with ${code} ${signal}; stderr:\n${stderr}`));
      else resolve({ durable, stderr });
    });
  });
}

describe('journal under kill -9', () => {
  it('keeps every acknowledged entry, drops at most the torn last line, and stays appendable', async () => {
    const path = join(dir, 'journal.jsonl');
    let before = 0;
    let discardedRounds = 0;
    for (const label of ['r1', 'r2', 'r3']) {
      const { durable } = await burstAndKill(path, label, 150);
      const warnings: string[] = [];
      const j = await Journal.open(path, { warn: (m) => warnings.push(m) });
      expect(warnings.length).toBeLessThanOrEqual(1);
      if (warnings.length === 1) {
        discardedRounds++;
        expect(warnings[0]).toContain(path);
      }
      const seqs = j.entries.map((e) => e.seq);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
      for (const [seq, intentId] of durable) {
        const e = j.entries[seq - 1];
        expect(e?.seq).toBe(seq);
        expect(e?.kind === 'intent' ? e.intentId : undefined).toBe(intentId);
      }
      expect(j.lastSeq).toBeGreaterThanOrEqual(Math.max(...durable.keys()));
      await j.close();
      // After recovery the file is valid as a whole: no torn line left behind.
      const parsed = parseJournal(path, readFileSync(path));
      expect(parsed.discarded).toBeUndefined();
      expect(parsed.entries).toHaveLength(seqs.length);
      before = seqs.length;
    }
    console.log(`journal crash test: ${before} entries after 3 kills, a torn line discarded in ${discardedRounds} of 3 rounds`);
  });
});
