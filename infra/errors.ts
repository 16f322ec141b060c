/**
 * Errors of the infrastructure layer (synth, deploy, cloud assemblies). Each has a stable `code`
 * that the CLI maps to an exit code; messages are for humans and may change.
 */
export class InfraError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A connector the cloud cannot run (`single_file`). A user error. */
export class CloudConnectorError extends InfraError {
  constructor(
    readonly connector: string,
    readonly table: string,
    readonly role: 'source' | 'sink',
  ) {
    super(
      'CLOUD_CONNECTOR_UNSUPPORTED',
      `${role} table '${table}' uses connector '${connector}', which only runs locally (sluice run). ` +
        "To deploy to AWS, use connector = 'kinesis' (stream_name = '<your stream>') " +
        `or connector = 'filesystem' (path = 's3://<bucket>/<prefix>/') for the ${role}.`,
    );
  }
}

/** The stage handler bundle directory is missing or incomplete. */
export class HandlerBundleError extends InfraError {
  constructor(message: string) {
    super('HANDLER_BUNDLE_MISSING', message);
  }
}

/** A `Pipeline`'s properties contradict each other (e.g. both `sql` and `spec`). A user error. */
export class PipelinePropsError extends InfraError {
  constructor(message: string) {
    super('PIPELINE_PROPS_INVALID', message);
  }
}

/** The pinned CDK CLI could not be started or exited with an error. */
export class CdkCliError extends InfraError {
  constructor(code: 'CDK_MISSING' | 'CDK_FAILED', message: string) {
    super(code, message);
  }
}

/**
 * A grant would reach further than the pipeline's own resources: a filesystem table with an empty
 * S3 prefix (the whole bucket). The compiler refuses such a `path`; this guards hand-written specs.
 */
export class GrantScopeError extends InfraError {
  constructor(message: string) {
    super('GRANT_TOO_WIDE', message);
  }
}
