import { castHint, sqlTypeName, unify } from '../analyze/type-rules.ts';
import { type Pos, sqlError } from '../errors/sql-error.ts';
import { type ArrayType, elementType, isArrayType } from '../spec/array-types.ts';
import type { Expr } from '../spec/expr.ts';
import type { ScalarType } from '../spec/types.ts';
import type { UdfValueType } from '../spec/udf-spec.ts';
import type { UdfDef } from './read-udf-module.ts';
import { currentUdfCatalog } from './udf-scope.ts';

/** `discount(price DOUBLE)`: the SQL view of a UDF's signature, for hints. */
export function udfUsage(def: UdfDef): string {
  const params = def.params.map((p) => `${p.name} ${typeName(p.type)}`).join(', ');
  return `${def.name}(${params}) → ${typeName(def.returns)}, declared at ${def.pos.file}:${def.pos.line}:${def.pos.column}`;
}

const typeName = (t: UdfValueType): string => `${sqlTypeName(t.type)}${t.nullable ? ' NULL' : ''}`;

/** An argument of type `arg` fits a parameter of type `param` (NULL fits all; BIGINT widens to DOUBLE). */
const fits = (param: ScalarType, arg: ScalarType): boolean => arg === 'null' || unify(param, arg) === param;

function checkArg(def: UdfDef, i: number, param: ScalarType, arg: Expr, pos: Pos): void {
  if (fits(param, arg.type)) return;
  const p = def.params[i];
  throw sqlError(
    'SQL_TYPE_MISMATCH',
    pos,
    `${def.name}() argument ${i + 1} (${p?.name ?? '?'}) must be ${sqlTypeName(param)}, got ${sqlTypeName(arg.type)}`,
    `${castHint('the argument', param)}; the UDF is ${udfUsage(def)}`,
  );
}

/** Types a call of a scalar UDF: the argument count and each argument's type against the signature. */
export function bindUdfCall(def: UdfDef, args: readonly Expr[], pos: Pos): Expr {
  if (args.length !== def.params.length)
    throw sqlError(
      'SQL_TYPE_MISMATCH',
      pos,
      `${def.name}() takes ${def.params.length} argument${def.params.length === 1 ? '' : 's'}, got ${args.length}`,
      `call it as ${udfUsage(def)}`,
    );
  def.params.forEach((p, i) => {
    checkArg(def, i, p.type.type, args[i]!, pos);
  });
  currentUdfCatalog()?.use(def, pos);
  return { kind: 'udf', udf: def.id, args, type: def.returns.type, nullable: def.returns.nullable };
}

/** Types an aggregate UDF's argument `i` against its array parameter's element type. */
export function bindUdafArg(
  def: UdfDef,
  i: number,
  arg: Expr,
  pos: Pos,
): { fn: 'udaf'; type: ScalarType; udf: string } {
  const param = def.params[i]?.type.type;
  if (param === undefined || !isArrayType(param)) throw new Error(`UDF ${def.id} is not an aggregate`);
  checkArg(def, i, elementType(param as ArrayType), arg, pos);
  currentUdfCatalog()?.use(def, pos);
  return { fn: 'udaf', type: def.returns.type, udf: def.id };
}
