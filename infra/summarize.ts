/** One line of "what will be created", read from a synthesized template. */
export interface ResourceSummary {
  readonly type: string;
  readonly logicalId: string;
  /** The physical name, where the template fixes one. */
  readonly name: string | undefined;
  /** A short description of what matters about it (shards, schedule, mapping settings…). */
  readonly detail: string;
}

interface TemplateLike {
  readonly Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

const NAME_PROPS = [
  'TableName',
  'Name',
  'FunctionName',
  'QueueName',
  'DashboardName',
  'AlarmName',
  'LogGroupName',
] as const;

/** The resources of a template, in template order, with their physical names and key settings. */
export function summarizeTemplate(template: TemplateLike): ResourceSummary[] {
  return Object.entries(template.Resources ?? {}).map(([logicalId, r]) => {
    const p = r.Properties ?? {};
    const nameProp = NAME_PROPS.find((k) => typeof p[k] === 'string');
    return {
      type: r.Type,
      logicalId,
      name: nameProp ? String(p[nameProp]) : undefined,
      detail: detailOf(r.Type, p),
    };
  });
}

function detailOf(type: string, p: Record<string, unknown>): string {
  switch (type) {
    case 'AWS::Kinesis::Stream':
      return `${String(p.ShardCount)} shard(s), ${String(p.RetentionPeriodHours)} h retention, KMS`;
    case 'AWS::DynamoDB::Table':
      return 'on-demand, point-in-time recovery, encrypted';
    case 'AWS::Lambda::Function':
      return `${String(p.Runtime)} ${String((p.Architectures as string[] | undefined)?.[0] ?? 'x86_64')}, ${String(p.MemorySize)} MB`;
    case 'AWS::Lambda::EventSourceMapping':
      return `batch ${String(p.BatchSize)}, window ${String(p.MaximumBatchingWindowInSeconds)} s, ${String(p.StartingPosition)}`;
    case 'AWS::Events::Rule':
      return String(p.ScheduleExpression ?? '');
    case 'AWS::SQS::Queue':
      return `retention ${Math.round(Number(p.MessageRetentionPeriod) / 86400)} d, encrypted`;
    case 'AWS::S3::Bucket': {
      const rules = (p.LifecycleConfiguration as { Rules?: { ExpirationInDays?: number }[] } | undefined)
        ?.Rules;
      const days = rules?.[0]?.ExpirationInDays;
      return `encrypted, private${days !== undefined ? `, objects expire after ${days} d` : ''}`;
    }
    default:
      return '';
  }
}

/** Human lines for the "resources to create" listing of `sluice deploy`. */
export function formatResources(resources: readonly ResourceSummary[]): string {
  const shown = resources.filter((r) => !r.type.startsWith('AWS::CDK::'));
  const width = Math.max(...shown.map((r) => r.type.length), 0);
  return shown
    .map((r) => `  ${r.type.padEnd(width)}  ${r.name ?? r.logicalId}${r.detail ? ` (${r.detail})` : ''}`)
    .join('\n');
}
