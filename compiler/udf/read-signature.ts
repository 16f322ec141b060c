import type * as TS from 'typescript';
import { isArrayType } from '../spec/array-types.ts';
import type { UdfSpec, UdfValueType } from '../spec/udf-spec.ts';
import { mapType, promiseResult, type TypeContext, TypeRefusal } from './ts-types.ts';
import type { UdfOptions } from './udf-config.ts';
import type { UdfErrorCode } from './udf-error.ts';

export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_TIMEOUT_MS = 5_000;

export type FnNode = TS.FunctionDeclaration | TS.ArrowFunction | TS.FunctionExpression;

/** Throws a positioned UdfError (read-udf-module.ts). */
export type Fail = (code: UdfErrorCode, node: TS.Node, problem: string, hint: string) => never;

/** One function's signature as a spec entry, minus what only the module knows (id, module, hash, pos). */
export type Signature = Pick<UdfSpec, 'kind' | 'params' | 'returns' | 'async'>;

/**
 * Reads one exported function's signature: each parameter's and the result's SQL type, whether it
 * is an aggregate (one array parameter, unless `config` says otherwise) and, for `Promise<T>`
 * results, its async options. Refuses what a SQL call cannot honour.
 */
export function readSignature(
  name: TS.Identifier,
  fn: FnNode,
  opts: UdfOptions,
  cx: TypeContext,
  fail: Fail,
  optionsNode: TS.Node,
): Signature {
  const { ts } = cx;
  const where = `${name.text}()`;
  const invalid = (node: TS.Node, problem: string, hint: string): never =>
    fail('UDF_INVALID_SIGNATURE', node, problem, hint);
  const typed = (node: TS.TypeNode, prefix: string): UdfValueType => {
    try {
      return mapType(node, cx);
    } catch (e) {
      if (e instanceof TypeRefusal) return fail(e.code, e.node, `${prefix}${e.problem}`, e.hint);
      throw e;
    }
  };
  if (fn.typeParameters !== undefined)
    invalid(fn.typeParameters[0] ?? fn, `${where} is generic`, 'give it concrete types');
  const params = fn.parameters.map((p) => {
    if (!ts.isIdentifier(p.name))
      return invalid(p, `${where}: destructured parameters are not supported`, 'name each parameter');
    const pname = p.name.text;
    if (p.dotDotDotToken !== undefined)
      invalid(p, `${where}: rest parameter ...${pname} is not supported`, 'declare each parameter');
    if (p.questionToken !== undefined || p.initializer !== undefined)
      invalid(
        p,
        `${where}: optional parameter ${pname} is not supported`,
        `SQL calls pass every argument: declare ${pname}: T | null and call it with NULL`,
      );
    if (p.type === undefined)
      return invalid(p, `${where}: parameter ${pname} has no type`, `annotate it, e.g. ${pname}: number`);
    return { name: pname, type: typed(p.type, `${where} parameter ${pname}: `) };
  });
  if (fn.type === undefined)
    return invalid(
      name,
      `${where} has no return type`,
      `annotate it, e.g. function ${name.text}(…): number (or : Promise<string> when async)`,
    );
  const awaited = promiseResult(fn.type, cx);
  const returns = typed(awaited ?? fn.type, `${where} result: `);
  // Arroyo's convention: one array parameter per argument column (one or two, as max_product(a, b)).
  const lone = params.length >= 1 && params.length <= 2 && params.every((p) => isArrayType(p.type.type));
  const aggregate = opts.aggregate ?? lone;
  if (aggregate && !lone)
    invalid(
      name,
      `aggregate ${where} must take one or two array parameters (the values of each argument), got ${params.length} parameter(s)`,
      `declare it as function ${name.text}(values: number[]): number`,
    );
  if (aggregate && awaited !== undefined)
    invalid(name, `aggregate ${where} cannot be async`, 'aggregate UDFs must return their result directly');
  if (awaited === undefined && (opts.concurrency !== undefined || opts.timeoutMs !== undefined))
    fail(
      'UDF_INVALID_CONFIG',
      optionsNode,
      `config.${name.text} sets concurrency/timeoutMs, but ${where} is not async`,
      'only async UDFs (returning a Promise) take these options',
    );
  return {
    kind: aggregate ? 'aggregate' : 'scalar',
    params,
    returns,
    async:
      awaited === undefined
        ? null
        : {
            concurrency: opts.concurrency ?? DEFAULT_CONCURRENCY,
            timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
          },
  };
}
