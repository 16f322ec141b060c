import { messageError } from '../errors.ts';

/**
 * The spec names a UDF whose module the handler bundle does not hold (or holds another version of):
 * the bundle was built without it or from a changed file. Bundle with sluice (`sluice run`,
 * `sluice synth`), which bundles the UDF modules the spec names.
 */
export class UdfNotBundledError extends messageError('UdfNotBundledError', 'UDF_NOT_BUNDLED') {}
