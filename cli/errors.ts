/** How the CLI maps an error to its exit code: a user error exits 2, anything else 1. */

/** Error codes caused by what the user gave us (bad SQL, missing file, missing Java…). */
const USER_ERROR_CODES =
  /^(CLI_USAGE|SQL_|UDF_|SOURCE_FILE_MISSING|JAVA_MISSING|SPEC_INVALID|BAD_DATA|CLOUD_CONNECTOR_UNSUPPORTED|ASSEMBLY_STREAM_MISSING|RESCALE_INVALID_TARGET|RESCALE_LIMIT|PIPELINE_NOT_FOUND|STAGE_NOT_FOUND)/;

export function errorCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') {
    return err.code;
  }
  return undefined;
}

export function exitCodeFor(err: unknown): number {
  const code = errorCode(err);
  return code !== undefined && USER_ERROR_CODES.test(code) ? 2 : 1;
}
