import type { PipelineProgress } from '../ops/index.ts';

const fmt = (n: number): string => n.toLocaleString('en-US');

/**
 * Live progress on stderr: a redrawn block on a terminal, a line every few seconds otherwise, and
 * nothing with --json (stdout then carries only machine-readable output).
 */
export class ProgressView {
  private lastLines = 0;
  private lastPrinted = 0;
  private readonly tty = process.stderr.isTTY === true;

  constructor(private readonly quiet: boolean) {}

  step(message: string): void {
    if (this.quiet) return;
    this.clear();
    process.stderr.write(`• ${message}\n`);
  }

  progress(p: PipelineProgress, ingested: number, elapsedMs: number): void {
    if (this.quiet) return;
    const lines = [
      `running ${(elapsedMs / 1000).toFixed(1)} s · ingested ${fmt(ingested)} events`,
      ...p.stages.map(
        (s) =>
          `  ${s.stageId} ${s.label}: in ${fmt(s.in)} · out ${fmt(s.out)}` +
          (s.dlq ? ` · dead-lettered ${fmt(s.dlq)}` : '') +
          (s.late ? ` · late rows dropped ${fmt(s.late)}` : '') +
          ` · shards done ${s.shardsDone}/${s.shards}`,
      ),
    ];
    if (this.tty) {
      this.clear();
      process.stderr.write(`${lines.join('\n')}\n`);
      this.lastLines = lines.length;
    } else if (elapsedMs - this.lastPrinted >= 2000) {
      this.lastPrinted = elapsedMs;
      process.stderr.write(`${lines.join('\n')}\n`);
    }
  }

  /** Forget the redrawn block so the next output starts below it. */
  done(): void {
    this.lastLines = 0;
  }

  private clear(): void {
    if (!this.tty || this.lastLines === 0) return;
    process.stderr.write(`\x1b[${this.lastLines}A\x1b[0J`);
    this.lastLines = 0;
  }
}

export { fmt };
