import type { UdfCatalog } from './udf-catalog.ts';

/**
 * The UDF catalog of the compilation in progress. `compile()` is synchronous and binds expressions
 * deep inside the planner (aggregate detection, GROUP BY, views), so the catalog is in scope for the
 * duration of one `withUdfCatalog` call instead of being threaded through every binder.
 */
let current: UdfCatalog | undefined;

export function withUdfCatalog<T>(catalog: UdfCatalog, body: () => T): T {
  const previous = current;
  current = catalog;
  try {
    return body();
  } finally {
    current = previous;
  }
}

/** The UDF named `name` in the current compilation, if any. */
export const lookupUdf = (name: string) => current?.get(name);

export const currentUdfCatalog = (): UdfCatalog | undefined => current;
