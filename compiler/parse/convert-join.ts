import type { AstFrom, AstJoinType } from '../ast/statement.ts';
import { type Pos, sqlError } from '../errors/sql-error.ts';
import { convertExpr } from './convert-expr.ts';
import { convertFrom } from './convert-query.ts';
import type { ConvertContext } from './convert-statement.ts';
import { firstPos, obj, type Raw, variant } from './raw.ts';

/** sqlparser's join operators → sluice's join types (outer joins keep their side). */
const JOIN_TYPES: Readonly<Record<string, AstJoinType>> = {
  Join: 'inner',
  Inner: 'inner',
  Left: 'left',
  LeftOuter: 'left',
  Right: 'right',
  RightOuter: 'right',
  FullOuter: 'full',
};

const JOIN_HINT = 'write [INNER | LEFT | RIGHT | FULL] JOIN … ON a.key = b.key';

/**
 * `a JOIN b ON … JOIN c ON …` → a left-deep tree of AstJoin nodes. Refuses the joins sluice cannot
 * run (CROSS, SEMI/ANTI, ASOF, USING, NATURAL, joins without ON) with the supported alternative.
 */
export function convertJoins(
  first: AstFrom,
  joins: readonly Raw[],
  ctx: ConvertContext,
  fallback: Pos,
): AstFrom {
  let left = first;
  for (const j of joins) {
    const jo = obj(j);
    const pos = firstPos(jo.relation, fallback);
    const [tag, constraint] = variant(jo.join_operator);
    const type = JOIN_TYPES[tag];
    if (type === undefined)
      throw sqlError(
        'SQL_UNSUPPORTED',
        pos,
        `${describe(tag)} is not supported`,
        `${JOIN_HINT} (inner, left, right and full joins are supported)`,
      );
    const [ctag, cval] = variant(constraint);
    if (ctag !== 'On')
      throw sqlError(
        'SQL_UNSUPPORTED',
        firstPos(cval, pos),
        `JOIN … ${ctag === 'Using' ? 'USING' : ctag === 'Natural' ? 'NATURAL' : 'without ON'} is not supported`,
        JOIN_HINT,
      );
    const right = convertFrom(obj(jo.relation), ctx, pos);
    left = { kind: 'join', type, left, right, on: convertExpr(cval), pos };
  }
  return left;
}

function describe(tag: string): string {
  const words = tag.replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
  return words.includes('JOIN') ? words : `${words} JOIN`;
}
