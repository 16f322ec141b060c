import { type Pos, sqlError } from '../errors/sql-error.ts';

/** Where a `filesystem` table lives: a bucket and a key prefix (never empty, ending in '/'). */
export interface S3Location {
  readonly bucket: string;
  readonly prefix: string;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const EXAMPLE = "path = 's3://my-bucket/orders/'";

/**
 * Parses the `path` of a `filesystem` table, `s3://<bucket>/<prefix>/`, refusing at the option's
 * position anything that is not an S3 folder: another scheme, no bucket, an invalid bucket name,
 * no prefix (the whole bucket: the deployed functions' IAM grants would reach every key in it),
 * a prefix that does not end in `/`, empty, `.` or `..` segments.
 */
export function parseS3Location(path: string, pos: Pos): S3Location {
  const fail = (message: string, hint: string): never => {
    throw sqlError('SQL_INVALID_OPTION', pos, message, hint);
  };
  if (!path.startsWith('s3://')) {
    fail(
      `path '${path}' is not an S3 URL: the filesystem connector reads and writes S3`,
      /^[a-z][a-z0-9+.-]*:\/\//i.test(path)
        ? `write ${EXAMPLE}`
        : `write ${EXAMPLE}, or use connector = 'single_file' for a local file`,
    );
  }
  const rest = path.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const prefix = slash < 0 ? '' : rest.slice(slash + 1);
  if (bucket === '') fail(`path '${path}' names no bucket`, `write ${EXAMPLE}`);
  if (!BUCKET.test(bucket) || bucket.includes('..')) {
    fail(
      `'${bucket}' is not a valid S3 bucket name`,
      'bucket names have 3-63 characters: lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit',
    );
  }
  if (prefix === '' || prefix === '/') {
    fail(
      `path '${path}' names a whole bucket: a filesystem table needs a folder of its own, ` +
        'so that its IAM grants reach only that folder',
      `use a prefix, such as path = 's3://${bucket}/orders/'`,
    );
  }
  if (!prefix.endsWith('/')) {
    fail(
      `path '${path}' must name a folder (a key prefix ending in '/')`,
      `write path = 's3://${bucket}/${prefix}/'`,
    );
  }
  if (
    prefix
      .split('/')
      .slice(0, -1)
      .some((s) => s === '' || s === '.' || s === '..')
  ) {
    fail(`path '${path}' has an empty, '.' or '..' folder name`, `write ${EXAMPLE}`);
  }
  if (/[*?[\]{}]/.test(prefix)) {
    fail(`path '${path}' has a wildcard`, `name the folder: every object under it is read, in key order`);
  }
  return { bucket, prefix };
}
