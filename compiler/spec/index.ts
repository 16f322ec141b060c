export * from './expr.ts';
export * from './names.ts';
export * from './pipeline-spec.ts';
export * from './types.ts';
