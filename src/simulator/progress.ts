/**
 * A progress report for long commands, on standard error: a bar redrawn in
 * place (done/total, percent, time left) when the stream is a terminal, one
 * plain line per step otherwise (a log, CI). The stream and the clock are
 * injectable; tests pass a stream that collects nothing.
 */

/** Where progress goes: `process.stderr` or a stand-in. */
export interface ProgressStream {
  /** True when the stream is a terminal (the bar is redrawn in place). */
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/** A stream that writes nothing (tests, `--quiet`). */
export const SILENT: ProgressStream = { write: () => true };

const BAR_WIDTH = 24;

/** `what` (e.g. "chunks") counted from 0 to `total`. */
export class Progress {
  private done: number;
  private steps = 0;
  private readonly started: number;

  constructor(
    private readonly stream: ProgressStream,
    private readonly label: string,
    private readonly total: number,
    private readonly what: string,
    private readonly now: () => number = Date.now,
    /** Steps already done (a resumed run): counted, but not in the time left. */
    initial = 0,
  ) {
    this.started = now();
    this.done = Math.min(total, initial);
  }

  /** One more step done. */
  public step(): void {
    this.done = Math.min(this.total, this.done + 1);
    this.steps++;
    const percent = this.total === 0 ? 100 : Math.floor((100 * this.done) / this.total);
    const elapsed = this.now() - this.started;
    const left = (elapsed / this.steps) * (this.total - this.done);
    const eta = this.done === this.total ? `, took ${duration(elapsed)}` : `, about ${duration(left)} left`;
    const counts = `${this.done}/${this.total} ${this.what} (${percent} %)${eta}`;
    if (this.stream.isTTY) {
      const filled = Math.round((BAR_WIDTH * this.done) / Math.max(1, this.total));
      const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
      this.stream.write(`\r${this.label} ${bar} ${counts}\x1b[K${this.done === this.total ? '\n' : ''}`);
    } else {
      this.stream.write(`${this.label}: ${counts}\n`);
    }
  }

  /** Clears the bar, so a line written next (a warning) starts at the left margin; the next step redraws it. */
  public clearLine(): void {
    if (this.stream.isTTY && this.done < this.total) {
      this.stream.write('\r\x1b[K');
    }
  }
}

/** A duration for people: `45 s`, `3 min 20 s`, `1 h 05 min`. */
export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) {
    return `${s} s`;
  }
  if (s < 3600) {
    return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  }
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}
