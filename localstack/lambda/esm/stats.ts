export interface ShardStats {}
export interface MappingStats {}
export interface FailedBatchRecord {}
