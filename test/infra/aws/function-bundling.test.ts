import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Manifest } from '../../../infra/manifest';
import { fixtureManifest } from '../fixture-manifest';
import { buildStack, logicalId, removeBuiltStacks } from './build-stack';
import { resource } from './template-queries';

const run = promisify(execFile);

/** Just the public health route, bundled for real by the CDK construct. */
const healthOnly: Manifest = {
  ...fixtureManifest,
  functions: fixtureManifest.functions.filter((f) => f.name === 'health'),
};

let bundleDir: string;

beforeAll(() => {
  const { app, stack, template } = buildStack(healthOnly, { bundle: true });
  const health = stack.functions.get('health');
  if (!health) throw new Error('no health function');
  const assemblyDir = app.synth().directory;
  const assetPath = resource(template, logicalId(health.fn)).Metadata?.['aws:asset:path'];
  if (typeof assetPath !== 'string') throw new Error('the function names no asset path');
  bundleDir = path.join(assemblyDir, assetPath);
});

afterAll(removeBuiltStacks);

describe('a function bundled by the CDK construct', () => {
  it('is one minified CommonJS file with a source map that carries no sources', () => {
    const code = readFileSync(path.join(bundleDir, 'index.js'), 'utf8');
    // Minified: the doc comments of the sources are gone; CommonJS: Lambda require()s it.
    expect(code).not.toContain('The one middy stack');
    expect(code).toMatch(/module\.exports\s*=/);
    expect(code).toMatch(/\/\/# sourceMappingURL=index\.js\.map\s*$/);
    const map = JSON.parse(readFileSync(path.join(bundleDir, 'index.js.map'), 'utf8')) as {
      sourcesContent?: unknown;
    };
    expect(map.sourcesContent).toBeUndefined();
    expect(statSync(path.join(bundleDir, 'index.js')).size).toBeGreaterThan(0);
  });

  it('answers an API Gateway v2 event in a fresh Node process, like Lambda runs it', async () => {
    const event = {
      version: '2.0',
      routeKey: 'GET /health',
      rawPath: '/health',
      rawQueryString: '',
      headers: { host: 'api.test' },
      requestContext: {
        requestId: 'req-1',
        routeKey: 'GET /health',
        http: {
          method: 'GET',
          path: '/health',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'test',
        },
      },
      isBase64Encoded: false,
    };
    const context = {
      functionName: 'health',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:health',
      memoryLimitInMB: '256',
      awsRequestId: 'req-1',
      logGroupName: '/aws/lambda/health',
      logStreamName: 'stream',
      getRemainingTimeInMillis: 'REMAINING',
    };
    const script = `
      const { handler } = require(process.argv[1]);
      const context = JSON.parse(process.argv[3]);
      context.getRemainingTimeInMillis = () => 10000;
      handler(JSON.parse(process.argv[2]), context).then((r) => process.stdout.write(JSON.stringify(r)));
    `;
    const { stdout } = await run(
      process.execPath,
      ['-e', script, path.join(bundleDir, 'index.js'), JSON.stringify(event), JSON.stringify(context)],
      {
        env: {
          PATH: process.env.PATH ?? '',
          NODE_OPTIONS: '--enable-source-maps',
          POWERTOOLS_LOG_LEVEL: 'SILENT',
          POWERTOOLS_METRICS_DISABLED: 'true',
          AWS_REGION: 'us-east-1',
          STAGE: 'dev',
        },
      },
    );
    const response = JSON.parse(stdout) as { statusCode: number; body: string };
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ status: 'ok' });
  });
});
