import { IntrinsicResolver, LOCAL_ENV } from '../../localstack/assembly/intrinsics.ts';
import type { CfnTemplateDoc } from '../../localstack/assembly/read-assembly.ts';

/**
 * Enough of IAM's policy evaluation to check a synthesized role against the calls the runtime
 * makes (the local stack enforces no IAM): Allow statements only (sluice writes no Deny), `*`/`?`
 * wildcards in actions and resources, and the condition operators sluice uses (StringLike,
 * StringEquals, ForAllValues:StringLike, ForAnyValue:StringLike). Semantics as in the IAM
 * reference: a single-valued operator fails when the request lacks the key; ForAllValues holds
 * when the request has no values for it.
 */

/** One authorisation request: what IAM evaluates for one API call (a call may make several). */
export interface IamRequest {
  readonly action: string;
  readonly resource: string;
  /** Condition keys of the request, e.g. `s3:prefix`, `dynamodb:LeadingKeys`. */
  readonly context: Readonly<Record<string, readonly string[]>>;
}

export interface IamStatement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** IAM's wildcard match: `*` any run of characters, `?` one character. */
export function globMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`, caseInsensitive ? 'si' : 's').test(value);
}

function conditionHolds(
  op: string,
  key: string,
  expected: readonly string[],
  ctx: IamRequest['context'],
): boolean {
  const values = ctx[key] ?? [];
  const like = (v: string) => expected.some((p) => globMatch(p, v));
  const equals = (v: string) => expected.includes(v);
  switch (op) {
    case 'StringLike':
      return values.length > 0 && values.every(like);
    case 'StringEquals':
      return values.length > 0 && values.every(equals);
    case 'ForAllValues:StringLike':
      return values.every(like);
    case 'ForAnyValue:StringLike':
      return values.some(like);
    default:
      throw new Error(`iam-eval: condition operator ${op} is not modelled`);
  }
}

/** Whether one statement allows the request. */
export function statementAllows(s: IamStatement, req: IamRequest): boolean {
  if (s.Effect !== 'Allow') return false;
  if (!list(s.Action).some((a) => globMatch(a, req.action, true))) return false;
  if (!list(s.Resource).some((r) => globMatch(r, req.resource))) return false;
  for (const [op, byKey] of Object.entries(s.Condition ?? {})) {
    for (const [key, expected] of Object.entries(byKey)) {
      if (!conditionHolds(op, key, list(expected), req.context)) return false;
    }
  }
  return true;
}

/** Whether any statement allows the request (no Deny statements to consider). */
export const allows = (statements: readonly IamStatement[], req: IamRequest): boolean =>
  statements.some((s) => statementAllows(s, req));

/**
 * The statements of the policies attached to the role of each function, by function name, with
 * every intrinsic resolved to its value on the local account/region (arn:aws:…:us-east-1:000000000000).
 */
export function policiesByFunction(template: CfnTemplateDoc): Map<string, IamStatement[]> {
  const resolver = new IntrinsicResolver(template, LOCAL_ENV);
  const out = new Map<string, IamStatement[]>();
  const resources = Object.entries(template.Resources);
  for (const [, fn] of resources) {
    if (fn.Type !== 'AWS::Lambda::Function') continue;
    const props = fn.Properties ?? {};
    const roleId = (props.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const statements: IamStatement[] = [];
    for (const [, p] of resources) {
      if (p.Type !== 'AWS::IAM::Policy') continue;
      const roles = list(p.Properties?.Roles as unknown[] | undefined);
      if (!roles.some((r) => (r as { Ref?: string }).Ref === roleId)) continue;
      const doc = resolver.resolve(p.Properties?.PolicyDocument) as { Statement: IamStatement[] };
      statements.push(...doc.Statement);
    }
    out.set(String(props.FunctionName), statements);
  }
  return out;
}
