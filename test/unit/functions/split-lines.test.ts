import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { splitLines } from '../../../functions/connectors/s3/split-lines.ts';

/** readline (crlfDelay Infinity) is the oracle: filesystem sources numbered lines with it. */
async function viaReadline(bytes: Buffer): Promise<string[]> {
  const out: string[] = [];
  for await (const l of createInterface({
    input: Readable.from([bytes]),
    crlfDelay: Number.POSITIVE_INFINITY,
  }))
    out.push(l);
  return out;
}

async function* chunked(bytes: Buffer, cuts: number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (const c of [...cuts, bytes.length]) {
    yield bytes.subarray(at, c);
    at = c;
  }
}

async function collect(bytes: Buffer, cuts: number[], base = 0) {
  const out: { text: string; next: number }[] = [];
  for await (const l of splitLines(chunked(bytes, cuts), base)) out.push(l);
  return out;
}

/** A seeded generator (mulberry32), so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['a', 'bc', '{"k":1}', 'é', '😀', '\n', '\r\n', '\r', '\n\n', ' '];

describe('splitLines', () => {
  it('splits like readline, whatever the chunking, and each next offset resumes at the next line', async () => {
    for (let seed = 1; seed <= 300; seed++) {
      const r = rng(seed);
      const text = Array.from(
        { length: Math.floor(r() * 30) },
        () => PIECES[Math.floor(r() * PIECES.length)],
      ).join('');
      const bytes = Buffer.from(text, 'utf8');
      const cuts = [...new Set(Array.from({ length: 4 }, () => Math.floor(r() * bytes.length)))].sort(
        (x, y) => x - y,
      );
      const lines = await collect(bytes, cuts);
      expect(
        lines.map((l) => l.text),
        `seed ${seed}: ${JSON.stringify(text)}`,
      ).toEqual(await viaReadline(bytes));
      // resuming after line k (a ranged read from its next offset) gives exactly the lines after it
      for (const [k, l] of lines.entries()) {
        const rest = await collect(bytes.subarray(l.next), [], l.next);
        expect(rest, `seed ${seed}, after line ${k + 1}`).toEqual(lines.slice(k + 1));
      }
    }
  });

  it('gives offsets past each line end, counted from the base', async () => {
    const lines = await collect(Buffer.from('ab\r\ncd\ref\n\ng'), [3], 100);
    expect(lines).toEqual([
      { text: 'ab', next: 104 },
      { text: 'cd', next: 107 },
      { text: 'ef', next: 110 },
      { text: '', next: 111 },
      { text: 'g', next: 112 },
    ]);
  });
});
