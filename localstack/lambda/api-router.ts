import type { IncomingMessage, ServerResponse } from 'node:http';
import { functionNameOf } from './arns.ts';
import { LambdaApiError, readJson, readRaw, sendError, sendJson } from './http.ts';
import type { LambdaEmulator } from './lambda-emulator.ts';
import {
  CreateEventSourceMappingBody,
  CreateFunctionBody,
  UpdateEventSourceMappingBody,
  UpdateFunctionCodeBody,
  UpdateFunctionConfigurationBody,
} from './schemas.ts';

type Route =
  | { readonly op: 'CreateFunction' }
  | { readonly op: 'ListFunctions' }
  | { readonly op: 'GetFunction'; readonly name: string }
  | { readonly op: 'GetFunctionConfiguration'; readonly name: string }
  | { readonly op: 'DeleteFunction'; readonly name: string }
  | { readonly op: 'UpdateFunctionConfiguration'; readonly name: string }
  | { readonly op: 'UpdateFunctionCode'; readonly name: string }
  | { readonly op: 'Invoke'; readonly name: string }
  | { readonly op: 'CreateEventSourceMapping' }
  | { readonly op: 'ListEventSourceMappings' }
  | { readonly op: 'GetEventSourceMapping'; readonly uuid: string }
  | { readonly op: 'UpdateEventSourceMapping'; readonly uuid: string }
  | { readonly op: 'DeleteEventSourceMapping'; readonly uuid: string };

