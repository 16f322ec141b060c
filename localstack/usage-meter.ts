/**
 * What the local stack's services would bill, counted as they serve requests (for `sluice run
 * --json` and bench/steady-cost.ts): DynamoDB read and write units as DynamoDB Local reports them
 * (the gateway asks every call for ConsumedCapacity), and Lambda requests and GB-seconds (each
 * invocation's wall time, rounded up to the millisecond as Lambda bills, times its memory).
 * DynamoDB units of the pipeline's functions (SDK calls from a Lambda execution environment) are
 * kept apart from those of tools (the CLI's progress display, `sluice status`, tests).
 */
export interface UsageTotals {
  readonly dynamoWriteUnits: number;
  readonly dynamoReadUnits: number;
  /** Write units by DynamoDB operation (PutItem, BatchWriteItem, TransactWriteItems, …). */
  readonly dynamoWriteUnitsByOp: Readonly<Record<string, number>>;
  /** Read units by DynamoDB operation (GetItem, Query, BatchGetItem, …). */
  readonly dynamoReadUnitsByOp: Readonly<Record<string, number>>;
  /** Units of calls from outside the functions (not part of the pipeline's bill). */
  readonly toolWriteUnits: number;
  readonly toolReadUnits: number;
  readonly lambdaInvocations: number;
  readonly lambdaGbSeconds: number;
  /** Invocations and GB-seconds by function name. */
  readonly lambdaByFunction: Readonly<Record<string, { invocations: number; gbSeconds: number }>>;
}

/** DynamoDB operations billed in write units; every other metered one is billed in read units. */
const WRITE_OPS = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

/** Operations that accept ReturnConsumedCapacity. */
export const METERED_DYNAMO_OPS = new Set([
  ...WRITE_OPS,
  'GetItem',
  'BatchGetItem',
  'Query',
  'Scan',
  'TransactGetItems',
]);

interface Capacity {
  readonly CapacityUnits?: number;
}

export class UsageMeter {
  #wru = 0;
  #rru = 0;
  #toolWru = 0;
  #toolRru = 0;
  readonly #wruByOp = new Map<string, number>();
  readonly #rruByOp = new Map<string, number>();
  #invocations = 0;
  #gbSeconds = 0;
  readonly #byFunction = new Map<string, { invocations: number; gbSeconds: number }>();

  /**
   * One DynamoDB response's ConsumedCapacity (an object, or a list for batch and transact calls),
   * of a call from a function or (`fromFunction` false) from a tool.
   */
  dynamo(op: string, consumed: Capacity | readonly Capacity[] | undefined, fromFunction = true): void {
    if (consumed === undefined) return;
    const list: readonly Capacity[] = Array.isArray(consumed) ? consumed : [consumed as Capacity];
    const units = list.reduce((n, c) => n + (c.CapacityUnits ?? 0), 0);
    if (!fromFunction) {
      if (WRITE_OPS.has(op)) this.#toolWru += units;
      else this.#toolRru += units;
    } else if (WRITE_OPS.has(op)) {
      this.#wru += units;
      this.#wruByOp.set(op, (this.#wruByOp.get(op) ?? 0) + units);
    } else {
      this.#rru += units;
      this.#rruByOp.set(op, (this.#rruByOp.get(op) ?? 0) + units);
    }
  }

  /** One Lambda invocation of `functionName` that took `ms` wall time at `memoryMb`. */
  invocation(functionName: string, ms: number, memoryMb: number): void {
    const gbSeconds = (Math.max(1, Math.ceil(ms)) / 1000) * (memoryMb / 1024);
    this.#invocations++;
    this.#gbSeconds += gbSeconds;
    const f = this.#byFunction.get(functionName) ?? { invocations: 0, gbSeconds: 0 };
    f.invocations++;
    f.gbSeconds += gbSeconds;
    this.#byFunction.set(functionName, f);
  }

  totals(): UsageTotals {
    return {
      dynamoWriteUnits: this.#wru,
      dynamoReadUnits: this.#rru,
      dynamoWriteUnitsByOp: Object.fromEntries(this.#wruByOp),
      dynamoReadUnitsByOp: Object.fromEntries(this.#rruByOp),
      toolWriteUnits: this.#toolWru,
      toolReadUnits: this.#toolRru,
      lambdaInvocations: this.#invocations,
      lambdaGbSeconds: this.#gbSeconds,
      lambdaByFunction: Object.fromEntries([...this.#byFunction].map(([k, v]) => [k, { ...v }])),
    };
  }
}
