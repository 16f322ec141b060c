export type ShardStats = {};
export type MappingStats = {};
export type FailedBatchRecord = {};
