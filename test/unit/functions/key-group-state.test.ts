import { describe, expect, it } from 'vitest';
import type { OperatorSpec } from '../../../compiler/spec/index.ts';
import { KeyGroupState } from '../../../functions/operators/key-group-state.ts';
import { createOperatorChain } from '../../../functions/operators/operator-chain.ts';
import { col } from './fixtures.ts';

describe('KeyGroupState', () => {
  it('tracks dirty key groups, exports entries sorted by key, and nothing for an empty group', () => {
    const s = new KeyGroupState<string, number>();
    s.open(3).set('b', 2);
    s.open(3).set('a', 1);
    s.open(5);
    s.markDirty(3);
    s.markDirty(5);
    expect([...s.dirtyKeyGroups()]).toEqual([3, 5]);
    expect(s.exportKeyGroup(3)).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expect(s.exportKeyGroup(5)).toBeUndefined();
    expect(s.exportKeyGroup(7)).toBeUndefined();
    s.clearDirty();
    expect([...s.dirtyKeyGroups()]).toEqual([]);
    expect([...s.keyGroups()]).toEqual([3, 5]);
  });

  it('import replaces a group through the layout and tells the hooks; undefined or [] clears it', () => {
    const events: string[] = [];
    const s = new KeyGroupState<string, { n: number }>(
      {
        save: (k, v) => [k, v.n],
        load: (e) => [(e as [string, number])[0], { n: (e as [string, number])[1] }],
      },
      {
        dropped: (kg, old) => events.push(`drop ${kg} ${old?.size ?? '-'}`),
        loaded: (kg, entries) => events.push(`load ${kg} ${entries.size}`),
      },
    );
    s.importKeyGroup(1, [
      ['y', 2],
      ['x', 1],
    ]);
    expect(s.get(1)?.get('x')).toEqual({ n: 1 });
    expect(s.exportKeyGroup(1)).toEqual([
      ['x', 1],
      ['y', 2],
    ]);
    s.importKeyGroup(1, []);
    expect(s.get(1)).toBeUndefined();
    s.importKeyGroup(2, undefined);
    expect(events).toEqual(['drop 1 -', 'load 1 2', 'drop 1 2', 'drop 2 -']);
    expect([...s.dirtyKeyGroups()]).toEqual([]);
  });
});

/** Pages are stored in DynamoDB and read back by later versions: their JSON must not drift. */
describe('state page layouts', () => {
  const count = [{ name: 'n', fn: 'count_star', arg: null, type: 'int' }] as const;
  const windowAggregate = (
    window: Extract<OperatorSpec, { kind: 'window_aggregate' }>['window'],
  ): OperatorSpec => ({
    kind: 'window_aggregate',
    window,
    keys: ['k'],
    aggregates: [...count],
    windowStartColumn: 'ws',
    windowEndColumn: 'we',
  });
  const join = { sideColumn: '__side', keys: ['__k0'], left: ['a'], right: ['b'], residual: null };
  const cases: [string, OperatorSpec, [Record<string, unknown>, number][], string][] = [
    [
      'window aggregate',
      windowAggregate({ kind: 'tumble', sizeMs: 10 }),
      [
        [{ k: 'x' }, 15],
        [{ k: 'x' }, 3],
      ],
      '{"0":[[0,[["[\\"x\\"]",[1,0]]]],[10,[["[\\"x\\"]",[1,0]]]]]}',
    ],
    [
      'session aggregate',
      windowAggregate({ kind: 'session', gapMs: 5 }),
      [
        [{ k: 'x' }, 1],
        [{ k: 'x' }, 3],
      ],
      '{"0":[["[\\"x\\"]",[[1,8,[2,0]]]]]}',
    ],
    [
      'top-n',
      {
        kind: 'top_n',
        fn: 'row_number',
        partitionBy: ['p'],
        windowEnd: 'we',
        orderBy: [{ column: 'v', desc: false, nullsFirst: false }],
        rankColumn: 'rn',
        limit: null,
      },
      [[{ p: 'x', we: 10, v: 1 }, 9]],
      '{"0":[["[\\"x\\"]",[10,[[{"p":"x","we":10,"v":1},9]]]]]}',
    ],
    [
      'updating aggregate',
      {
        kind: 'updating_aggregate',
        keys: ['k'],
        aggregates: [...count],
        having: null,
        columns: [{ name: 'n', expr: col('n') }],
      },
      [[{ k: 'x' }, 1]],
      '{"0":[["[\\"x\\"]",[[1,0],{"n":1},1]]]}',
    ],
    [
      'window join',
      { kind: 'window_join', joinType: 'inner', sizeMs: 10, ...join },
      [
        [{ __side: 0, __k0: 'x', a: 1 }, 12],
        [{ __side: 1, __k0: 'x', b: 2 }, 1],
      ],
      '{"0":[[0,[["[\\"x\\"]",[[],[{"b":2}]]]]],[10,[["[\\"x\\"]",[[{"a":1}],[]]]]]]}',
    ],
    [
      'updating join',
      { kind: 'updating_join', joinType: 'left', ttlMs: 5, ...join },
      [
        [{ __side: 0, __k0: 'x', a: 1 }, 1],
        [{ __side: 1, __k0: 'x', b: 2 }, 2],
      ],
      '{"0":[["[\\"x\\"]",[[{"a":1},1,1]],[[{"b":2},2,0]]]]}',
    ],
  ];
  it.each(cases)('%s', (_name, op, rows, page) => {
    const chain = createOperatorChain({ operators: [op] }, { keyGroups: 1 });
    for (const [row, t] of rows) chain.push(row, t);
    expect(JSON.stringify(chain.state?.exportKeyGroup(0))).toBe(page);
    // A page read back restores the same state, which exports the same page.
    const restored = createOperatorChain({ operators: [op] }, { keyGroups: 1 });
    restored.state?.importKeyGroup(0, JSON.parse(page));
    expect(JSON.stringify(restored.state?.exportKeyGroup(0))).toBe(page);
  });
});
