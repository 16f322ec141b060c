import { Stack, Validations } from 'aws-cdk-lib';
import { type Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { finalStagePrefix, type SinkObjects, stagingStagePrefix } from '../functions/index.ts';
import { GrantScopeError } from './errors.ts';

/**
 * S3 access of sluice's functions to the user's buckets (imported by name, never created). Object
 * keys are made at run time (per epoch, or whatever the source folder holds), so object resources
 * are key-prefix patterns; each pattern is as deep as the runtime allows:
 * - a filesystem sink (its stage and the clock, which publishes what a crash left): s3:PutObject on
 *   `<prefix><pipeline>/<stage>/*` (the published objects: the copy's destination), and
 *   s3:GetObject/PutObject/DeleteObject on `<prefix><pipeline>/_sluice_staging/<stage>/*` (stage,
 *   copy's source, sweep); s3:ListBucket only with `s3:prefix` under one of the two;
 * - a filesystem source's ingest function: s3:GetObject on `<prefix>*`, s3:ListBucket only with
 *   `s3:prefix` under it.
 * An empty prefix would be the whole bucket: refused (the compiler refuses such a `path` first).
 */

/** A set of S3 statements, with the object patterns cdk-nag's IAM5 must be told about, and why. */
export interface S3Grant {
  readonly statements: PolicyStatement[];
  /** The object wildcards of `statements`: `<bucket>/<key prefix>*`. */
  readonly objectPatterns: readonly string[];
  readonly reason: string;
}

const bucketArnOf = (scope: IConstruct, bucket: string): string =>
  Stack.of(scope).formatArn({ service: 's3', region: '', account: '', resource: bucket });

function requirePrefix(table: string, bucket: string, prefix: string): void {
  if (prefix === '' || !prefix.endsWith('/'))
    throw new GrantScopeError(
      `filesystem table ${table} has path 's3://${bucket}/${prefix}', which would grant access to ` +
        `${prefix === '' ? 'the whole bucket' : 'keys beside its folder'}: ` +
        `use a folder such as path = 's3://${bucket}/${table}/'`,
    );
}

/** A filesystem sink's grant (see the module comment). */
export function s3SinkGrant(scope: IConstruct, o: SinkObjects, table: string): S3Grant {
  requirePrefix(table, o.bucket, o.prefix);
  const bucketArn = bucketArnOf(scope, o.bucket);
  const published = `${finalStagePrefix(o)}*`;
  const staging = `${stagingStagePrefix(o)}*`;
  return {
    statements: [
      new PolicyStatement({ actions: ['s3:PutObject'], resources: [`${bucketArn}/${published}`] }),
      new PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        resources: [`${bucketArn}/${staging}`],
      }),
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [bucketArn],
        conditions: { StringLike: { 's3:prefix': [published, staging] } },
      }),
    ],
    objectPatterns: [`${o.bucket}/${published}`, `${o.bucket}/${staging}`],
    reason:
      `The filesystem sink ${table} writes one object per committed epoch under ` +
      `s3://${o.bucket}/${finalStagePrefix(o)} (staged first under s3://${o.bucket}/${stagingStagePrefix(o)}), ` +
      'so its keys are not known at deploy time: s3:PutObject on the published folder, get/put/delete on ' +
      "its staging folder, nothing else (no wildcard actions, nothing beside this stage's folders).",
  };
}

/** A filesystem source's grant: read its folder, list only under it. */
export function s3SourceGrant(
  scope: IConstruct,
  source: { readonly bucket: string; readonly prefix: string; readonly table: string },
): S3Grant {
  const { bucket, prefix, table } = source;
  requirePrefix(table, bucket, prefix);
  const bucketArn = bucketArnOf(scope, bucket);
  return {
    statements: [
      new PolicyStatement({ actions: ['s3:GetObject'], resources: [`${bucketArn}/${prefix}*`] }),
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } },
      }),
    ],
    objectPatterns: [`${bucket}/${prefix}*`],
    reason:
      `The filesystem source ${table} reads every object under s3://${bucket}/${prefix}, ` +
      'whose keys are not known at deploy time: s3:GetObject only (no wildcard actions), on that prefix only.',
  };
}

/**
 * Acknowledges cdk-nag's AwsSolutions-IAM5 finding for exactly the object patterns of `grants`, on
 * `policy`. Any other wildcard still fails the check.
 */
export function acknowledgeS3Grants(policy: Policy, grants: readonly S3Grant[]): void {
  for (const g of grants) {
    for (const pattern of g.objectPatterns) {
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${pattern}]`,
        reason: g.reason,
      });
    }
  }
}
