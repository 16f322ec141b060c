import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildStack, specOf } from './helpers.ts';

const CLUSTER = 'arn:aws:kafka:us-east-1:123456789012:cluster/orders/abcd-1234';

const sql = (source: string) => `
CREATE TABLE events (id BIGINT, ts TIMESTAMP, amount BIGINT, WATERMARK FOR ts) WITH (
  connector = 'kafka', type = 'source', topic = 'events', ${source}
);
CREATE TABLE out WITH (connector = 'kafka', type = 'sink', bootstrap_servers = 'b-1.x:9092', topic = 'out');
INSERT INTO out SELECT window.end AS w, SUM(amount) AS total FROM events GROUP BY tumble(interval '10 seconds') AS window;`;

type Statement = { Action: string | string[]; Resource: unknown };
const statementsOf = (template: ReturnType<typeof buildStack>['template'], stage: string): Statement[] => {
  const found = Object.entries(template.findResources('AWS::IAM::Policy')).find(([id]) =>
    id.includes(`Stage${stage}`),
  );
  if (!found) throw new Error(`no policy for ${stage}`);
  return (found[1] as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties
    .PolicyDocument.Statement;
};

describe('a kafka source on a self-managed cluster', () => {
  const spec = specOf(
    sql(
      "bootstrap_servers = 'k1.internal:9096,k2.internal:9096', 'source.offset' = 'earliest', 'source.group_id' = 'g1', 'auth.type' = 'sasl', 'auth.mechanism' = 'SCRAM-SHA-512', 'auth.protocol' = 'SASL_SSL', 'auth.username' = 'u', 'auth.password' = 'p', client_configs = 'aws.vpc.subnets=subnet-a|subnet-b,aws.vpc.security_groups=sg-1'",
    ),
    'ks',
  );
  const { template } = buildStack(spec);

  it('is a SelfManagedEventSource mapping with its servers, topic, group, SASL secret and VPC', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      Topics: ['events'],
      StartingPosition: 'TRIM_HORIZON',
      SelfManagedEventSource: {
        Endpoints: { KafkaBootstrapServers: ['k1.internal:9096', 'k2.internal:9096'] },
      },
      SelfManagedKafkaEventSourceConfig: { ConsumerGroupId: 'g1' },
      SourceAccessConfigurations: Match.arrayWith([
        { Type: 'VPC_SUBNET', URI: 'subnet:subnet-a' },
        { Type: 'VPC_SUBNET', URI: 'subnet:subnet-b' },
        { Type: 'VPC_SECURITY_GROUP', URI: 'security_group:sg-1' },
        { Type: 'SASL_SCRAM_512_AUTH', URI: Match.anyValue() },
      ]),
    });
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
  });

  it('the source stage reads only its secret, and no Kinesis stream', () => {
    const st = statementsOf(template, 's1');
    const actions = st.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(actions).toContain('secretsmanager:GetSecretValue');
    expect(actions).not.toContain('kinesis:GetRecords');
    const secret = st.find((s) => s.Action === 'secretsmanager:GetSecretValue');
    expect(JSON.stringify(secret?.Resource)).toContain('KafkaAuth');
  });

  it('creates no Kinesis mapping for the source stage', () => {
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'));
    expect(mappings).toHaveLength(2); // the kafka source's, and the window stage's edge stream
    expect(mappings.filter((m) => JSON.stringify(m).includes('SelfManagedEventSource'))).toHaveLength(1);
  });
});

describe('a kafka source on Amazon MSK with IAM auth', () => {
  const spec = specOf(
    sql(
      `bootstrap_servers = 'b-1.orders.kafka.us-east-1.amazonaws.com:9098', 'auth.type' = 'aws_msk_iam', 'auth.region' = 'us-east-1', client_configs = 'aws.msk.cluster_arn=${CLUSTER}'`,
    ),
    'km',
  );
  const { template } = buildStack(spec);

  it('is an MSK mapping by cluster ARN with the default group sluice-<pipeline>-<stage>', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: CLUSTER,
      Topics: ['events'],
      StartingPosition: 'LATEST',
      AmazonManagedKafkaEventSourceConfig: { ConsumerGroupId: 'sluice-km-s1' },
    });
  });

  it('IAM is scoped to the cluster, the topic and the group', () => {
    const st = statementsOf(template, 's1');
    const by = (action: string) =>
      st.find((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]).includes(action));
    expect(by('kafka-cluster:Connect')?.Resource).toBe(CLUSTER);
    expect(by('kafka-cluster:ReadData')?.Resource).toBe(
      'arn:aws:kafka:us-east-1:123456789012:topic/orders/abcd-1234/events',
    );
    expect(by('kafka-cluster:AlterGroup')?.Resource).toBe(
      'arn:aws:kafka:us-east-1:123456789012:group/orders/abcd-1234/sluice-km-s1',
    );
  });
});
