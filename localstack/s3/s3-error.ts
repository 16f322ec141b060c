import { LocalStackError } from '../errors.ts';

/**
 * An S3 API error: `code` is the S3 error code the SDK maps to an exception (`NoSuchKey`,
 * `NoSuchBucket`, …), `status` the HTTP status it travels with.
 */
export class S3ApiError extends LocalStackError {
  constructor(
    code: string,
    message: string,
    readonly status: number,
    /** The bucket or key the error is about (the XML error's `Resource`). */
    readonly resource = '',
  ) {
    super(code, message);
  }
}

export const noSuchBucket = (bucket: string): S3ApiError =>
  new S3ApiError('NoSuchBucket', 'The specified bucket does not exist', 404, bucket);
export const noSuchKey = (key: string): S3ApiError =>
  new S3ApiError('NoSuchKey', 'The specified key does not exist.', 404, key);
export const invalidArgument = (message: string, resource = ''): S3ApiError =>
  new S3ApiError('InvalidArgument', message, 400, resource);
export const notImplemented = (what: string): S3ApiError =>
  new S3ApiError(
    'NotImplemented',
    `${what} is not implemented by the local stack's S3 emulator (see localstack/README.md)`,
    501,
  );
