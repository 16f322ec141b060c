import { describe, expect, it } from 'vitest';
import { parseS3Location } from '../../../compiler/analyze/s3-location.ts';
import { SqlError } from '../../../compiler/errors/sql-error.ts';
import { isHiddenKey, objectPosition } from '../../../functions/connectors/s3/s3-source-lines.ts';
import { localizeS3Position } from '../../../ops/session/s3-tables.ts';

const POS = { line: 3, column: 7 };

function refusal(path: string): { message: string; hint: string; at: string } {
  try {
    parseS3Location(path, POS);
  } catch (e) {
    expect(e).toBeInstanceOf(SqlError);
    const d = (e as SqlError).diagnostics[0]!;
    return { message: d.message, hint: d.hint ?? '', at: `${d.line}:${d.column}` };
  }
  throw new Error(`${path} was accepted`);
}

describe('filesystem path = s3://<bucket>/<prefix>/', () => {
  it('accepts a bucket with a folder prefix', () => {
    expect(parseS3Location('s3://lake/orders/', POS)).toEqual({ bucket: 'lake', prefix: 'orders/' });
    expect(parseS3Location('s3://my.lake-1/a/b/', POS)).toEqual({ bucket: 'my.lake-1', prefix: 'a/b/' });
  });

  it.each([
    ['lake/orders/', 'is not an S3 URL', 'single_file'],
    ['https://lake/orders/', 'is not an S3 URL', 's3://my-bucket/orders/'],
    ['s3:///orders/', 'names no bucket', 's3://my-bucket/orders/'],
    ['s3://Lake_Data/x/', 'not a valid S3 bucket name', '3-63 characters'],
    ['s3://lake/', 'names a whole bucket', "use a prefix, such as path = 's3://lake/orders/'"],
    ['s3://lake', 'names a whole bucket', "use a prefix, such as path = 's3://lake/orders/'"],
    ['s3://lake//', 'names a whole bucket', "path = 's3://lake/orders/'"],
    ['s3://lake/orders', 'must name a folder', "path = 's3://lake/orders/'"],
    ['s3://lake/a//b/', "empty, '.' or '..' folder", 's3://my-bucket/orders/'],
    ['s3://lake/../b/', "empty, '.' or '..' folder", 's3://my-bucket/orders/'],
    ['s3://lake/day=*/', 'has a wildcard', 'name the folder'],
  ])('refuses %s at the option, naming the fix', (path, message, hint) => {
    const r = refusal(path);
    expect(r.message).toContain(message);
    expect(r.hint).toContain(hint);
    expect(r.at).toBe('3:7');
  });
});

describe('filesystem source objects', () => {
  it('skips hidden names below the prefix, as Hive-style readers do', () => {
    expect(isHiddenKey('in/', 'in/part-0.jsonl')).toBe(false);
    expect(isHiddenKey('in/', 'in/_SUCCESS')).toBe(true);
    expect(isHiddenKey('in/', 'in/_sluice_staging/p/s2/x.jsonl')).toBe(true);
    expect(isHiddenKey('in/', 'in/day=1/.part.crc')).toBe(true);
    expect(isHiddenKey('_in/', '_in/part-0.jsonl')).toBe(false);
  });

  it("maps a line of the whole source to its object's line", () => {
    const starts = [
      { key: 'in/a.jsonl', firstLine: 1 },
      { key: 'in/b.jsonl', firstLine: 11 },
    ];
    expect(objectPosition('lake', starts, 10)).toBe('s3://lake/in/a.jsonl:10');
    expect(objectPosition('lake', starts, 11)).toBe('s3://lake/in/b.jsonl:1');
    expect(objectPosition('lake', [], 3)).toBeUndefined();
    const sources = [{ bucket: 'lake', prefix: 'in/', starts }];
    expect(localizeS3Position('s3://lake/in/:12', sources)).toBe('s3://lake/in/b.jsonl:2');
    expect(localizeS3Position('stream/shardId-0/123', sources)).toBe('stream/shardId-0/123');
  });
});
