import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { type Manifest, manifest } from '../../../infra/manifest';
import { functionEnvironment } from '../../bench/functions';
import { buildStack, logicalId, removeBuiltStacks } from './build-stack';
import { resource } from './template-queries';

const run = promisify(execFile);

/** The public health route and the MCP endpoint (the SDK's Ajv aliased out), bundled for real by the CDK construct. */
const bundled: Manifest = {
  ...manifest,
  functions: manifest.functions.filter((f) => f.name === 'health' || f.name === 'mcp'),
};

const bundleDirs = new Map<string, string>();

beforeAll(() => {
  const { app, stack, template } = buildStack(bundled, { bundle: true });
  const assemblyDir = app.synth().directory;
  for (const name of ['health', 'mcp']) {
    const fn = stack.functions.get(name);
    if (!fn) throw new Error(`no ${name} function`);
    const assetPath = resource(template, logicalId(fn.fn)).Metadata?.['aws:asset:path'];
    if (typeof assetPath !== 'string') throw new Error(`${name} names no asset path`);
    bundleDirs.set(name, path.join(assemblyDir, assetPath));
  }
});

afterAll(removeBuiltStacks);

function bundleDirOf(name: string): string {
  const dir = bundleDirs.get(name);
  if (!dir) throw new Error(`${name} was not bundled`);
  return dir;
}

describe('a function bundled by the CDK construct', () => {
  it('is one minified CommonJS file with a source map that carries no sources', () => {
    const bundleDir = bundleDirOf('health');
    const code = readFileSync(path.join(bundleDir, 'index.js'), 'utf8');
    // Minified: the doc comments of the sources are gone; CommonJS: Lambda require()s it.
    expect(code).not.toContain('The one middy stack');
    expect(code).toMatch(/module\.exports\s*=/);
    expect(code).toMatch(/\/\/# sourceMappingURL=index\.js\.map\s*$/);
    // Stacks mapped on first read (shared/platform/lazy-source-maps.ts, injected), no NODE_OPTIONS flag.
    expect(code).toContain('Error.prepareStackTrace=');
    const map = JSON.parse(readFileSync(path.join(bundleDir, 'index.js.map'), 'utf8')) as {
      sourcesContent?: unknown;
    };
    expect(map.sourcesContent).toBeUndefined();
    expect(statSync(path.join(bundleDir, 'index.js')).size).toBeGreaterThan(0);
  });

  it('answers an API Gateway v2 event in a fresh Node process, like Lambda runs it', async () => {
    const response = await invokeBundle('health', httpEvent('GET', '/health'));
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ status: 'ok' });
  });

  it('serves MCP without Ajv: the SDK gets our zod validator and the bundle carries no ajv', async () => {
    const code = readFileSync(path.join(bundleDirOf('mcp'), 'index.js'), 'utf8');
    expect(code).toContain('ajv is not bundled into the Lambda functions');
    // Ajv's own texts: its keyword check and its format error.
    expect(code).not.toContain('unknown keyword');
    expect(code).not.toContain('must match format');
    const rpc = (id: number, method: string, params: unknown) =>
      JSON.stringify({ jsonrpc: '2.0', id, method, params });
    const headers = { accept: 'application/json, text/event-stream', 'content-type': 'application/json' };
    const claims = { sub: 'agent-7', workspace_id: 'ws-1', actor: 'agent' };
    const initialized = await invokeBundle(
      'mcp',
      httpEvent('POST', '/mcp', {
        headers,
        claims,
        body: rpc(1, 'initialize', {
          protocolVersion: LATEST_PROTOCOL_VERSION,
          capabilities: {},
          clientInfo: { name: 'test', version: '1' },
        }),
      }),
    );
    expect(initialized.statusCode).toBe(200);
    expect(JSON.parse(initialized.body)).toMatchObject({
      id: 1,
      result: { serverInfo: { name: 'meta-ads' } },
    });
    const listed = await invokeBundle(
      'mcp',
      httpEvent('POST', '/mcp', {
        headers: { ...headers, 'mcp-protocol-version': LATEST_PROTOCOL_VERSION },
        claims,
        body: rpc(2, 'tools/list', {}),
      }),
    );
    expect(listed.statusCode).toBe(200);
    const tools = (JSON.parse(listed.body) as { result: { tools: { name: string }[] } }).result.tools;
    expect(tools.map((t) => t.name)).toContain('bulk_operations');
  });
});

/** An API Gateway v2 (HTTP API) event, with the JWT authorizer's claims when given. */
function httpEvent(
  method: string,
  rawPath: string,
  options: { headers?: Record<string, string>; body?: string; claims?: Record<string, string> } = {},
) {
  return {
    version: '2.0',
    routeKey: `${method} ${rawPath}`,
    rawPath,
    rawQueryString: '',
    headers: { host: 'api.test', ...options.headers },
    requestContext: {
      requestId: 'req-1',
      routeKey: `${method} ${rawPath}`,
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      ...(options.claims ? { authorizer: { jwt: { claims: options.claims, scopes: [] } } } : {}),
    },
    ...(options.body === undefined ? {} : { body: options.body }),
    isBase64Encoded: false,
  };
}

/** Runs a bundle's handler on one event in a fresh Node process, with the env Lambda would give it. */
async function invokeBundle(name: string, event: unknown): Promise<{ statusCode: number; body: string }> {
  const context = {
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
    memoryLimitInMB: '512',
    awsRequestId: 'req-1',
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'stream',
  };
  const script = `
    const { handler } = require(process.argv[1]);
    const context = JSON.parse(process.argv[3]);
    context.getRemainingTimeInMillis = () => 10000;
    handler(JSON.parse(process.argv[2]), context).then((r) => process.stdout.write(JSON.stringify(r)));
  `;
  const env = { ...functionEnvironment(bundled, 'test'), PATH: process.env.PATH ?? '' };
  const { stdout } = await run(
    process.execPath,
    ['-e', script, path.join(bundleDirOf(name), 'index.js'), JSON.stringify(event), JSON.stringify(context)],
    { env },
  );
  return JSON.parse(stdout) as { statusCode: number; body: string };
}