/** Maps method + path (`/2015-03-31/…`, trailing slash optional) to an operation. */
export function matchRoute(method: string, path: string): Route | undefined {
  const parts = path
    .replace(/^\/2015-03-31\//, '')
    .replace(/\/+$/, '')
    .split('/')
    .map(decodeURIComponent);
  const [kind, id, sub] = parts;
  if (parts.length > 3) return undefined;
  if (kind === 'functions') {
    if (id === undefined)
      return method === 'POST'
        ? { op: 'CreateFunction' }
        : method === 'GET'
          ? { op: 'ListFunctions' }
          : undefined;
    const name = functionNameOf(id);
    if (sub === undefined) {
      if (method === 'GET') return { op: 'GetFunction', name };
      if (method === 'DELETE') return { op: 'DeleteFunction', name };
      return undefined;
    }
    if (sub === 'configuration') {
      return method === 'PUT'
        ? { op: 'UpdateFunctionConfiguration', name }
        : method === 'GET'
          ? { op: 'GetFunctionConfiguration', name }
          : undefined;
    }
    if (sub === 'code' && method === 'PUT') return { op: 'UpdateFunctionCode', name };
    if (sub === 'invocations' && method === 'POST') return { op: 'Invoke', name };
    return undefined;
  }
  if (kind === 'event-source-mappings' && sub === undefined) {
    if (id === undefined) {
      return method === 'POST'
        ? { op: 'CreateEventSourceMapping' }
        : method === 'GET'
          ? { op: 'ListEventSourceMappings' }
          : undefined;
    }
    if (method === 'GET') return { op: 'GetEventSourceMapping', uuid: id };
    if (method === 'PUT') return { op: 'UpdateEventSourceMapping', uuid: id };
    if (method === 'DELETE') return { op: 'DeleteEventSourceMapping', uuid: id };
  }
  return undefined;
}

/** Serves one Lambda REST API request with AWS-shaped JSON and errors. */
export async function routeLambdaApi(
  emu: LambdaEmulator,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const route = matchRoute(req.method ?? 'GET', url.pathname);
  try {
    if (!route) {
      req.resume();
      throw new LambdaApiError(
        'UnknownOperationException',
        `Unsupported Lambda API call ${req.method} ${url.pathname}`,
        404,
      );
    }
    await serve(emu, route, req, res, url.searchParams);
  } catch (err) {
    if (err instanceof LambdaApiError) return sendError(res, err);
    throw err;
  }
}

async function serve(
  emu: LambdaEmulator,
  route: Route,
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
): Promise<void> {
  switch (route.op) {
    case 'CreateFunction': {
      const body = await readJson(req, CreateFunctionBody);
      return sendJson(res, 201, await emu.functions.create(body));
    }
    case 'ListFunctions':
      req.resume();
      return sendJson(res, 200, { Functions: emu.functions.list() });
    case 'GetFunction':
      req.resume();
      return sendJson(res, 200, {
        Configuration: emu.functions.get(route.name),
        Code: { RepositoryType: 'S3', Location: '' },
      });
    case 'GetFunctionConfiguration':
      req.resume();
      return sendJson(res, 200, emu.functions.get(route.name));
    case 'DeleteFunction':
      req.resume();
      await emu.functions.delete(route.name);
      return sendJson(res, 204, undefined);
    case 'UpdateFunctionConfiguration': {
      const body = await readJson(req, UpdateFunctionConfigurationBody);
      return sendJson(res, 200, emu.functions.updateConfiguration(route.name, body));
    }
    case 'UpdateFunctionCode': {
      const body = await readJson(req, UpdateFunctionCodeBody);
      return sendJson(res, 200, await emu.functions.updateCode(route.name, body.ZipFile));
    }
    case 'Invoke':
      return invoke(emu, route.name, req, res);
    case 'CreateEventSourceMapping': {
      const body = await readJson(req, CreateEventSourceMappingBody);
      return sendJson(res, 202, await emu.createMapping(body));
    }
    case 'ListEventSourceMappings': {
      req.resume();
      const functionName = query.get('FunctionName') ?? undefined;
      const eventSourceArn = query.get('EventSourceArn') ?? undefined;
      const all = emu.listMappings({
        ...(functionName ? { functionName } : {}),
        ...(eventSourceArn ? { eventSourceArn } : {}),
      });
      const start = Number(query.get('Marker') ?? 0) || 0;
      const max = Math.min(Number(query.get('MaxItems') ?? 100) || 100, 10_000);
      const page = all.slice(start, start + max);
      const next = start + max < all.length ? { NextMarker: String(start + max) } : {};
      return sendJson(res, 200, { EventSourceMappings: page, ...next });
    }
    case 'GetEventSourceMapping':
      req.resume();
      return sendJson(res, 200, emu.getMapping(route.uuid));
    case 'UpdateEventSourceMapping': {
      const body = await readJson(req, UpdateEventSourceMappingBody);
      return sendJson(res, 202, await emu.updateMapping(route.uuid, body));
    }
    case 'DeleteEventSourceMapping':
      req.resume();
      return sendJson(res, 202, await emu.deleteMapping(route.uuid));
    default: {
      const never: never = route;
      throw new Error(`unhandled route ${JSON.stringify(never)}`);
    }
  }
}

async function invoke(
  emu: LambdaEmulator,
  name: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const type = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
  const payload = (await readRaw(req)) || '{}';
  try {
    JSON.parse(payload);
  } catch {
    throw new LambdaApiError('InvalidRequestContentException', 'Could not parse request body into json', 400);
  }
  emu.functions.get(name); // 404 before anything else
  const headers = { 'x-amz-executed-version': '$LATEST' };
  switch (type) {
    case 'DryRun':
      return sendJson(res, 204, undefined, headers);
    case 'Event':
      void emu.invoke(name, payload);
      return sendJson(res, 202, undefined, headers);
    case 'RequestResponse': {
      const result = await emu.invoke(name, payload);
      if (result.kind === 'ok') {
        res.writeHead(200, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(result.payload),
          'x-amzn-requestid': result.requestId,
          ...headers,
        });
        res.end(result.payload);
        return;
      }
      return sendJson(res, 200, result.error, {
        ...headers,
        'x-amzn-requestid': result.requestId,
        'x-amz-function-error': 'Unhandled',
      });
    }
    default:
      throw new LambdaApiError('InvalidParameterValueException', `Unknown InvocationType ${type}`, 400);
  }
}
