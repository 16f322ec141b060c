import { describe, expect, it } from 'vitest';
import type { Field, SinkSpec } from '../../../compiler/spec/index.ts';
import { createSinkFormatter } from '../../../functions/connectors/sink-format.ts';
import { changeRow } from '../../../functions/operators/change-row.ts';

const schema: Field[] = [
  { name: 'k', type: 'string', nullable: true },
  { name: 'at', type: 'timestamp', nullable: true },
  { name: 'times', type: 'timestamp[]', nullable: true },
];
const file = (format: 'json' | 'debezium_json'): SinkSpec => ({
  kind: 'single_file',
  table: 't',
  path: 'x',
  format,
});

describe('sink formats', () => {
  it('json writes the row, timestamps (also in arrays) as ISO 8601', () => {
    expect(
      createSinkFormatter(schema, file('json'))({ k: 'a', at: 0, times: [1000, null], extra: 1 }),
    ).toEqual({
      k: 'a',
      at: '1970-01-01T00:00:00.000Z',
      times: ['1970-01-01T00:00:01.000Z', null],
    });
  });

  it('debezium_json writes changes as before/after/op, and a plain row as a create', () => {
    const fmt = createSinkFormatter(schema, file('debezium_json'));
    expect(fmt(changeRow({ k: 'a', at: 0, times: null }, { k: 'a', at: 1, times: null }, 'u'))).toEqual({
      before: { k: 'a', at: '1970-01-01T00:00:00.000Z', times: null },
      after: { k: 'a', at: '1970-01-01T00:00:00.001Z', times: null },
      op: 'u',
    });
    expect(fmt({ k: 'b', at: null, times: null })).toEqual({
      before: null,
      after: { k: 'b', at: null, times: null },
      op: 'c',
    });
  });

  it('a change row never reaches a plain json sink silently', () => {
    expect(() => createSinkFormatter(schema, file('json'))(changeRow(null, { k: 'a' }, 'c'))).toThrow(
      /change row/,
    );
  });
});
