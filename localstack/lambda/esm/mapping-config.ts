import { mappingArn } from '../arns.ts';

/** The EventSourceMappingConfiguration shape of the Lambda API (Kinesis sources). */
export interface EventSourceMappingConfiguration {
  UUID: string;
  EventSourceMappingArn: string;
  EventSourceArn: string;
  FunctionArn: string;
  StartingPosition: 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP';
  StartingPositionTimestamp?: number;
  BatchSize: number;
  MaximumBatchingWindowInSeconds: number;
  ParallelizationFactor: number;
  BisectBatchOnFunctionError: boolean;
  MaximumRetryAttempts: number;
  MaximumRecordAgeInSeconds: number;
  TumblingWindowInSeconds: number;
  FunctionResponseTypes: string[];
  DestinationConfig: { OnFailure: { Destination?: string } };
  LastModified: number;
  LastProcessingResult: string;
  State: 'Creating' | 'Enabling' | 'Enabled' | 'Disabling' | 'Disabled' | 'Updating' | 'Deleting';
  StateTransitionReason: 'USER_INITIATED';
}

/** The knobs the pollers read before every batch (so UpdateEventSourceMapping applies at once). */
export interface PollerSettings {
  readonly batchSize: number;
  readonly windowMs: number;
  readonly bisect: boolean;
  /** -1: retry until the record expires. */
  readonly maxRetries: number;
  /** undefined: no age limit. */
  readonly maxRecordAgeMs: number | undefined;
  readonly reportBatchItemFailures: boolean;
  readonly destination: string | undefined;
}

export function settingsOf(c: EventSourceMappingConfiguration): PollerSettings {
  return {
    batchSize: c.BatchSize,
    windowMs: c.MaximumBatchingWindowInSeconds * 1000,
    bisect: c.BisectBatchOnFunctionError,
    maxRetries: c.MaximumRetryAttempts,
    maxRecordAgeMs: c.MaximumRecordAgeInSeconds === -1 ? undefined : c.MaximumRecordAgeInSeconds * 1000,
    reportBatchItemFailures: c.FunctionResponseTypes.includes('ReportBatchItemFailures'),
    destination: c.DestinationConfig.OnFailure.Destination,
  };
}

export const newMappingArn = mappingArn;
