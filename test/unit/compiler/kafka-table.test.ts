import { describe, expect, it } from 'vitest';
import { SqlError } from '../../../compiler/errors/sql-error.ts';
import { compile } from '../../../compiler/index.ts';

const source = (opts: string, cols = 'id BIGINT') => `CREATE TABLE events (${cols}) WITH (
  connector = 'kafka', type = 'source', ${opts}
);
CREATE TABLE out WITH (connector = 'single_file', type = 'sink', path = '/tmp/out.jsonl');
INSERT INTO out SELECT * FROM events;`;

const fails = (sql: string): string => {
  try {
    compile(sql, { name: 'k' });
  } catch (e) {
    if (e instanceof SqlError) return `${e.message}\n${e.diagnostics.map((d) => d.hint).join('\n')}`;
    throw e;
  }
  throw new Error('compiled');
};

describe('connector = kafka', () => {
  it('a source with METADATA FROM columns', () => {
    const spec = compile(
      source(
        "bootstrap_servers = 'localhost:9092', topic = 't'",
        "id BIGINT, p BIGINT METADATA FROM 'partition', k TEXT METADATA FROM 'key'",
      ),
      { name: 'k' },
    );
    const input = spec.stages[0]!.input;
    expect(input.kind === 'source' && input.source).toMatchObject({
      kind: 'kafka',
      topic: 't',
      bootstrapServers: ['localhost:9092'],
      offset: 'latest',
      metadata: [
        { column: 'p', field: 'partition' },
        { column: 'k', field: 'key' },
      ],
    });
    expect(input.kind === 'source' && input.stream).toBe('kafka:t');
  });

  it('a schema error names the option at its line:column', () => {
    expect(fails(source("bootstrap_servers = 'nope', topic = 't'"))).toMatch(
      /^2:41: kafka table events: option bootstrap_servers: must be host:port/,
    );
    expect(fails(source("bootstrap_servers = 'h:1', topic = 't', 'auth.type' = 'sasl'"))).toMatch(
      /auth\.mechanism is required with auth\.type = 'sasl'/,
    );
  });

  it('an unknown metadata field, and a metadata column on another connector, are refused', () => {
    expect(fails(source("bootstrap_servers = 'h:1', topic = 't'", "id BIGINT METADATA FROM 'nope'"))).toMatch(
      /METADATA FROM 'nope' is not a Kafka metadata field/,
    );
    expect(
      fails(
        "CREATE TABLE e (id BIGINT METADATA FROM 'topic') WITH (connector = 'single_file', type = 'source', path = '/tmp/x');\nCREATE TABLE o WITH (connector = 'single_file', type = 'sink', path = '/tmp/o');\nINSERT INTO o SELECT * FROM e;",
      ),
    ).toMatch(/only kafka sources have metadata fields/);
  });

  it("sink.commit_mode = 'exactly_once' is refused with the reason and the alternative", () => {
    const msg =
      fails(`CREATE TABLE e (id BIGINT) WITH (connector = 'single_file', type = 'source', path = '/tmp/x');
CREATE TABLE o WITH (connector = 'kafka', type = 'sink', bootstrap_servers = 'h:1', topic = 'o', 'sink.commit_mode' = 'exactly_once');
INSERT INTO o SELECT * FROM e;`);
    expect(msg).toMatch(/^2:\d+: sink\.commit_mode = 'exactly_once' is not supported/);
    expect(msg).toContain('at_least_once');
  });
});
