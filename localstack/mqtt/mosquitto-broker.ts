import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnWatched } from '../child-watchdog.ts';
import { LocalStackError, ServiceStartError } from '../errors.ts';
import { freePort } from '../ports.ts';
import type { MqttBroker } from './aedes-broker.ts';

export class MosquittoMissingError extends LocalStackError {
  constructor() {
    super(
      'MOSQUITTO_MISSING',
      'an MQTT 5 broker needs `mosquitto`; install it with `sudo apt-get install -y mosquitto`',
    );
  }
}

export function mosquittoAvailable(): boolean {
  return spawnSync('mosquitto', ['-h'], { stdio: 'ignore' }).status !== null;
}

/**
 * Debian's mosquitto (MQTT 5, 3.1.1 and 3.1) on 127.0.0.1:`port` (0: a free one), anonymous, in
 * memory, TCP only (no WebSocket listener: see aedes-broker.ts). It dies with this process
 * (child-watchdog.ts). Used where MQTT 5 matters: user properties carry the sink's row id.
 */
export async function startMosquitto(
  port = 0,
  log: (line: string) => void = () => undefined,
): Promise<MqttBroker> {
  if (!mosquittoAvailable()) throw new MosquittoMissingError();
  const p = port === 0 ? await freePort() : port;
  const dir = mkdtempSync(join(tmpdir(), 'sluice-mosquitto-'));
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(conf, `listener ${p} 127.0.0.1\nallow_anonymous true\npersistence false\n`);
  const w = spawnWatched('mosquitto', ['-c', conf]);
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    w.onLine((line) => {
      if (output.length < 8_000) output += `${line}\n`;
      log(`[mosquitto] ${line}`);
      // "Opening … listen socket on port P" comes before listen(); "running" after every listener
      if (/mosquitto version \S+ running/.test(line)) resolve();
    });
    void w.exited.then(() => reject(new ServiceStartError('mosquitto', output.trim() || 'exited')));
  });
  const stop = async () => {
    await w.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      ready,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new ServiceStartError('mosquitto', `not ready: ${output}`)), 10_000);
      }),
    ]);
  } catch (err) {
    await stop();
    throw err;
  } finally {
    clearTimeout(timer);
  }
  return { url: `mqtt://127.0.0.1:${p}`, port: p, protocolVersions: [3, 4, 5], pid: await w.pid, stop };
}
