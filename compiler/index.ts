export { type CompileOptions, compile } from './compile.ts';
export * from './connectors/index.ts';
export { ParserFaultError } from './errors/parser-fault-error.ts';
export { type Diagnostic, type Pos, SqlError, type SqlErrorCode } from './errors/sql-error.ts';
export { explainSpec } from './explain/explain-spec.ts';
export { renderExpr } from './explain/render-expr.ts';
export type { PipelineSpec } from './spec/index.ts';
export { readUdfModule, type UdfDef } from './udf/read-udf-module.ts';
export { UdfError, type UdfErrorCode } from './udf/udf-error.ts';
