import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONNECTORS } from '../../../compiler/spec/index.ts';

/**
 * A lint rule as a test (docs/connectors.md): only the connector modules and their registries may
 * switch on a connector's kind. Elsewhere the code asks the module (compiler/connectors declarations,
 * and each room's facet registry, which indexes by kind instead of comparing it).
 */
const ROOT = join(import.meta.dirname, '../../..');
const ROOMS = ['compiler', 'functions', 'infra', 'localstack', 'ops', 'console', 'cli'];
/** The connector modules: declarations, and the per-connector runtime folders. */
const ALLOWED = [
  'compiler/connectors/',
  'functions/connectors/nexmark/',
  'functions/connectors/s3/',
  'functions/connectors/kafka/',
  'functions/connectors/mqtt/',
  'localstack/kafka/',
  'localstack/mqtt/',
];

const kinds = [...new Set([...CONNECTORS.map((c) => c.name), 'kafka', 'mqtt'])];
const alt = kinds.join('|');
/** `x.kind === 'kinesis'`, `connector !== 'nexmark'`, `generator === 'impulse'`, `case 'preview':`. */
const SWITCH = new RegExp(
  `(?:\\bkind|\\bconnector|\\bgenerator)\\s*[!=]==?\\s*'(?:${alt})'|'(?:${alt})'\\s*[!=]==?\\s*\\S*\\b(?:kind|connector)\\b|\\bcase\\s+'(?:${alt})'\\s*:`,
);

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

function kindSwitches(files: readonly string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const rel = relative(ROOT, file).split('\\').join('/');
    if (ALLOWED.some((a) => rel.startsWith(a))) continue;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (SWITCH.test(line)) found.push(`${rel}:${i + 1}: ${line.trim()}`);
      });
  }
  return found;
}

describe('connector kinds', () => {
  it('the pattern catches a switch on a connector kind', () => {
    for (const line of [
      "if (s.kind === 'kinesis') {",
      "source.kind !== 'single_file'",
      "    case 'filesystem':",
      "if (o.generator === 'impulse')",
      "connector === 'nexmark'",
    ])
      expect(SWITCH.test(line), line).toBe(true);
    for (const line of ["{ kind: 'preview', stream: 'preview' }", "service: 'kinesis'", "key === 'preview'"])
      expect(SWITCH.test(line), line).toBe(false);
  });

  it('no file outside the connector modules and their registry switches on a connector kind', () => {
    const files = ROOMS.flatMap((room) => tsFiles(join(ROOT, room)));
    expect(files.length).toBeGreaterThan(100);
    expect(kindSwitches(files)).toEqual([]);
  });
});
