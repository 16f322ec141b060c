import type * as TS from 'typescript';
import { type ElementType, isArrayType } from '../spec/array-types.ts';
import type { UdfValueType } from '../spec/udf-spec.ts';
import type { UdfErrorCode } from './udf-error.ts';

/** Raised by `mapType` and `readConfig`; the module reader turns it into a positioned UdfError. */
export class TypeRefusal {
  constructor(
    readonly node: TS.Node,
    readonly problem: string,
    readonly hint: string,
    readonly code: UdfErrorCode = 'UDF_UNSUPPORTED_TYPE',
  ) {}
}

export const SUPPORTED_TYPES =
  'use number (DOUBLE), bigint (BIGINT), string (TEXT), boolean (BOOLEAN), Date (TIMESTAMP), ' +
  'an array T[] of those, or T | null where NULL may occur';

export interface TypeContext {
  readonly ts: typeof TS;
  readonly sf: TS.SourceFile;
  /** Type aliases declared in the module (`type Price = number`), resolved by name. */
  readonly aliases: ReadonlyMap<string, TS.TypeNode>;
}

const MAX_ALIAS_DEPTH = 16;

/**
 * Maps a TypeScript type annotation to a SQL type: `number` → DOUBLE, `bigint` → BIGINT, `string` →
 * TEXT, `boolean` → BOOLEAN, `Date` → TIMESTAMP, `T[]`/`Array<T>`/`readonly T[]` → arrays of those,
 * `T | null` (or `| undefined`) → nullable. Purely syntactic, plus the module's own type aliases,
 * so it needs no type checker. Throws TypeRefusal for anything else.
 */
export function mapType(node: TS.TypeNode, cx: TypeContext, depth = 0): UdfValueType {
  const { ts } = cx;
  const base = stripParens(node, cx);
  if (ts.isUnionTypeNode(base)) {
    const rest = base.types.filter((t) => !isNullish(t, cx));
    const [only, ...more] = rest;
    if (only === undefined || more.length > 0)
      throw new TypeRefusal(
        node,
        `the union type ${text(node, cx)} is not supported`,
        `${SUPPORTED_TYPES}; a union may only add null or undefined to one type`,
      );
    return { ...mapType(only, cx, depth), nullable: true };
  }
  if (isNullish(base, cx))
    throw new TypeRefusal(node, `the type ${text(node, cx)} holds no value`, SUPPORTED_TYPES);
  const element = arrayElement(base, cx);
  if (element !== undefined) {
    const inner = mapType(element, cx, depth);
    if (isArrayType(inner.type))
      throw new TypeRefusal(
        node,
        `nested arrays (${text(node, cx)}) are not supported`,
        'SQL arrays hold scalars: use a one-level array such as number[]',
      );
    return { type: `${inner.type as ElementType}[]`, nullable: false, elementNullable: inner.nullable };
  }
  const scalar = (type: ElementType): UdfValueType => ({ type, nullable: false, elementNullable: false });
  switch (base.kind) {
    case ts.SyntaxKind.NumberKeyword:
      return scalar('float');
    case ts.SyntaxKind.BigIntKeyword:
      return scalar('int');
    case ts.SyntaxKind.StringKeyword:
      return scalar('string');
    case ts.SyntaxKind.BooleanKeyword:
      return scalar('bool');
    default:
      break;
  }
  if (ts.isTypeReferenceNode(base) && ts.isIdentifier(base.typeName)) {
    const name = base.typeName.text;
    if (name === 'Date' && base.typeArguments === undefined) return scalar('timestamp');
    const alias = cx.aliases.get(name);
    if (alias !== undefined && depth < MAX_ALIAS_DEPTH) return mapType(alias, cx, depth + 1);
    if (name === 'Promise')
      throw new TypeRefusal(
        node,
        `a Promise is only allowed as the result of an async UDF`,
        'take the awaited value as the parameter instead',
      );
  }
  throw new TypeRefusal(node, `the type ${text(node, cx)} is not supported`, hintFor(base, cx));
}

/** `Promise<T>` → T, or undefined when `node` is not a Promise. */
export function promiseResult(node: TS.TypeNode, cx: TypeContext): TS.TypeNode | undefined {
  const { ts } = cx;
  const base = stripParens(node, cx);
  if (
    ts.isTypeReferenceNode(base) &&
    ts.isIdentifier(base.typeName) &&
    base.typeName.text === 'Promise' &&
    base.typeArguments?.length === 1
  )
    return base.typeArguments[0];
  return undefined;
}

function stripParens(node: TS.TypeNode, cx: TypeContext): TS.TypeNode {
  let n = node;
  while (cx.ts.isParenthesizedTypeNode(n)) n = n.type;
  return n;
}

function isNullish(node: TS.TypeNode, cx: TypeContext): boolean {
  const { ts } = cx;
  const n = stripParens(node, cx);
  return (
    n.kind === ts.SyntaxKind.UndefinedKeyword ||
    (ts.isLiteralTypeNode(n) && n.literal.kind === ts.SyntaxKind.NullKeyword)
  );
}

/** The element type of `T[]`, `readonly T[]`, `Array<T>` or `ReadonlyArray<T>`. */
function arrayElement(node: TS.TypeNode, cx: TypeContext): TS.TypeNode | undefined {
  const { ts } = cx;
  let n = node;
  if (ts.isTypeOperatorNode(n) && n.operator === ts.SyntaxKind.ReadonlyKeyword) n = stripParens(n.type, cx);
  if (ts.isArrayTypeNode(n)) return n.elementType;
  if (
    ts.isTypeReferenceNode(n) &&
    ts.isIdentifier(n.typeName) &&
    (n.typeName.text === 'Array' || n.typeName.text === 'ReadonlyArray') &&
    n.typeArguments?.length === 1
  )
    return n.typeArguments[0];
  return undefined;
}

function hintFor(node: TS.TypeNode, cx: TypeContext): string {
  const { ts } = cx;
  if (node.kind === ts.SyntaxKind.AnyKeyword || node.kind === ts.SyntaxKind.UnknownKeyword)
    return `sluice types the SQL call by the signature: ${SUPPORTED_TYPES}`;
  if (node.kind === ts.SyntaxKind.VoidKeyword) return `return a value: ${SUPPORTED_TYPES}`;
  if (ts.isTypeLiteralNode(node) || node.kind === ts.SyntaxKind.ObjectKeyword || ts.isTupleTypeNode(node))
    return `a UDF takes and returns SQL values, not objects: pass the fields as separate parameters (${SUPPORTED_TYPES})`;
  if (ts.isLiteralTypeNode(node)) return `use the literal's type instead: ${SUPPORTED_TYPES}`;
  return SUPPORTED_TYPES;
}

const text = (node: TS.Node, cx: TypeContext): string => node.getText(cx.sf);
