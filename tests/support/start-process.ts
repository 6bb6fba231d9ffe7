// Runs `npm start` (or another command) in its own process group, as a terminal would,
// waits for the printed URL, and can deliver Ctrl-C (SIGINT) to the whole group.
import { spawn, type ChildProcess } from 'node:child_process';
import { ROOT } from './source-rules.ts';

export interface StartedProcess {
  readonly child: ChildProcess;
  readonly url: string;
  output(): string;
  /** Sends SIGINT to the process group (a terminal's Ctrl-C) and resolves with how the leader exited. */
  interrupt(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function startAndWaitForUrl(
  cmd: string,
  args: string[],
  env: Record<string, string>,
  pattern: RegExp,
  timeoutMs = 120_000,
): Promise<StartedProcess> {
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.on('exit', (code, signal) => r({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within ${timeoutMs} ms; output:\n${out}`)), timeoutMs);
    const check = () => {
      const m = pattern.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before printing a URL; output:\n${out}`));
    });
  });
  return {
    child,
    url,
    output: () => out,
    async interrupt(ms = 10_000) {
      process.kill(-child.pid!, 'SIGINT');
      const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms));
      const res = await Promise.race([exited, timeout]);
      if (res === 'timeout') {
        process.kill(-child.pid!, 'SIGKILL');
        throw new Error(`did not stop within ${ms} ms after SIGINT; output:\n${out}`);
      }
      return res;
    },
  };
}

/** True when no process of the group is alive any more. */
export function groupGone(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return false;
  } catch {
    return true;
  }
}
