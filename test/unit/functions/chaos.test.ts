import { describe, expect, it } from 'vitest';
import {
  CHAOS_ENV,
  chaosEnv,
  chaosFromEnv,
  chaosSettings,
  onlyRates,
} from '../../../functions/chaos/chaos-config.ts';
import { chaosUnit } from '../../../functions/chaos/chaos-rng.ts';
import type { DeadLetter } from '../../../functions/state/dead-letters.ts';
import { ProducerDedupe } from '../../../functions/wire/dedupe.ts';
import { decodeEnvelope, forEachEnvelopeRow } from '../../../functions/wire/envelope.ts';
import { replayEnvelope, replaySeq } from '../../../ops/dlq/replay-record.ts';

describe('chaos schedule', () => {
  it('is a pure function of the seed and the coordinates, spread over [0, 1)', () => {
    expect(chaosUnit(7, 'fate', 's1', 'shardId-000000000000', 3, 0)).toBe(
      chaosUnit(7, 'fate', 's1', 'shardId-000000000000', 3, 0),
    );
    expect(chaosUnit(7, 'x', 1)).not.toBe(chaosUnit(8, 'x', 1));
    const draws = Array.from({ length: 2000 }, (_, i) => chaosUnit(1, 'spread', i));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    const low = draws.filter((u) => u < 0.25).length;
    expect(low).toBeGreaterThan(400);
    expect(low).toBeLessThan(600);
  });

  it('round-trips through the function environment; onlyRates turns the others off', () => {
    const s = chaosSettings(42, onlyRates(['zombie'], 0.5));
    expect(s.rates.zombie).toBe(0.5);
    expect(s.rates['crash-before-emit']).toBe(0);
    expect(chaosFromEnv(chaosEnv(s))).toEqual(s);
    expect(chaosFromEnv({})).toBeUndefined();
    expect(() => chaosFromEnv({ [CHAOS_ENV.seed]: 'x' })).toThrow(/integer/);
    expect(() => chaosFromEnv({ [CHAOS_ENV.seed]: '1', [CHAOS_ENV.rates]: '{"nope":1}' })).toThrow();
  });
});

describe('dead-letter replay envelope', () => {
  const letter: DeadLetter = {
    stage: 's1',
    shardId: 'shardId-000000000001',
    seq: '49650000000000000000000000000000000000000000000000000001',
    index: 2,
    reason: 'bad',
    raw: '{"a":1}',
    position: 'orders.jsonl:8',
    at: '',
  };

  it('is a valid envelope of producer replay:<stage> at a position fixed by the dead letter', () => {
    const env = decodeEnvelope(replayEnvelope(letter, '{"a":2}'));
    expect(env.p).toBe('replay:s1');
    expect(env.s).toBe('dlq-shardId-000000000001');
    expect(env.hi).toBe(replaySeq(letter));
    expect(env.eos).toBe(true);
    const rows: unknown[] = [];
    forEachEnvelopeRow(env, (_seq, _i, _t, row) => rows.push(row));
    expect(rows).toEqual(['{"a":2}']);
  });

  it('has the same bytes as before it was built through envelopeText (consumers dedupe on them)', () => {
    expect(replayEnvelope(letter, '{"a":2}')).toBe(
      '{"v":1,"p":"replay:s1","s":"dlq-shardId-000000000001","f":"0",' +
        '"lo":"496500000000000000000000000000000000000000000000000000010001",' +
        '"hi":"496500000000000000000000000000000000000000000000000000010002",' +
        '"q":["496500000000000000000000000000000000000000000000000000010002"],' +
        '"rows":[[0,0,"{\\"a\\":2}"]],"eos":true}',
    );
  });

  it('a second copy is a duplicate for the consumer (I4)', () => {
    const env = decodeEnvelope(replayEnvelope(letter, '{"a":2}'));
    const dedupe = ProducerDedupe.empty();
    expect(dedupe.isFresh(env.lo, env.hi)).toBe(true);
    dedupe.afterRecord(env);
    expect(dedupe.isFresh(env.lo, env.hi)).toBe(false);
    expect(dedupe.isDuplicate(replaySeq(letter), 0)).toBe(true);
    const other = decodeEnvelope(replayEnvelope({ ...letter, index: 3 }, '{}'));
    expect(dedupe.isFresh(other.lo, other.hi)).toBe(true);
  });
});
