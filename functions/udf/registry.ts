import type { UdfSpec } from '../../compiler/spec/index.ts';
import { UdfNotBundledError } from './udf-errors.ts';

/** A UDF ready to call: its spec entry and the module's exported function. */
export interface InstalledUdf {
  readonly spec: UdfSpec;
  readonly fn: (...args: unknown[]) => unknown;
}

/** UDF modules in this bundle, by the sha256 of their source (the bundle entry registers them). */
const modules = new Map<string, Readonly<Record<string, unknown>>>();
/** UDFs by id (`<export>@<hash prefix>`); an id fixes the module's content, so one map serves all pipelines. */
const installed = new Map<string, InstalledUdf>();

/** Called by the generated bundle entry (ops/udf/bundle-entry.ts) for each UDF module, before any invocation. */
export function registerUdfModule(hash: string, namespace: Readonly<Record<string, unknown>>): void {
  modules.set(hash, namespace);
}

/**
 * Resolves every UDF a spec names against the registered modules, once per id. Throws
 * UdfNotBundledError when the bundle lacks a module (or has another version of it) or the export
 * is not a function, so a stale bundle fails at cold start instead of mid-stream.
 */
export function installUdfs(specs: readonly UdfSpec[] | undefined): void {
  for (const spec of specs ?? []) {
    if (installed.has(spec.id)) continue;
    const ns = modules.get(spec.hash);
    if (ns === undefined)
      throw new UdfNotBundledError(
        `UDF ${spec.name}() comes from ${spec.module} (sha256 ${spec.hash.slice(0, 16)}…), which this handler bundle does not contain: rebuild it with sluice (sluice run/synth/deploy bundle the spec's UDF modules)`,
      );
    const fn = ns[spec.export];
    if (typeof fn !== 'function')
      throw new UdfNotBundledError(`UDF module ${spec.module} has no exported function ${spec.export}`);
    installed.set(spec.id, { spec, fn: fn as (...args: unknown[]) => unknown });
  }
}

export function installedUdf(id: string): InstalledUdf {
  const udf = installed.get(id);
  if (udf === undefined)
    throw new UdfNotBundledError(`UDF ${id} is not installed: the stage's spec does not list it`);
  return udf;
}
