import { spawnSync } from 'node:child_process';
import { JavaMissingError } from '../errors.ts';

const MIN_JAVA = 17;

/** Throws JavaMissingError unless `java` on PATH is Java 17 or later. */
export function checkJava(): void {
  const out = spawnSync('java', ['-version'], { encoding: 'utf8', timeout: 15_000 });
  if (out.error) throw new JavaMissingError('`java` was not found on PATH');
  const text = `${out.stderr ?? ''}${out.stdout ?? ''}`;
  const m = /version "(\d+)(?:\.(\d+))?/.exec(text);
  if (!m) throw new JavaMissingError(`\`java -version\` printed no version (${text.trim().slice(0, 200)})`);
  // Java 8 reports "1.8.0_x"
  const major = m[1] === '1' ? Number(m[2] ?? 0) : Number(m[1]);
  if (major < MIN_JAVA) throw new JavaMissingError(`the \`java\` on PATH is Java ${major}`);
}
