import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { parseRemoteArgs } from '../../../cli/commands/console-remote.ts';
import { resolveRemote } from '../../../console/remote/resolve-remote.ts';
import { makeLambda } from '../../../functions/aws/clients.ts';

const noLookup = () => {
  throw new Error('a URL needs no lookup');
};

describe('sluice console --remote', () => {
  it("takes a function URL's region from its host, and keeps only its origin", async () => {
    const t = await resolveRemote('https://abc123xyz.lambda-url.eu-west-1.on.aws/some/path?q=1', {
      region: 'us-east-1',
      lambda: noLookup,
    });
    expect(t.url.href).toBe('https://abc123xyz.lambda-url.eu-west-1.on.aws/');
    expect(t.region).toBe('eu-west-1');
  });

  it('needs a region for another host, and refuses plain http off loopback', async () => {
    await expect(
      resolveRemote('https://console.example.com', { region: undefined, lambda: noLookup }),
    ).rejects.toThrow(/pass --region/);
    expect(
      (await resolveRemote('https://console.example.com', { region: 'ap-south-1', lambda: noLookup })).region,
    ).toBe('ap-south-1');
    await expect(
      resolveRemote('http://abc.lambda-url.eu-west-1.on.aws/', { region: undefined, lambda: noLookup }),
    ).rejects.toThrow(/use https/);
    await expect(resolveRemote('not a name!', { region: undefined, lambda: noLookup })).rejects.toThrow(
      /function URL \(https:\/\/…\) or a pipeline name/,
    );
  });

  it("looks a pipeline's console up by its function name, and says how to deploy one when missing", async () => {
    // a stand-in for Lambda's GetFunctionUrlConfig (GET /2021-10-31/functions/NAME/url)
    const asked: string[] = [];
    const server = createServer((req, res) => {
      asked.push(req.url ?? '');
      if (req.url === '/2021-10-31/functions/sluice-orders-console/url') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ FunctionUrl: 'https://abc123.lambda-url.eu-west-1.on.aws/', AuthType: 'AWS_IAM' }),
        );
        return;
      }
      res.writeHead(404, {
        'content-type': 'application/json',
        'x-amzn-errortype': 'ResourceNotFoundException',
      });
      res.end(JSON.stringify({ Type: 'User', Message: 'Function not found' }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      const lambda = makeLambda({ endpoint: `http://127.0.0.1:${port}`, region: 'eu-west-1' });
      const found = await resolveRemote('orders', { region: 'eu-west-1', lambda: () => lambda });
      expect(found).toEqual({
        url: new URL('https://abc123.lambda-url.eu-west-1.on.aws/'),
        region: 'eu-west-1',
        functionName: 'sluice-orders-console',
      });
      await expect(resolveRemote('other', { region: 'eu-west-1', lambda: () => lambda })).rejects.toThrow(
        /no console function URL 'sluice-other-console' in eu-west-1: deploy the pipeline with its console/,
      );
      expect(asked).toEqual([
        '/2021-10-31/functions/sluice-orders-console/url',
        '/2021-10-31/functions/sluice-other-console/url',
      ]);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('parses its flags', () => {
    expect(parseRemoteArgs(['--remote', 'orders', '--region', 'eu-west-1', '--console-port', '0'])).toEqual({
      remote: 'orders',
      region: 'eu-west-1',
      consolePort: 0,
    });
    expect(() => parseRemoteArgs(['--remote', 'orders', 'extra.sql'])).toThrow(/takes no file/);
    expect(() => parseRemoteArgs(['--remote', 'orders', '--console-port', 'x'])).toThrow(/--console-port/);
  });
});
