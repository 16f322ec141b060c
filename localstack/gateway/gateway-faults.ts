/**
 * The gateway's fault-injection seam (`sluice run --chaos`): consulted before a DynamoDB request is
 * forwarded and for each PutRecords. The default injects nothing.
 */
export interface GatewayFault {
  /** The AWS error type, e.g. `ProvisionedThroughputExceededException`. */
  readonly type: string;
  readonly message: string;
}

export interface GatewayRequestInfo {
  /** `user-agent` and `x-amz-user-agent` joined (a Lambda's SDK says `exec-env/AWS_Lambda_…`). */
  readonly userAgent: string;
}

export interface GatewayFaultInjector {
  /** A DynamoDB call (`operation` from X-Amz-Target): answer with this error instead of forwarding. */
  dynamo(operation: string, req: GatewayRequestInfo): GatewayFault | undefined;
  /**
   * A PutRecords of `entries` records to `streamName`: the indexes of the entries to fail with
   * ProvisionedThroughputExceededException (the rest are written), or undefined for none.
   */
  putRecords(streamName: string, entries: number, req: GatewayRequestInfo): ReadonlySet<number> | undefined;
}

export function requestInfo(headers: Record<string, string | string[] | undefined>): GatewayRequestInfo {
  const h = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v.join(' ') : (v ?? '');
  };
  return { userAgent: `${h('user-agent')} ${h('x-amz-user-agent')}` };
}
