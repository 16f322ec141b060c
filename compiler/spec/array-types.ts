import type { ScalarType } from './types.ts';

/** The array types (JSON arrays of scalars at run time; elements may be NULL). */
export type ArrayType = Extract<ScalarType, `${string}[]`>;
export type ElementType = Exclude<ScalarType, ArrayType | 'null'>;

export const isArrayType = (t: ScalarType): t is ArrayType => t.endsWith('[]');

/** `int[]` → `int`. */
export const elementType = (t: ArrayType): ElementType => t.slice(0, -2) as ElementType;

/** `int` → `int[]`; an array of NULLs is TEXT[]. */
export const arrayOf = (t: ScalarType): ArrayType =>
  isArrayType(t) ? t : t === 'null' ? 'string[]' : (`${t}[]` as ArrayType);
