/** A node of the stage graph and the stages it reads from. */
export interface DagNode {
  readonly id: string;
  readonly upstream: readonly string[];
}

export interface Placed {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly layer: number;
}

/**
 * Layered layout of a small DAG: a node's layer is the longest path from a source; nodes in a
 * layer are ordered by the mean position of their parents (one barycentre pass), then centred.
 */
export function layoutDag(nodes: readonly DagNode[], gapX: number, gapY: number): Placed[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const layer = new Map<string, number>();
  const visit = (id: string, seen: Set<string>): number => {
    const known = layer.get(id);
    if (known !== undefined) return known;
    if (seen.has(id)) return 0;
    seen.add(id);
    const ups = (byId.get(id)?.upstream ?? []).filter((u) => byId.has(u));
    const l = ups.length === 0 ? 0 : Math.max(...ups.map((u) => visit(u, seen) + 1));
    layer.set(id, l);
    return l;
  };
  for (const n of nodes) visit(n.id, new Set());
  const layers: string[][] = [];
  for (const n of nodes) {
    const l = layer.get(n.id) ?? 0;
    const list = layers[l] ?? [];
    list.push(n.id);
    layers[l] = list;
  }
  const order = new Map<string, number>();
  const maxWidth = Math.max(1, ...layers.map((l) => l.length));
  const placed: Placed[] = [];
  layers.forEach((ids, l) => {
    const bary = (id: string) => {
      const ups = byId.get(id)?.upstream ?? [];
      const pos = ups.map((u) => order.get(u)).filter((p): p is number => p !== undefined);
      return pos.length === 0 ? 0 : pos.reduce((a, b) => a + b, 0) / pos.length;
    };
    const sorted = l === 0 ? ids : [...ids].sort((a, b) => bary(a) - bary(b));
    const offset = (maxWidth - sorted.length) / 2;
    sorted.forEach((id, i) => {
      order.set(id, i + offset);
      placed.push({ id, layer: l, x: l * gapX, y: (i + offset) * gapY });
    });
  });
  return placed;
}
