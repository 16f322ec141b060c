import { type Expr, isLibraryFn, type ScalarType } from '../../compiler/spec/index.ts';
import { udfCaller } from '../udf/udf-caller.ts';
import { genLibraryCall } from './library-codegen.ts';
import { likeRegex, parseTimestamp, runtime } from './runtime.ts';

export type Value = string | number | boolean | null;
export type Row = Record<string, unknown>;
export type CompiledExpr = (row: Row) => Value;

/**
 * Compiles an Expr to JS source, one expression per node, with temporaries for NULL checks.
 * The generated function calls runtime helpers as `h.*` and precomputed constants as `c[i]`.
 * SQL semantics: NULL propagation; three-valued AND/OR/NOT; int/int truncates; /0 and %0 throw.
 */
export class ExprCodegen {
  private temps = 0;
  readonly consts: unknown[] = [];

  tempDecl(): string {
    return this.temps === 0 ? '' : `let ${Array.from({ length: this.temps }, (_, i) => `t${i}`).join(', ')};`;
  }

  private tmp(): string {
    return `t${this.temps++}`;
  }

  private konst(v: unknown): string {
    this.consts.push(v);
    return `c[${this.consts.length - 1}]`;
  }

  gen(e: Expr): string {
    switch (e.kind) {
      case 'column':
        return `(r[${JSON.stringify(e.name)}] ?? null)`;
      case 'literal':
        return literal(e.value, e.type);
      case 'binary':
        return this.binary(e);
      case 'unary': {
        const a = this.tmp();
        const x = this.gen(e.operand);
        return e.op === 'not'
          ? `((${a} = ${x}) === null ? null : !${a})`
          : `((${a} = ${x}) === null ? null : -${a})`;
      }
      case 'case':
        return this.caseExpr(e);
      case 'cast': {
        const a = this.tmp();
        const from = e.expr.type;
        if (from === e.type) return this.gen(e.expr);
        return `((${a} = ${this.gen(e.expr)}) === null ? null : h.cast(${a}, '${from}', '${e.type}'))`;
      }
      case 'is_null': {
        const x = this.gen(e.expr);
        return e.negated ? `(${x} !== null)` : `(${x} === null)`;
      }
      case 'like':
        return this.like(e);
      case 'in_list':
        return this.inList(e);
      case 'call':
        return this.call(e);
      case 'udf': {
        const f = this.konst(udfCaller(e.udf));
        return `${f}(${e.args.map((a) => this.gen(a)).join(', ')})`;
      }
      default: {
        const never: never = e;
        throw new Error(`unknown expression ${JSON.stringify(never)}`);
      }
    }
  }

  private binary(e: Extract<Expr, { kind: 'binary' }>): string {
    const a = this.tmp();
    const b = this.tmp();
    const L = this.gen(e.left);
    const R = this.gen(e.right);
    const nulls = `${a} === null || ${b} === null ? null : `;
    const both = (body: string) => `((${a} = ${L}), (${b} = ${R}), ${nulls}${body})`;
    switch (e.op) {
      case '+':
        return both(`${a} + ${b}`);
      case '-':
        return both(`${a} - ${b}`);
      case '*':
        return both(`${a} * ${b}`);
      case '/': {
        const intDiv = e.left.type === 'int' && e.right.type === 'int';
        return both(
          `${b} === 0 ? h.divisionByZero() : ${intDiv ? `Math.trunc(${a} / ${b})` : `${a} / ${b}`}`,
        );
      }
      case '%':
        return both(`${b} === 0 ? h.divisionByZero() : ${a} % ${b}`);
      case '=':
        return both(`${a} === ${b}`);
      case '<>':
        return both(`${a} !== ${b}`);
      case '<':
        return both(`${a} < ${b}`);
      case '<=':
        return both(`${a} <= ${b}`);
      case '>':
        return both(`${a} > ${b}`);
      case '>=':
        return both(`${a} >= ${b}`);
      case '||':
        return both(`${this.text(a, e.left.type)} + ${this.text(b, e.right.type)}`);
      case 'and':
        return `((${a} = ${L}) === false ? false : (${b} = ${R}) === false ? false : ${a} === null || ${b} === null ? null : true)`;
      case 'or':
        return `((${a} = ${L}) === true ? true : (${b} = ${R}) === true ? true : ${a} === null || ${b} === null ? null : false)`;
      default: {
        const never: never = e.op;
        throw new Error(`unknown operator ${String(never)}`);
      }
    }
  }

  /** Text of a non-null temp of static type `type`. */
  private text(v: string, type: ScalarType): string {
    return type === 'string' ? v : `h.toText(${v}, '${type}')`;
  }

  private caseExpr(e: Extract<Expr, { kind: 'case' }>): string {
    const elseCode = e.else === null ? 'null' : this.gen(e.else);
    let op = '';
    if (e.operand !== null) op = this.tmp();
    let code = elseCode;
    for (let i = e.whens.length - 1; i >= 0; i--) {
      const w = e.whens[i]!;
      const cond =
        e.operand === null
          ? `${this.gen(w.when)} === true`
          : (() => {
              const t = this.tmp();
              return `(${op} !== null && (${t} = ${this.gen(w.when)}) !== null && ${op} === ${t})`;
            })();
      code = `(${cond} ? ${this.gen(w.then)} : ${code})`;
    }
    return e.operand === null ? code : `((${op} = ${this.gen(e.operand)}), ${code})`;
  }

