import { Validations } from 'aws-cdk-lib';
import { Policy, type PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { type Code, Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { logsStatement } from './grants.ts';
import type { ResolvedPipelineProps } from './pipeline-props.ts';

/** Properties of a `SluiceFunction`. */
export interface SluiceFunctionProps {
  /** Physical function name (also names the log group and role). */
  readonly functionName: string;
  readonly description: string;
  /** The shared handler asset: one `Code` object for every function of the pipeline. */
  readonly code: Code;
  readonly environment: Readonly<Record<string, string>>;
  /** Statements added to the function's own policy, besides its log group. */
  readonly statements: readonly PolicyStatement[];
  readonly settings: ResolvedPipelineProps;
  /** Reserved concurrency. @default none (the account's pool) */
  readonly reservedConcurrency?: number;
}

/**
 * A function of the shared handler bundle with its own role, log group and one inline policy.
 * The role has no managed policy: every statement is scoped to this function's resources.
 */
export class SluiceFunction extends Construct {
  readonly function: LambdaFunction;
  readonly role: Role;
  readonly policy: Policy;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: SluiceFunctionProps) {
    super(scope, id);
    const s = props.settings;
    this.logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${props.functionName}`,
      retention: s.logRetention,
      removalPolicy: s.removalPolicy,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `sluice ${props.functionName}`,
    });
    this.policy = new Policy(this, 'Policy', {
      statements: [logsStatement(this.logGroup.logGroupArn), ...props.statements],
    });
    this.policy.attachToRole(this.role);
    this.function = new LambdaFunction(this, 'Function', {
      functionName: props.functionName,
      description: props.description,
      code: props.code,
      handler: 'index.handler',
      runtime: s.runtime,
      architecture: s.architecture,
      memorySize: s.memorySize,
      timeout: s.timeout,
      role: this.role,
      logGroup: this.logGroup,
      environment: { ...props.environment },
      ...(props.reservedConcurrency === undefined
        ? {}
        : { reservedConcurrentExecutions: props.reservedConcurrency }),
    });
    // The function must not run before its policy exists (it would fail on its first call).
    this.function.node.addDependency(this.policy);
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'The runtime is pinned (PipelineProps.runtime, default nodejs22.x): the handler bundle is built and ' +
        'tested for it, and the embedded local stack runs it on the same Node major. Bump it deliberately.',
    });
  }
}
