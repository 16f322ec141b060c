export const REGION = 'us-east-1';
export const ACCOUNT = '000000000000';

export const functionArn = (name: string): string => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
export const mappingArn = (uuid: string): string =>
  `arn:aws:lambda:${REGION}:${ACCOUNT}:event-source-mapping:${uuid}`;
export const DEFAULT_ROLE = `arn:aws:iam::${ACCOUNT}:role/sluice-local`;

/** The function name of a name, a full ARN or a partial ARN (`ACCOUNT:function:NAME`), without qualifier. */
export function functionNameOf(nameOrArn: string): string {
  const m = /(?:^|:)function:([^:]+)(?::[^:]+)?$/.exec(nameOrArn);
  if (m?.[1]) return m[1];
  return nameOrArn.split(':')[0] ?? nameOrArn;
}