  private like(e: Extract<Expr, { kind: 'like' }>): string {
    const a = this.tmp();
    const neg = e.negated ? '!' : '';
    if (e.pattern.kind === 'literal') {
      if (e.pattern.value === null) return 'null';
      const re = this.konst(likeRegex(String(e.pattern.value)));
      return `((${a} = ${this.gen(e.expr)}) === null ? null : ${neg}${re}.test(${a}))`;
    }
    const b = this.tmp();
    return `((${a} = ${this.gen(e.expr)}), (${b} = ${this.gen(e.pattern)}), ${a} === null || ${b} === null ? null : ${neg}h.like(${a}, ${b}))`;
  }

  private inList(e: Extract<Expr, { kind: 'in_list' }>): string {
    const a = this.tmp();
    const x = `(${a} = ${this.gen(e.expr)})`;
    const [yes, no] = e.negated ? ['false', 'true'] : ['true', 'false'];
    if (e.list.every((l) => l.kind === 'literal')) {
      const values = e.list.map((l) => literalValue((l as { value: Value }).value, l.type));
      const present = values.filter((v) => v !== null);
      const fallback = values.includes(null) ? 'null' : no;
      // Short lists compare inline (faster than a Set lookup); long ones use a Set.
      const test =
        present.length <= 8
          ? present.map((v) => `${a} === ${JSON.stringify(v)}`).join(' || ') || 'false'
          : `${this.konst(new Set(present))}.has(${a})`;
      return `(${x} === null ? null : (${test}) ? ${yes} : ${fallback})`;
    }
    const sawNull = this.tmp();
    const found = this.tmp();
    const checks = e.list.map((item) => {
      const t = this.tmp();
      return `((${t} = ${this.gen(item)}) === null ? (${sawNull} = true) : ${t} === ${a} && (${found} = true))`;
    });
    return `(${x} === null ? null : ((${sawNull} = false), (${found} = false), ${checks.join(', ')}, ${found} ? ${yes} : ${sawNull} ? null : ${no}))`;
  }

  private call(e: Extract<Expr, { kind: 'call' }>): string {
    if (isLibraryFn(e.fn))
      return genLibraryCall(
        e.fn,
        e.args,
        (x) => this.gen(x),
        () => this.tmp(),
      );
    const args = e.args;
    const unary = (body: (v: string) => string) => {
      const a = this.tmp();
      return `((${a} = ${this.gen(args[0]!)}) === null ? null : ${body(a)})`;
    };
    switch (e.fn) {
      case 'upper':
        return unary((v) => `${v}.toUpperCase()`);
      case 'lower':
        return unary((v) => `${v}.toLowerCase()`);
      case 'length':
        return unary((v) => `h.charLength(${v})`);
      case 'abs':
        return unary((v) => `Math.abs(${v})`);
      case 'concat': {
        const parts = args.map((arg) => {
          const t = this.tmp();
          return `((${t} = ${this.gen(arg)}) === null ? '' : ${this.text(t, arg.type)})`;
        });
        return parts.length === 0 ? "''" : `(${parts.join(' + ')})`;
      }
      case 'substr': {
        const [s, st, ln] = [this.tmp(), this.tmp(), this.tmp()];
        const lenCode = args[2] === undefined ? 'undefined' : this.gen(args[2]);
        return `((${s} = ${this.gen(args[0]!)}), (${st} = ${this.gen(args[1]!)}), (${ln} = ${lenCode}), ${s} === null || ${st} === null || ${ln} === null ? null : h.substr(${s}, ${st}, ${ln}))`;
      }
      case 'coalesce': {
        let code = 'null';
        for (let i = args.length - 1; i >= 0; i--) {
          const t = this.tmp();
          code = `((${t} = ${this.gen(args[i]!)}) !== null ? ${t} : ${code})`;
        }
        return code;
      }
      case 'round': {
        const [x, n] = [this.tmp(), this.tmp()];
        const nCode = args[1] === undefined ? '0' : this.gen(args[1]);
        const keepInt = args[0]!.type === 'int' ? `${n} >= 0 ? ${x} : ` : '';
        return `((${x} = ${this.gen(args[0]!)}), (${n} = ${nCode}), ${x} === null || ${n} === null ? null : ${keepInt}h.round(${x}, ${n}))`;
      }
      default: {
        const never: never = e.fn;
        throw new Error(`unknown function ${String(never)}`);
      }
    }
  }
}

function literalValue(value: Value, type: ScalarType): Value {
  if (value !== null && type === 'timestamp' && typeof value === 'string') {
    const ms = parseTimestamp(value);
    if (ms === undefined) throw new Error(`invalid timestamp literal '${value}'`);
    return ms;
  }
  return value;
}

const literal = (value: Value, type: ScalarType): string => {
  const v = literalValue(value, type);
  return v === null ? 'null' : JSON.stringify(v);
};

/** Builds `fn(r)` from a body expression generated by `gen`. */
export function buildFunction<T>(gen: ExprCodegen, body: string): (row: Row) => T {
  const src = `"use strict"; return function compiledExpr(r) { ${gen.tempDecl()} return ${body}; };`;
  return new Function('h', 'c', src)(runtime, gen.consts) as (row: Row) => T;
}

/** Compiles one expression to a function of a row. */
export function compileExpr(e: Expr): CompiledExpr {
  const gen = new ExprCodegen();
  const body = gen.gen(e);
  return buildFunction<Value>(gen, body);
}

/** Compiles a projection to one function returning the new row object. */
export function compileProjection(columns: readonly { name: string; expr: Expr }[]): (row: Row) => Row {
  const gen = new ExprCodegen();
  const fields = columns.map((c) => `${JSON.stringify(c.name)}: ${gen.gen(c.expr)}`);
  return buildFunction<Row>(gen, `{ ${fields.join(', ')} }`);
}
