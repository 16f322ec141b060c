import { AssemblyError } from '../errors.ts';
import type { CfnTemplateDoc } from './read-assembly.ts';

/** The account and region of a local stack (LocalStack and the embedded stack use these). */
export interface LocalEnv {
  readonly region: string;
  readonly account: string;
}

export const LOCAL_ENV: LocalEnv = { region: 'us-east-1', account: '000000000000' };

/** The name property CloudFormation returns for `Ref`, per resource type. */
const NAME_PROP: Record<string, string> = {
  'AWS::Kinesis::Stream': 'Name',
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::Events::Rule': 'Name',
  'AWS::S3::Bucket': 'BucketName',
};

/**
 * Resolves the intrinsic functions of a template to the values they would have on a local stack,
 * from the physical names the template fixes (falling back to the logical id): `Ref`,
 * `Fn::GetAtt …Arn`, `Fn::Join`, `Fn::Sub`, `Fn::Select`, `Fn::Split` and the pseudo parameters.
 */
export class IntrinsicResolver {
  constructor(
    private readonly template: CfnTemplateDoc,
    private readonly env: LocalEnv = LOCAL_ENV,
  ) {}

  /** The physical name of a resource. */
  nameOf(logicalId: string): string {
    const r = this.template.Resources[logicalId];
    if (!r) throw new AssemblyError(`the template references '${logicalId}', which it does not define`);
    const prop = NAME_PROP[r.Type];
    const v = prop ? r.Properties?.[prop] : undefined;
    if (typeof v === 'string') return v;
    // a bucket CloudFormation would name: bucket names are lowercase
    return r.Type === 'AWS::S3::Bucket' ? logicalId.toLowerCase() : logicalId;
  }

  /** The ARN of a resource on the local stack. */
  arnOf(logicalId: string): string {
    const r = this.template.Resources[logicalId];
    const name = this.nameOf(logicalId);
    const { region, account } = this.env;
    switch (r?.Type) {
      case 'AWS::Kinesis::Stream':
        return `arn:aws:kinesis:${region}:${account}:stream/${name}`;
      case 'AWS::DynamoDB::Table':
        return `arn:aws:dynamodb:${region}:${account}:table/${name}`;
      case 'AWS::Lambda::Function':
        return `arn:aws:lambda:${region}:${account}:function:${name}`;
      case 'AWS::SQS::Queue':
        return `arn:aws:sqs:${region}:${account}:${name}`;
      case 'AWS::IAM::Role':
        return `arn:aws:iam::${account}:role/${name}`;
      case 'AWS::Logs::LogGroup':
        return `arn:aws:logs:${region}:${account}:log-group:${name}:*`;
      case 'AWS::Events::Rule':
        return `arn:aws:events:${region}:${account}:rule/${name}`;
      case 'AWS::S3::Bucket':
        return `arn:aws:s3:::${name}`;
      default:
        throw new AssemblyError(
          `cannot derive the ARN of '${logicalId}' (${r?.Type ?? 'undefined'}) locally`,
        );
    }
  }

  /** Ref of a resource: its URL for a queue, its name otherwise. */
  private ref(name: string): string {
    switch (name) {
      case 'AWS::Region':
        return this.env.region;
      case 'AWS::AccountId':
        return this.env.account;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return 'local';
      case 'AWS::NoValue':
        return '';
    }
    const r = this.template.Resources[name];
    if (r?.Type === 'AWS::SQS::Queue')
      return `http://sqs.${this.env.region}.localhost/${this.env.account}/${this.nameOf(name)}`;
    return this.nameOf(name);
  }

  /** Resolves a value (recursively) to plain JSON. */
  resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1) {
      const [fn, arg] = entries[0]!;
      switch (fn) {
        case 'Ref':
          return this.ref(String(arg));
        case 'Fn::GetAtt': {
          const [id, attr] = Array.isArray(arg) ? (arg as string[]) : String(arg).split('.');
          if (attr === 'Arn') return this.arnOf(String(id));
          if (attr === 'QueueName' || attr === 'Name') return this.nameOf(String(id));
          throw new AssemblyError(`cannot resolve Fn::GetAtt ${String(id)}.${String(attr)} locally`);
        }
        case 'Fn::Join': {
          const [sep, parts] = arg as [string, unknown[]];
          return (this.resolve(parts) as unknown[]).map(String).join(sep);
        }
        case 'Fn::Select': {
          const [i, list] = arg as [unknown, unknown];
          return (this.resolve(list) as unknown[])[Number(this.resolve(i))];
        }
        case 'Fn::Split': {
          const [sep, s] = arg as [string, unknown];
          return String(this.resolve(s)).split(sep);
        }
        case 'Fn::Sub': {
          const [text, vars] = Array.isArray(arg)
            ? (arg as [string, Record<string, unknown>])
            : [String(arg), {}];
          return text.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
            if (name in vars) return String(this.resolve(vars[name]));
            const [id, attr] = name.split('.');
            return attr === undefined ? this.ref(name) : String(this.resolve({ 'Fn::GetAtt': [id, attr] }));
          });
        }
      }
      if (fn.startsWith('Fn::')) throw new AssemblyError(`cannot resolve ${fn} locally`);
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, this.resolve(v)]));
  }

  /** Resolves a value that must be a string. */
  string(value: unknown, what: string): string {
    const v = this.resolve(value);
    if (typeof v !== 'string') throw new AssemblyError(`${what} is not a string: ${JSON.stringify(v)}`);
    return v;
  }
}
