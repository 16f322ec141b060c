import type { UnsignedBits } from '../ast/statement.ts';

/**
 * Arroyo's unsigned integer types (UInt8 … UInt64 in Arrow): sluice keeps them as its one integer
 * type and checks the range when a source decodes a value (functions/runtime/source-parser.ts).
 */
export const UNSIGNED: Readonly<Record<string, UnsignedBits>> = {
  TinyIntUnsigned: 8,
  UTinyInt: 8,
  UInt8: 8,
  SmallIntUnsigned: 16,
  USmallInt: 16,
  UInt16: 16,
  MediumIntUnsigned: 32,
  IntUnsigned: 32,
  IntegerUnsigned: 32,
  Int4Unsigned: 32,
  UInt32: 32,
  BigIntUnsigned: 64,
  Int8Unsigned: 64,
  UBigInt: 64,
  UInt64: 64,
};
