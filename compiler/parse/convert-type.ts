import type { AstType } from '../ast/expr.ts';
import { type Pos, sqlError, unsupported } from '../errors/sql-error.ts';
import { type Raw, variant } from './raw.ts';
import { UNSIGNED } from './unsigned-types.ts';

const TYPES: Readonly<Record<string, AstType>> = {
  Text: 'string',
  Varchar: 'string',
  String: 'string',
  CharacterVarying: 'string',
  Char: 'string',
  Character: 'string',
  Int: 'int',
  Integer: 'int',
  BigInt: 'int',
  SmallInt: 'int',
  TinyInt: 'int',
  Int2: 'int',
  Int4: 'int',
  Int8: 'int',
  Int64: 'int',
  Float: 'float',
  Double: 'float',
  DoublePrecision: 'float',
  Real: 'float',
  Decimal: 'float',
  Numeric: 'float',
  Float4: 'float',
  Float8: 'float',
  Float64: 'float',
  Boolean: 'bool',
  Bool: 'bool',
  Timestamp: 'timestamp',
  Datetime: 'timestamp',
  // JSON text; a source column of type JSON takes any JSON value (convert-column.ts).
  JSON: 'string',
};

export const TYPE_NAMES_HINT = 'use TEXT, BIGINT, INT, DOUBLE, FLOAT, BOOLEAN or TIMESTAMP';

export function convertType(raw: Raw, pos: Pos): AstType {
  const [tag, inner] = variant(raw);
  if (tag === 'Array') {
    // `TEXT[]` / `ARRAY<TEXT>`: { Array: { SquareBracket: [elem, size] } | { AngleBracket: elem } }.
    const [, def] = variant(inner);
    const elem = convertType(Array.isArray(def) ? def[0] : def, pos);
    if (elem.endsWith('[]'))
      throw sqlError(
        'SQL_UNSUPPORTED',
        pos,
        'arrays of arrays are not supported',
        'use TEXT[] with JSON text',
      );
    return `${elem}[]` as AstType;
  }
  // CAST(x AS BIGINT UNSIGNED): sluice's one integer type (a source column also checks the range).
  const t = TYPES[tag] ?? (UNSIGNED[tag] === undefined ? undefined : 'int');
  if (t === undefined) unsupported(pos, `type ${tag}`, TYPE_NAMES_HINT);
  return t;
}
