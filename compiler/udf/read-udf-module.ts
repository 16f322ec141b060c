import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as TS from 'typescript';
import type { UdfSpec } from '../spec/udf-spec.ts';
import { type Fail, type FnNode, readSignature } from './read-signature.ts';
import { type TypeContext, TypeRefusal } from './ts-types.ts';
import { readConfig, type UdfOptions } from './udf-config.ts';
import { UdfError, type UdfPos } from './udf-error.ts';

/** A UDF as the compiler knows it: its spec entry plus where it is declared, for diagnostics. */
export interface UdfDef extends UdfSpec {
  readonly pos: UdfPos;
}

/** TypeScript's compiler API, loaded on first use: pipelines without UDFs never pay for it. */
let tsModule: typeof TS | undefined;
const typescript = (): typeof TS => {
  tsModule ??= createRequire(import.meta.url)('typescript') as typeof TS;
  return tsModule;
};

/**
 * Reads the UDFs of one TypeScript module from its exported functions' signatures
 * (`export function f(…): T`, `export const f = (…): T => …`) and its `export const config`,
 * without running it (TypeScript's parser only, no type checker). `file` is the absolute path the
 * bundler will import; `shown` is how diagnostics name it.
 */
export function readUdfModule(file: string, source: string, shown: string): UdfDef[] {
  const ts = typescript();
  const sf = ts.createSourceFile(shown, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const hash = createHash('sha256').update(source).digest('hex');
  const at = (node: TS.Node): UdfPos => {
    const lc = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    return { file: shown, line: lc.line + 1, column: lc.character + 1 };
  };
  const fail: Fail = (code, node, problem, hint) => {
    const pos = at(node);
    throw new UdfError(code, pos, problem, hint, source.split(/\r?\n/)[pos.line - 1]);
  };
  const { fns, aliases, config, configNode } = moduleExports(sf, ts, fail);
  for (const name of config.keys())
    if (!fns.some((f) => f.name.text === name))
      fail(
        'UDF_INVALID_CONFIG',
        configNode ?? sf,
        `config names ${name}, which is not an exported function of this module`,
        `export function ${name}(…) or remove its config entry`,
      );
  if (fns.length === 0)
    fail(
      'UDF_FILE',
      sf,
      'the module exports no function',
      'export each UDF: export function discount(price: number): number { … }',
    );
  const cx: TypeContext = { ts, sf, aliases };
  return fns.map(({ name, fn }) => ({
    id: `${name.text}@${hash.slice(0, 16)}`,
    name: name.text.toLowerCase(),
    export: name.text,
    module: file,
    hash,
    ...readSignature(name, fn, config.get(name.text) ?? {}, cx, fail, configNode ?? name),
    pos: at(name),
  }));
}

interface ModuleExports {
  readonly fns: { name: TS.Identifier; fn: FnNode }[];
  readonly aliases: Map<string, TS.TypeNode>;
  config: Map<string, UdfOptions>;
  configNode: TS.Node | undefined;
}

/** The exported functions, the module's type aliases and its `config` export. */
function moduleExports(sf: TS.SourceFile, ts: typeof TS, fail: Fail): ModuleExports {
  const out: ModuleExports = {
    fns: [],
    aliases: new Map(),
    config: new Map(),
    configNode: undefined,
  };
  for (const st of sf.statements) {
    if (ts.isTypeAliasDeclaration(st) && st.typeParameters === undefined)
      out.aliases.set(st.name.text, st.type);
    if (ts.isExportDeclaration(st) && !st.isTypeOnly)
      fail(
        'UDF_INVALID_SIGNATURE',
        st,
        're-exports are not read as UDFs',
        'export each UDF where it is declared: export function f(x: number): number { … }',
      );
    if (!exported(st, ts)) continue;
    if (ts.isFunctionDeclaration(st) && st.name !== undefined) {
      if (st.body === undefined)
        fail(
          'UDF_INVALID_SIGNATURE',
          st.name,
          `${st.name.text}() is overloaded`,
          'a UDF has one signature: give each variant its own name',
        );
      out.fns.push({ name: st.name, fn: st });
    }
    if (!ts.isVariableStatement(st)) continue;
    for (const d of st.declarationList.declarations) {
      if (!ts.isIdentifier(d.name) || d.initializer === undefined) continue;
      if (d.name.text === 'config') {
        out.config = configOf(d.initializer, ts, fail);
        out.configNode = d.name;
        continue;
      }
      let init: TS.Expression = d.initializer;
      while (ts.isParenthesizedExpression(init)) init = init.expression;
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) out.fns.push({ name: d.name, fn: init });
    }
  }
  return out;
}

function configOf(init: TS.Expression, ts: typeof TS, fail: Fail): Map<string, UdfOptions> {
  try {
    return readConfig(init, ts);
  } catch (e) {
    if (e instanceof TypeRefusal) return fail(e.code, e.node, e.problem, e.hint);
    throw e;
  }
}

function exported(st: TS.Statement, ts: typeof TS): boolean {
  const mods = ts.canHaveModifiers(st) ? ts.getModifiers(st) : undefined;
  return (
    mods?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) === true &&
    !mods.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)
  );
}
