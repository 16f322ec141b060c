import { cmpPos, formatPos, type Pos, parsePos } from './seq.ts';

/**
 * A set of half-open position intervals `(lo, hi]`, kept sorted, disjoint and merged. Used by the
 * dedupe (I4) to remember which producer outputs above the frontier were already received.
 */
export class IntervalSet {
  private items: { lo: Pos; hi: Pos }[] = [];

  static fromJSON(pairs: readonly (readonly [string, string])[]): IntervalSet {
    const set = new IntervalSet();
    for (const [lo, hi] of pairs) set.add(parsePos(lo), parsePos(hi));
    return set;
  }

  toJSON(): [string, string][] {
    return this.items.map(({ lo, hi }) => [formatPos(lo), formatPos(hi)]);
  }

  get size(): number {
    return this.items.length;
  }

  /** Adds `(lo, hi]`; empty intervals are ignored. */
  add(lo: Pos, hi: Pos): void {
    if (cmpPos(lo, hi) >= 0) return;
    const out: { lo: Pos; hi: Pos }[] = [];
    let cur = { lo, hi };
    let placed = false;
    for (const it of this.items) {
      if (cmpPos(it.hi, cur.lo) < 0) {
        out.push(it); // wholly before (a gap remains between them)
      } else if (cmpPos(cur.hi, it.lo) < 0) {
        if (!placed) {
          out.push(cur);
          placed = true;
        }
        out.push(it); // wholly after
      } else {
        // overlapping or touching: merge
        cur = {
          lo: cmpPos(it.lo, cur.lo) < 0 ? it.lo : cur.lo,
          hi: cmpPos(it.hi, cur.hi) > 0 ? it.hi : cur.hi,
        };
      }
    }
    if (!placed) out.push(cur);
    this.items = out;
  }

  /** Whether position `p` lies in some `(lo, hi]`. */
  covers(p: Pos): boolean {
    // binary search for the first interval whose hi >= p
    let a = 0;
    let b = this.items.length;
    while (a < b) {
      const m = (a + b) >> 1;
      if (cmpPos(this.items[m]!.hi, p) < 0) a = m + 1;
      else b = m;
    }
    const it = this.items[a];
    return it !== undefined && cmpPos(it.lo, p) < 0;
  }

  /** Whether `(lo, hi]` shares any position with the set. */
  intersects(lo: Pos, hi: Pos): boolean {
    if (cmpPos(lo, hi) >= 0) return false;
    for (const it of this.items) if (cmpPos(it.lo, hi) < 0 && cmpPos(lo, it.hi) < 0) return true;
    return false;
  }

  /** Drops everything at or below `f`: intervals wholly below go, one straddling `f` is cut to `(f, hi]`. */
  pruneAtOrBelow(f: Pos): void {
    const out: { lo: Pos; hi: Pos }[] = [];
    for (const it of this.items) {
      if (cmpPos(it.hi, f) <= 0) continue;
      out.push(cmpPos(it.lo, f) < 0 ? { lo: f, hi: it.hi } : it);
    }
    this.items = out;
  }
}
