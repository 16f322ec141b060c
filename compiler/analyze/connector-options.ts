import { isAbsolute, resolve } from 'node:path';
import type { AstStatement } from '../ast/statement.ts';
import {
  type BuildContext,
  type Connector,
  connectorNamed,
  type OptionSchema,
  optionDefault,
  optionIssues,
  optionNames,
  optionValues,
  SQL_CONNECTORS,
} from '../connectors/index.ts';
import { suggestion } from '../errors/did-you-mean.ts';
import { sqlError } from '../errors/sql-error.ts';
import { parseS3Location } from './s3-location.ts';
import type { Options } from './table-def.ts';

type CreateTable = Extract<AstStatement, { kind: 'create_table' }>;

/** The connector module a table names (`connector = '…'`), from the one registry. */
export function connectorOf(opts: Options): Connector {
  const name = opts.oneOf('connector', SQL_CONNECTORS);
  const module = connectorNamed(name);
  if (module === undefined) throw new Error(`connector ${name} is not registered`);
  return module;
}

/**
 * Checks a table's options against its module's schema (compiler/connectors): the first unknown
 * option, or missing required one, is an error at its line:column (the table's for a missing one).
 */
export function checkOptions(t: CreateTable, opts: Options, schema: OptionSchema, context: string): void {
  const raw = Object.fromEntries(t.options.map((o) => [o.key, o.value]));
  for (const issue of optionIssues(schema, raw)) {
    if (issue.problem === 'unknown')
      throw sqlError(
        'SQL_INVALID_OPTION',
        opts.get(issue.option)?.pos ?? t.pos,
        `unknown option ${issue.option} for ${context}`,
        suggestion(issue.option, optionNames(schema), 'option'),
      );
    if (issue.problem === 'missing')
      throw sqlError(
        'SQL_INVALID_OPTION',
        t.pos,
        `table ${t.name} is missing the option ${issue.option}`,
        hintOf(issue.option, schema.shape[issue.option]?.description),
      );
    // An invalid value is the builder's to report, with its own words.
  }
}

/** The option reader a module's builder gets: values with the schema's defaults and enums. */
export function buildContext(
  t: CreateTable,
  opts: Options,
  schema: OptionSchema,
  baseDir: string | undefined,
): BuildContext {
  const value = (key: string): string => {
    const values = optionValues(schema, key);
    const fallback = optionDefault(schema, key);
    return values ? opts.oneOf(key, values, fallback) : opts.string(key, fallback);
  };
  return {
    table: t.name,
    value,
    path: () => {
      const p = opts.string('path');
      return baseDir !== undefined && !isAbsolute(p) ? resolve(baseDir, p) : p;
    },
    s3: () => parseS3Location(opts.string('path'), opts.get('path')?.pos ?? t.pos),
  };
}

const hintOf = (key: string, description: string | undefined): string =>
  `add ${key} = '…' to WITH (…)${description === undefined ? '' : ` (${description})`}`;
