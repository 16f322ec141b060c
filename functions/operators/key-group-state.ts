import type { KeyedState } from './types.ts';

/** Orders map entries by key: numbers numerically, strings (key JSON) by code units. */
export const byKey = (
  a: readonly [number | string, unknown],
  b: readonly [number | string, unknown],
): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** How one entry of a key group is persisted. */
export interface EntryLayout<K, V> {
  save(key: K, value: V): unknown;
  load(entry: unknown): readonly [K, V];
}

/** The default layout: an entry is stored as `[key, value]`. */
export function pairLayout<K, V>(): EntryLayout<K, V> {
  return { save: (key, value) => [key, value], load: (entry) => entry as [K, V] };
}

/** What an operator keeps beside its key groups (an index of deadlines) and must keep in step. */
export interface KeyGroupHooks<K, V> {
  /** A key group's entries were replaced: `old` is what it held (undefined: nothing). */
  dropped?(kg: number, old: Map<K, V> | undefined): void;
  /** A key group was loaded from a committed page with at least one entry. */
  loaded?(kg: number, entries: Map<K, V>): void;
}

/**
 * The key-group state of one stateful operator (ARCHITECTURE "State in DynamoDB"): key group →
 * key → value, with the key groups changed since the last commit. The stage processor writes one
 * page per dirty key group (`exportKeyGroup`: entries sorted by key, undefined when empty) and
 * reloads committed pages with `importKeyGroup`. The operator owns what a value means; this class
 * owns the maps, the dirty set and the page layout, so every operator stores its state the same way.
 */
export class KeyGroupState<K extends number | string, V> implements KeyedState {
  private readonly groups = new Map<number, Map<K, V>>();
  private readonly dirty = new Set<number>();

  constructor(
    private readonly layout: EntryLayout<K, V> = pairLayout(),
    private readonly hooks: KeyGroupHooks<K, V> = {},
  ) {}

  /** The entries of a key group, or undefined when it holds none. */
  get(kg: number): Map<K, V> | undefined {
    return this.groups.get(kg);
  }

  /** The entries of a key group, created empty when absent. */
  open(kg: number): Map<K, V> {
    let entries = this.groups.get(kg);
    if (entries === undefined) {
      entries = new Map();
      this.groups.set(kg, entries);
    }
    return entries;
  }

  /** Forgets a key group (its last entry left). */
  delete(kg: number): void {
    this.groups.delete(kg);
  }

  /** Records that a key group changed, so the next commit writes its page. */
  markDirty(kg: number): void {
    this.dirty.add(kg);
  }

  dirtyKeyGroups(): Iterable<number> {
    return this.dirty;
  }

  clearDirty(): void {
    this.dirty.clear();
  }

  keyGroups(): Iterable<number> {
    return this.groups.keys();
  }

  exportKeyGroup(kg: number): unknown[] | undefined {
    const entries = this.groups.get(kg);
    if (entries === undefined || entries.size === 0) return undefined;
    return [...entries].sort(byKey).map(([k, v]) => this.layout.save(k, v));
  }

  importKeyGroup(kg: number, state: unknown): void {
    this.hooks.dropped?.(kg, this.groups.get(kg));
    this.groups.delete(kg);
    if (state === undefined || state === null) return;
    const entries = new Map<K, V>((state as unknown[]).map((e) => this.layout.load(e)));
    if (entries.size === 0) return;
    this.groups.set(kg, entries);
    this.hooks.loaded?.(kg, entries);
  }
}
