/**
 * How a Kinesis call names a stream: a user's stream may be given by ARN (`stream_name =
 * 'arn:aws:kinesis:…:stream/NAME'`, e.g. another account's), which the API takes as `StreamARN`;
 * a plain name goes as `StreamName`.
 */
export const streamTarget = (nameOrArn: string): { StreamName: string } | { StreamARN: string } =>
  nameOrArn.startsWith('arn:') ? { StreamARN: nameOrArn } : { StreamName: nameOrArn };
