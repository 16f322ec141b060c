import type { SourceSpec } from '../../compiler/spec/index.ts';
import { sourceDeclaration } from '../../compiler/spec/index.ts';

/** The sources whose lines a cloud ingest function writes to the ingest stream (nexmark, filesystem). */
export const cloudIngestSource = (source: SourceSpec): boolean => sourceDeclaration(source).cloudIngest;
