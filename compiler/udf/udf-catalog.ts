import type { Pos } from '../errors/sql-error.ts';
import type { UdfSpec } from '../spec/udf-spec.ts';
import type { UdfDef } from './read-udf-module.ts';
import { UdfError } from './udf-error.ts';

/**
 * The UDFs a compilation may call, by SQL name (the export name in lower case). Refuses two UDFs
 * with one SQL name and UDFs named like a built-in function. Records where each UDF is first called,
 * so later checks (async-placement.ts) can point at the SQL.
 */
export class UdfCatalog {
  private readonly byName = new Map<string, UdfDef>();
  private readonly firstUse = new Map<string, Pos>();

  constructor(defs: readonly UdfDef[], isBuiltin: (name: string) => boolean) {
    for (const d of defs) {
      const other = this.byName.get(d.name);
      if (other !== undefined)
        throw new UdfError(
          'UDF_NAME_CONFLICT',
          d.pos,
          `UDF ${d.export}() has the same SQL name as ${other.export}() (${other.pos.file}:${other.pos.line}:${other.pos.column})`,
          'SQL function names ignore case: rename one of them',
        );
      if (isBuiltin(d.name))
        throw new UdfError(
          'UDF_NAME_CONFLICT',
          d.pos,
          `UDF ${d.export}() has the name of the built-in function ${d.name}()`,
          `rename it, e.g. my_${d.name}`,
        );
      this.byName.set(d.name, d);
    }
  }

  get(name: string): UdfDef | undefined {
    return this.byName.get(name);
  }

  get names(): string[] {
    return [...this.byName.keys()];
  }

  /** Records a call of `def` at `pos` (the first call's position is kept). */
  use(def: UdfDef, pos: Pos): void {
    if (!this.firstUse.has(def.id)) this.firstUse.set(def.id, pos);
  }

  /** Where the SQL first calls the UDF `id`. */
  usedAt(id: string): Pos | undefined {
    return this.firstUse.get(id);
  }

  /** The spec entries of the UDFs with these ids (those the plan calls), in name order. */
  specsOf(ids: ReadonlySet<string>): UdfSpec[] {
    return [...this.byName.values()]
      .filter((d) => ids.has(d.id))
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map(({ pos: _pos, ...spec }) => spec);
  }

  /** The spec entry of a UDF by id. */
  byId(id: string): UdfDef | undefined {
    return [...this.byName.values()].find((d) => d.id === id);
  }
}
