import { compile } from '../compiler/index.ts';
import { PipelinePropsError } from './errors.ts';
import { prepareHandlerDirSync } from './handler-dir.ts';
import type { PipelineProps, PipelineSource } from './pipeline-props.ts';

/** A pipeline name from a construct id: `OrdersPipeline` → `orders-pipeline`, `Orders_v2` → `orders-v2`. */
export function pipelineNameOf(id: string): string {
  const name = id
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '');
  return (name || 'pipeline').slice(0, 40);
}

/**
 * The spec and handler directory of a `Pipeline`: `spec` as given, or `sql` compiled (the name
 * from `name` or the construct id); `handlerDir` as given, or bundled now (handler-dir.ts).
 * Throws `PipelinePropsError` unless exactly one of `sql` and `spec` is given, and the compiler's
 * `SqlError` for bad SQL.
 */
export function resolvePipelineSource(id: string, props: PipelineProps): PipelineSource {
  if ((props.sql === undefined) === (props.spec === undefined)) {
    throw new PipelinePropsError(
      `Pipeline '${id}': give the pipeline as 'sql' (its SQL text) or as 'spec' (a compiled PipelineSpec), not ${props.sql === undefined ? 'neither' : 'both'}`,
    );
  }
  const spec =
    props.spec ??
    compile(props.sql ?? '', {
      name: props.name ?? pipelineNameOf(id),
      baseDir: process.cwd(),
      ...(props.parallelism !== undefined ? { parallelism: props.parallelism } : {}),
    });
  return { spec, handlerDir: props.handlerDir ?? prepareHandlerDirSync(spec) };
}
