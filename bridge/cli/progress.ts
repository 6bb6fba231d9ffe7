// A progress bar on stderr for long work: redrawn in place on a terminal, a line per 10 % otherwise.

export class ProgressBar {
  private lastPct = -1;
  private readonly tty: boolean;
  private readonly started = performance.now();

  constructor(
    private readonly label: string,
    private readonly unit: string,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = out.isTTY === true;
  }

  update(done: number, total: number): void {
    const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
    if (pct === this.lastPct || (!this.tty && pct % 10 !== 0)) return;
    this.lastPct = pct;
    const width = 30;
    const filled = Math.round((width * pct) / 100);
    const secs = (performance.now() - this.started) / 1000;
    const text = `${this.label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(pct).padStart(3)}% ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ${this.unit} · ${secs.toFixed(1)} s`;
    this.out.write(this.tty ? `\r${text}${done >= total ? '\n' : ''}` : `${text}\n`);
  }
}
