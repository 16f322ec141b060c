import { z } from 'zod';

/** Request bodies of the Lambda API calls the emulator implements (unknown fields are ignored). */
const Environment = z.object({ Variables: z.record(z.string(), z.string()).optional() }).optional();
const FunctionName = z.string().min(1).max(140);

export const CreateFunctionBody = z.object({
  FunctionName,
  Runtime: z.string().optional(),
  Role: z.string().optional(),
  Handler: z
    .string()
    .regex(/^[^\s]+\.[^\s.]+$/, 'Handler must look like file.export')
    .default('index.handler'),
  Description: z.string().optional(),
  Timeout: z.number().int().min(1).max(900).default(3),
  MemorySize: z.number().int().min(128).max(10240).default(128),
  Environment,
  Architectures: z.array(z.string()).optional(),
  Code: z.object({
    ZipFile: z.string().min(1, 'Code.ZipFile is required (S3 code is not supported locally)'),
  }),
});
export type CreateFunctionBody = z.infer<typeof CreateFunctionBody>;

export const UpdateFunctionConfigurationBody = z.object({
  Handler: z.string().optional(),
  Description: z.string().optional(),
  Timeout: z.number().int().min(1).max(900).optional(),
  MemorySize: z.number().int().min(128).max(10240).optional(),
  Environment,
  Role: z.string().optional(),
  Runtime: z.string().optional(),
});
export type UpdateFunctionConfigurationBody = z.infer<typeof UpdateFunctionConfigurationBody>;

export const UpdateFunctionCodeBody = z.object({ ZipFile: z.string().min(1) });

const OnFailure = z.object({ Destination: z.string().optional() }).optional();
const DestinationConfig = z
  .object({ OnFailure, OnSuccess: z.object({}).passthrough().optional() })
  .optional();

const MappingTunables = {
  BatchSize: z.number().int().min(1).max(10_000).optional(),
  MaximumBatchingWindowInSeconds: z.number().int().min(0).max(300).optional(),
  ParallelizationFactor: z.number().int().min(1).max(10).optional(),
  BisectBatchOnFunctionError: z.boolean().optional(),
  MaximumRetryAttempts: z.number().int().min(-1).max(10_000).optional(),
  MaximumRecordAgeInSeconds: z
    .number()
    .int()
    .refine((n) => n === -1 || (n >= 60 && n <= 604_800), 'must be -1 or 60..604800')
    .optional(),
  FunctionResponseTypes: z.array(z.literal('ReportBatchItemFailures')).optional(),
  DestinationConfig,
  TumblingWindowInSeconds: z.number().int().min(0).max(900).optional(),
  Enabled: z.boolean().optional(),
};

export const CreateEventSourceMappingBody = z.object({
  FunctionName,
  /** Absent for a self-managed Kafka source (connector: kafka). */
  EventSourceArn: z.string().min(1).optional(),
  StartingPosition: z.enum(['TRIM_HORIZON', 'LATEST', 'AT_TIMESTAMP']),
  // connector: kafka (localstack/kafka/kafka-mapping.ts)
  Topics: z.array(z.string()).optional(),
  SelfManagedEventSource: z
    .object({ Endpoints: z.record(z.string(), z.array(z.string())).optional() })
    .optional(),
  SelfManagedKafkaEventSourceConfig: z.object({ ConsumerGroupId: z.string().optional() }).optional(),
  AmazonManagedKafkaEventSourceConfig: z.object({ ConsumerGroupId: z.string().optional() }).optional(),
  /** restJson1 sends timestamps as epoch seconds. */
  StartingPositionTimestamp: z.number().optional(),
  ...MappingTunables,
});
export type CreateEventSourceMappingBody = z.infer<typeof CreateEventSourceMappingBody>;

export const UpdateEventSourceMappingBody = z.object({
  FunctionName: FunctionName.optional(),
  ...MappingTunables,
});
export type UpdateEventSourceMappingBody = z.infer<typeof UpdateEventSourceMappingBody>;
