/** Hands out unique column names: `x`, then `x_2`, `x_3`, … */
export class NameAllocator {
  private readonly taken = new Set<string>();
  constructor(initial: Iterable<string> = []) {
    for (const n of initial) this.taken.add(n);
  }
  has(name: string): boolean {
    return this.taken.has(name);
  }
  take(name: string): string {
    let candidate = name;
    for (let i = 2; this.taken.has(candidate); i++) candidate = `${name}_${i}`;
    this.taken.add(candidate);
    return candidate;
  }
}
