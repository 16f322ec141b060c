/**
 * HyperLogLog for approx_distinct, with JSON-able state. It stays exact while small: a "sparse"
 * state keeps the set of 52-bit value hashes (exact up to hash collisions) until SPARSE_MAX
 * distinct hashes, then turns into 2^P dense registers (standard error ≈ 1.04/√4096 ≈ 1.6%).
 * Updates and merges are commutative, so the estimate does not depend on arrival order or
 * batching.
 */
export const HLL_P = 12;
const M = 1 << HLL_P;
export const HLL_SPARSE_MAX = 1024;

export type HllState =
  /** Sparse: the distinct hashes seen (object keys), and how many. */
  | { readonly s: Record<string, 1>; n: number }
  /** Dense: M registers, each the max rank seen. */
  | { readonly d: number[] };

export const hllInit = (): HllState => ({ s: {}, n: 0 });

/** Two independent 32-bit hashes of a string (FNV-1a then murmur3's finalizer, two seeds). */
function hash2(text: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return [fmix(a), fmix(b ^ text.length)];
}

function fmix(h0: number): number {
  let h = h0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function toDense(hashes: Iterable<string>): { d: number[] } {
  const d = new Array<number>(M).fill(0);
  for (const key of hashes) addHash(d, Number(key));
  return { d };
}

/** A 52-bit hash: the register index comes from its top P bits, the rank from the low 32 bits. */
function addHash(registers: number[], h: number): void {
  const hi = Math.floor(h / 2 ** 32);
  const lo = h % 2 ** 32;
  const idx = hi >>> (20 - HLL_P);
  const rank = lo === 0 ? 33 : Math.clz32(lo) + 1;
  if (rank > (registers[idx] ?? 0)) registers[idx] = rank;
}

export function hllAdd(state: HllState, valueJson: string): HllState {
  const [a, b] = hash2(valueJson);
  const h = (a >>> 12) * 2 ** 32 + b; // 20 + 32 bits
  if ('d' in state) {
    addHash(state.d, h);
    return state;
  }
  const key = String(h);
  if (state.s[key] === undefined) {
    state.s[key] = 1;
    state.n++;
    if (state.n > HLL_SPARSE_MAX) return toDense(Object.keys(state.s));
  }
  return state;
}

export function hllMerge(x: HllState, y: HllState): HllState {
  if ('s' in x && 's' in y) {
    let out: HllState = { s: { ...x.s }, n: x.n };
    for (const k of Object.keys(y.s)) out = hllAddHashKey(out, k);
    return out;
  }
  const dx = 'd' in x ? [...x.d] : toDense(Object.keys(x.s)).d;
  const dy = 'd' in y ? y.d : toDense(Object.keys(y.s)).d;
  for (let i = 0; i < M; i++) dx[i] = Math.max(dx[i] ?? 0, dy[i] ?? 0);
  return { d: dx };
}

function hllAddHashKey(state: HllState, key: string): HllState {
  if ('d' in state) {
    addHash(state.d, Number(key));
    return state;
  }
  if (state.s[key] === undefined) {
    state.s[key] = 1;
    state.n++;
    if (state.n > HLL_SPARSE_MAX) return toDense(Object.keys(state.s));
  }
  return state;
}

/** The estimate: exact in sparse mode; HLL with linear counting for small ranges in dense mode. */
export function hllCount(state: HllState): number {
  if ('s' in state) return state.n;
  let sum = 0;
  let zeros = 0;
  for (const r of state.d) {
    sum += 2 ** -r;
    if (r === 0) zeros++;
  }
  const alpha = 0.7213 / (1 + 1.079 / M);
  const raw = (alpha * M * M) / sum;
  if (raw <= 2.5 * M && zeros > 0) return Math.round(M * Math.log(M / zeros));
  return Math.round(raw);
}
