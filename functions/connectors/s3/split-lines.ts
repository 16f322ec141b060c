/** A line of a byte stream, and the offset where the line after it starts. */
export interface SplitLine {
  readonly text: string;
  readonly next: number;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Splits a byte stream into UTF-8 lines as `readline` does with `crlfDelay: Infinity` ("\n",
 * "\r\n" and a lone "\r" end a line; a last line without an end is a line), and gives with each
 * line the offset (from `base`) where the next line starts, so a reader can resume there with a
 * ranged GET and number the lines the same. A line ended by "\r" is held until the next byte
 * shows whether a "\n" belongs to its end.
 */
export async function* splitLines(chunks: AsyncIterable<Uint8Array>, base = 0): AsyncGenerator<SplitLine> {
  const decoder = new TextDecoder();
  let parts: Uint8Array[] = [];
  let offset = base; // of the chunk being read
  let held: string | undefined; // a line ended by "\r", waiting for the next byte
  const take = (last: Uint8Array): string => {
    parts.push(last);
    const text = decoder.decode(parts.length === 1 ? parts[0] : Buffer.concat(parts));
    parts = [];
    return text;
  };
  for await (const chunk of chunks) {
    let from = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (held !== undefined) {
        const text = held;
        held = undefined;
        if (b === LF) {
          from = i + 1;
          yield { text, next: offset + i + 1 };
          continue;
        }
        yield { text, next: offset + i };
      }
      if (b === LF) {
        const text = take(chunk.subarray(from, i));
        from = i + 1;
        yield { text, next: offset + i + 1 };
      } else if (b === CR) {
        held = take(chunk.subarray(from, i));
        from = i + 1;
      }
    }
    if (from < chunk.length) parts.push(chunk.slice(from));
    offset += chunk.length;
  }
  if (held !== undefined) yield { text: held, next: offset };
  else if (parts.length > 0) yield { text: take(new Uint8Array(0)), next: offset };
}
