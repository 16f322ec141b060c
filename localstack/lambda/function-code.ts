import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { unzipSync } from 'fflate';
import { invalid } from './http.ts';

export interface UnpackedCode {
  readonly dir: string;
  readonly size: number;
  readonly sha256: string;
}

/**
 * The directory holding the AWS SDK that the Lambda Node.js runtime provides: this repo's
 * node_modules. Linked into each unpacked function that brings no node_modules of its own, so a
 * bundle that leaves `@aws-sdk/*` external resolves it, as in AWS.
 */
function providedNodeModules(): string | undefined {
  try {
    const entry = createRequire(import.meta.url).resolve('@aws-sdk/client-kinesis');
    const i = entry.lastIndexOf(`${sep}node_modules${sep}`);
    return i < 0 ? undefined : entry.slice(0, i + '/node_modules'.length);
  } catch {
    return undefined;
  }
}

/** Unpacks a base64 zip (Code.ZipFile) into a fresh directory `<root>/<n>`. */
export async function unpackZip(zipBase64: string, root: string, n: number): Promise<UnpackedCode> {
  const zip = Buffer.from(zipBase64, 'base64');
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip);
  } catch (err) {
    throw invalid(`Could not unzip uploaded file: ${err instanceof Error ? err.message : String(err)}`);
  }
  const dir = resolve(root, String(n));
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  for (const [name, data] of Object.entries(files)) {
    const target = resolve(dir, name);
    if (!target.startsWith(dir + sep)) throw invalid(`zip entry escapes the code directory: ${name}`);
    if (name.endsWith('/')) {
      await mkdir(target, { recursive: true });
      continue;
    }
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, data);
  }
  const provided = providedNodeModules();
  if (provided && !existsSync(join(dir, 'node_modules')))
    await symlink(provided, join(dir, 'node_modules'), 'dir');
  return { dir, size: zip.length, sha256: createHash('sha256').update(zip).digest('base64') };
}
