import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The parser library's WebAssembly (datafusion-sqlparser-rs), owned here so that it can be
 * re-created. A WebAssembly trap (say a stack overflow on a huge expression) leaves the module's
 * shadow stack pointer where the trap hit, so every later call fails too; the library instantiates
 * its module once per process. sluice instead evaluates the library's wasm-bindgen glue once per
 * instance (its state lives in module-level variables) and swaps in a fresh instance after a fault.
 * Creating one takes about a millisecond: the compiled WebAssembly.Module is shared.
 */
const GLUE = 'sqlparser_rs_wasm.js';
const WASM = 'sqlparser_rs_wasm_bg.wasm';
const DIALECT = 'generic';

interface Glue {
  parse_sql(dialect: string, sql: string): unknown;
  initSync(opts: { module: object }): unknown;
}

/** `node_modules/@guanmingchiu/sqlparser-ts/wasm/`, or `wasm/` beside a bundle (the cloud console). */
function parserDir(): string {
  const dirs: string[] = [];
  try {
    const entry = createRequire(import.meta.url).resolve('@guanmingchiu/sqlparser-ts');
    dirs.push(join(dirname(entry), '..', 'wasm'));
  } catch {
    // bundled: the package is not installed next to the code
  }
  dirs.push(fileURLToPath(new URL('./wasm/', import.meta.url)));
  const found = dirs.find((d) => existsSync(join(d, GLUE)) && existsSync(join(d, WASM)));
  if (found === undefined)
    throw new Error(`the SQL parser's ${GLUE} and ${WASM} are missing (looked in ${dirs.join(', ')})`);
  return found;
}

/** The glue as a function body that returns a fresh copy of its exports on every call. */
function glueFactory(source: string): () => Glue {
  const body = source
    .replace(/^export function /gm, 'function ')
    .replace(/^export \{[^}]*\};?\s*$/m, '')
    .replace(/import\.meta\.url/g, 'undefined');
  if (/^export\b/m.test(body) || !/function parse_sql\(/.test(body) || !/function initSync\(/.test(body))
    throw new Error(`the SQL parser's ${GLUE} changed shape: update compiler/parse/wasm-parser.ts`);
  return new Function(`'use strict';\n${body}\nreturn { parse_sql, initSync };`) as () => Glue;
}

const dir = parserDir();
const makeGlue = glueFactory(readFileSync(join(dir, GLUE), 'utf8'));
// Node's WebAssembly global (TypeScript's lib here declares only its types).
const { Module } = (globalThis as unknown as { WebAssembly: { Module: new (bytes: Uint8Array) => object } })
  .WebAssembly;
const wasmModule = new Module(readFileSync(join(dir, WASM)));

function createInstance(): Glue {
  const glue = makeGlue();
  glue.initSync({ module: wasmModule });
  return glue;
}

let current = createInstance();
let instances = 1;

/** How many parser instances this process has created (1 + the faults survived). */
export function parserInstances(): number {
  return instances;
}

export type WasmParseResult =
  | { readonly kind: 'ok'; readonly statements: readonly unknown[] }
  /** A parse error: the library's message, with the position in its text when it has one. */
  | { readonly kind: 'error'; readonly message: string }
  /** The module failed (trap, overflow, anything but a parse error); it has been re-created. */
  | { readonly kind: 'fault'; readonly detail: string };

/** Parses with the current instance; after a fault the next call gets a fresh one. */
export function wasmParse(sql: string): WasmParseResult {
  try {
    const statements = current.parse_sql(DIALECT, sql);
    if (!Array.isArray(statements)) return fault(new Error('the parser returned no statement list'));
    return { kind: 'ok', statements };
  } catch (e) {
    // Parse errors come back as plain `{ message }` objects; anything else is the module failing.
    if (!(e instanceof Error) && typeof e === 'object' && e !== null && 'message' in e) {
      const message = e.message;
      if (typeof message === 'string') return { kind: 'error', message };
    }
    return fault(e);
  }
}

function fault(e: unknown): WasmParseResult {
  current = createInstance();
  instances++;
  const detail = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return { kind: 'fault', detail };
}
