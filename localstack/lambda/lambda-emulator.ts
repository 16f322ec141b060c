import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultInjector } from '../fault-injector.ts';
import type { KinesisRawClient } from '../kinesis/kinesis-raw-client.ts';

export interface LambdaEmulatorOptions {
  readonly endpoint: string;
  readonly dataDir: string;
  readonly kinesis: KinesisRawClient;
  readonly log: (line: string) => void;
  readonly faults: FaultInjector | undefined;
}

export class LambdaEmulator {
  constructor(_opts: LambdaEmulatorOptions) {}
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    req.resume();
    res.writeHead(501);
    res.end();
  }
  async stop(): Promise<void> {}
}
