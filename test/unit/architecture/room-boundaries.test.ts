// The rooms' import rules (docs/architecture.md), read from the source files themselves: a change
// that crosses a room other than through its door, or makes two functions/ folders import each
// other, fails here with the offending import named.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const ROOMS = ['cli', 'compiler', 'console', 'functions', 'infra', 'localstack', 'ops'] as const;

interface Edge {
  readonly from: string;
  readonly to: string;
}

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function importEdges(): Edge[] {
  const pattern = /(?:import|export)\s[^'";]*?from\s*'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g;
  const edges: Edge[] = [];
  for (const room of ROOMS) {
    for (const file of sources(join(root, room))) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(pattern)) {
        const target = match[1] ?? match[2];
        if (target === undefined) continue;
        const to = relative(root, resolve(dirname(file), target)).replace(/\.js$/, '.ts');
        edges.push({ from: relative(root, file), to });
      }
    }
  }
  return edges;
}

const roomOf = (path: string): string => path.split('/')[0] ?? '';
const folderOf = (path: string): string => path.split('/').slice(0, 2).join('/');
/** A room's door, or the PipelineSpec's (`compiler/spec/index.ts`), the contract every room reads. */
const isDoor = (path: string): boolean =>
  path === `${roomOf(path)}/index.ts` || path === 'compiler/spec/index.ts';
const show = (edges: readonly Edge[]): string[] => edges.map((e) => `${e.from} -> ${e.to}`);

const edges = importEdges();
const crossing = edges.filter((e) => roomOf(e.from) !== roomOf(e.to));

describe('room boundaries', () => {
  it('reads a real import graph', () => {
    expect(edges.length).toBeGreaterThan(500);
    expect(crossing.length).toBeGreaterThan(20);
  });

  it('every cross-room import goes through the target room’s door', () => {
    expect(show(crossing.filter((e) => !isDoor(e.to)))).toEqual([]);
  });

  it('nothing imports the CLI, and the CLI reaches the console only through its door', () => {
    const forbidden = crossing.filter(
      (e) => roomOf(e.to) === 'cli' || (roomOf(e.to) === 'console' && !isDoor(e.to)),
    );
    expect(show(forbidden)).toEqual([]);
  });

  it('each room imports only the rooms docs/architecture.md allows it', () => {
    const spec = ['compiler'];
    const allowed: Record<string, readonly string[]> = {
      compiler: [],
      functions: spec,
      localstack: [...spec, 'functions'],
      ops: ['compiler', 'functions', 'infra', 'localstack'],
      infra: ['compiler', 'functions', 'ops'],
      console: ['compiler', 'functions', 'localstack', 'ops'],
      cli: ['compiler', 'console', 'functions', 'infra', 'localstack', 'ops'],
    };
    const refused = crossing.filter((e) => {
      const may = allowed[roomOf(e.from)] ?? [];
      const specOnly = roomOf(e.from) === 'functions' || roomOf(e.from) === 'localstack';
      if (specOnly && roomOf(e.to) === 'compiler') return e.to !== 'compiler/spec/index.ts';
      return !may.includes(roomOf(e.to));
    });
    expect(show(refused)).toEqual([]);
  });

  it('no two folders inside functions/ import each other', () => {
    const pairs = new Set<string>();
    for (const e of edges) {
      if (roomOf(e.from) !== 'functions' || roomOf(e.to) !== 'functions') continue;
      if (e.from.split('/').length < 3 || e.to.split('/').length < 3) continue;
      if (folderOf(e.from) !== folderOf(e.to)) pairs.add(`${folderOf(e.from)} -> ${folderOf(e.to)}`);
    }
    const twoWay = [...pairs].filter((p) => {
      const [a, b] = p.split(' -> ');
      return a !== undefined && b !== undefined && a < b && pairs.has(`${b} -> ${a}`);
    });
    expect(twoWay).toEqual([]);
  });
});
