import { SecretValue } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { CfnEventSourceMapping } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { PipelineSpec, SinkSpec, SourceSpec, StageSpec } from '../compiler/spec/index.ts';
import type { ResolvedPipelineProps } from './pipeline-props.ts';

type KafkaSource = Extract<SourceSpec, { kind: 'kafka' }>;
type KafkaSink = Extract<SinkSpec, { kind: 'kafka' }>;
// A Kafka sink on MSK with IAM auth would need kafka-cluster:WriteData; sinks use SASL or none (kafka-client.ts).

/**
 * AWS settings a Kafka table carries in `client_configs` (sluice's keys, not passed to the client):
 * - `aws.msk.cluster_arn`: the MSK cluster (with `auth.type = 'aws_msk_iam'`, required);
 * - `aws.vpc.subnets`, `aws.vpc.security_groups`: `|`-separated ids, for a self-managed cluster in
 *   a VPC (the mapping's VPC_SUBNET / VPC_SECURITY_GROUP access configurations).
 */
const awsConfig = (c: Readonly<Record<string, string>>, key: string): string[] =>
  (c[key] ?? '')
    .split('|')
    .map((x) => x.trim())
    .filter((x) => x !== '');

/** The mapping's consumer group: `source.group_id`, else `<group_id_prefix>sluice-<pipeline>-<stage>`. */
export const kafkaGroupId = (spec: PipelineSpec, stage: StageSpec, src: KafkaSource): string =>
  src.groupId ?? `${src.groupIdPrefix ?? ''}sluice-${spec.name}-${stage.id}`;

function clusterArnOf(src: KafkaSource | KafkaSink): string {
  const arn = src.clientConfigs['aws.msk.cluster_arn'];
  if (arn === undefined)
    throw new Error(
      `kafka table ${src.table}: auth.type = 'aws_msk_iam' needs the MSK cluster's ARN: add aws.msk.cluster_arn=arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid> to client_configs`,
    );
  return arn;
}

/** `arn:…:cluster/<name>/<uuid>` → the ARN of a topic or group of that cluster (MSK IAM resources). */
const mskResource = (clusterArn: string, kind: 'topic' | 'group', name: string): string =>
  `${clusterArn.replace(':cluster/', `:${kind}/`)}/${name}`;

/**
 * The IAM statements of a stage reading a Kafka source: for MSK with IAM auth, connect to the
 * cluster, read its topic and use its group (kafka-cluster:*, each scoped to that ARN), plus what the
 * mapping needs to find the brokers and reach them from the cluster's VPC; for a self-managed
 * cluster, reading the auth secret and, in a VPC, the network interfaces the mapping creates.
 */
export function kafkaSourceStatements(
  spec: PipelineSpec,
  stage: StageSpec,
  src: KafkaSource,
  secretArn?: string,
): PolicyStatement[] {
  const out: PolicyStatement[] = [];
  const vpc = src.auth.kind === 'aws_msk_iam' || awsConfig(src.clientConfigs, 'aws.vpc.subnets').length > 0;
  if (src.auth.kind === 'aws_msk_iam') {
    const cluster = clusterArnOf(src);
    out.push(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: [
          'kafka:DescribeClusterV2',
          'kafka:GetBootstrapBrokers',
          'kafka-cluster:Connect',
          'kafka-cluster:DescribeClusterDynamicConfiguration',
        ],
        resources: [cluster],
      }),
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'],
        resources: [mskResource(cluster, 'topic', src.topic)],
      }),
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['kafka-cluster:AlterGroup', 'kafka-cluster:DescribeGroup'],
        resources: [mskResource(cluster, 'group', kafkaGroupId(spec, stage, src))],
      }),
    );
  }
  if (secretArn !== undefined)
    out.push(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['secretsmanager:GetSecretValue'],
        resources: [secretArn],
      }),
    );
  if (vpc)
    out.push(
      // The mapping's ENIs: EC2 has no resource-level scoping for these Describe calls.
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: [
          'ec2:CreateNetworkInterface',
          'ec2:DeleteNetworkInterface',
          'ec2:DescribeNetworkInterfaces',
          'ec2:DescribeSecurityGroups',
          'ec2:DescribeSubnets',
          'ec2:DescribeVpcs',
        ],
        resources: ['*'],
      }),
    );
  return out;
}

/** The SASL secret of a self-managed source (username and password from the options), if any. */
export function kafkaAuthSecret(scope: Construct, src: KafkaSource): Secret | undefined {
  if (src.auth.kind !== 'sasl') return undefined;
  return new Secret(scope, 'KafkaAuth', {
    description: `SASL credentials of kafka source ${src.table}`,
    secretStringValue: SecretValue.unsafePlainText(
      JSON.stringify({ username: src.auth.username, password: src.auth.password }),
    ),
  });
}

const SASL_ACCESS: Readonly<Record<string, string>> = {
  PLAIN: 'BASIC_AUTH',
  'SCRAM-SHA-256': 'SASL_SCRAM_256_AUTH',
  'SCRAM-SHA-512': 'SASL_SCRAM_512_AUTH',
};

/**
 * The event source mapping of a Kafka source stage: MSK (`aws_msk_iam`: the cluster's ARN, IAM
 * auth) or a self-managed cluster (`SelfManagedEventSource` with the bootstrap servers, its SASL
 * secret and VPC from the options). The consumer group, the topic and the starting position are
 * the source's; errors retry forever (no maximum record age: sluice's DynamoDB checkpoint, not the
 * group's offset, decides what is new), and whole batches are retried.
 */
export function kafkaSourceMapping(
  scope: Construct,
  spec: PipelineSpec,
  stage: StageSpec,
  src: KafkaSource,
  functionName: string,
  s: ResolvedPipelineProps,
  secret: Secret | undefined,
): CfnEventSourceMapping {
  const groupId = kafkaGroupId(spec, stage, src);
  const startingPosition = src.offset === 'earliest' ? 'TRIM_HORIZON' : 'LATEST';
  const common = {
    functionName,
    topics: [src.topic],
    startingPosition,
    batchSize: s.mapping.batchSize,
    maximumBatchingWindowInSeconds: s.mapping.maxBatchingWindow.toSeconds(),
    enabled: true,
  };
  if (src.auth.kind === 'aws_msk_iam')
    return new CfnEventSourceMapping(scope, 'KafkaMapping', {
      ...common,
      eventSourceArn: clusterArnOf(src),
      amazonManagedKafkaEventSourceConfig: { consumerGroupId: groupId },
    });
  const access: CfnEventSourceMapping.SourceAccessConfigurationProperty[] = [
    ...awsConfig(src.clientConfigs, 'aws.vpc.subnets').map((id) => ({
      type: 'VPC_SUBNET',
      uri: `subnet:${id}`,
    })),
    ...awsConfig(src.clientConfigs, 'aws.vpc.security_groups').map((id) => ({
      type: 'VPC_SECURITY_GROUP',
      uri: `security_group:${id}`,
    })),
  ];
  if (src.auth.kind === 'sasl' && secret !== undefined)
    access.push({
      type: SASL_ACCESS[src.auth.mechanism.toUpperCase()] ?? 'BASIC_AUTH',
      uri: secret.secretArn,
    });
  return new CfnEventSourceMapping(scope, 'KafkaMapping', {
    ...common,
    selfManagedEventSource: { endpoints: { kafkaBootstrapServers: [...src.bootstrapServers] } },
    selfManagedKafkaEventSourceConfig: { consumerGroupId: groupId },
    ...(access.length > 0 ? { sourceAccessConfigurations: access } : {}),
  });
}
