import { describe, expect, it } from 'vitest';
import { compile } from '../../../compiler/index.ts';
import { lib } from '../../../functions/expr/library-implementations.ts';

/**
 * md5 and sha224/256/384/512 (DataFusion's digests, as hex text). The expected values are the
 * published test vectors (RFC 1321 for md5, FIPS 180-2 for the SHA-2 family) of 'abc'; md5 and
 * sha256 of the golden events are also checked against DuckDB (test/queries/compat_crypto.sql).
 */
describe('digest functions', () => {
  it('hash the UTF-8 bytes of the text to lowercase hex', () => {
    expect(lib.md5('abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(lib.sha224('abc')).toBe('23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7');
    expect(lib.sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(lib.sha384('abc')).toBe(
      'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7',
    );
    expect(lib.sha512('abc')).toBe(
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    );
    // é is two UTF-8 bytes (c3 a9): md5 of those, not of one Latin-1 byte (DuckDB's md5('é')).
    expect(lib.md5('é')).toBe('66ddcd97cfdeabb2f6fb8a999b4bc76f');
  });

  it('are TEXT functions of one TEXT argument', () => {
    const sql = (e: string) =>
      `CREATE TABLE t (a TEXT, n BIGINT) WITH (connector = 'single_file', path = 'a', type = 'source'); SELECT ${e} AS x FROM t;`;
    const spec = compile(sql('sha256(a)'), { file: 't.sql', baseDir: '/tmp', name: 'digest' });
    expect(JSON.stringify(spec)).toContain('"fn":"sha256"');
    expect(() => compile(sql('md5(n)'), { file: 't.sql', baseDir: '/tmp', name: 'digest' })).toThrow(
      /md5\(\) argument 1 must be TEXT, got BIGINT/,
    );
    expect(() => compile(sql('sha512(a, a)'), { file: 't.sql', baseDir: '/tmp', name: 'digest' })).toThrow(
      /sha512\(\) takes 1 argument, got 2/,
    );
  });
});
