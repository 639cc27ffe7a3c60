import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import type * as z from 'zod';
import { errorFields } from '../../shared/platform/error-fields';
import { LOCAL_REGION } from './local-aws';
import { SecretStore, type StoredSecrets, storedSecrets } from './secret-store';
import { SecretsError } from './secrets-error';
import { isSecretsOperation, type SecretsOperation, secretsRequests } from './secrets-requests';
import type { StructuredLog } from './structured-log';

export interface LocalSecretsService {
  endpoint: string;
  stop(): Promise<void>;
}

export interface SecretsServiceOptions {
  /** JSON file the secrets persist to (rewritten atomically after each change); in memory without it. */
  dataFile?: string;
  /** Region in the secrets' ARNs. @default LOCAL_REGION */
  region?: string;
  /** Gets the operation and outcome of each request, never a secret value. @default silent */
  log?: StructuredLog;
}

const TARGET_PREFIX = 'secretsmanager.';
const JSON_1_1 = 'application/x-amz-json-1.1';
const MAX_BODY_BYTES = 1024 * 1024;

interface Operation {
  /** Whether the operation changes the store, so the data file must be rewritten. */
  mutates: boolean;
  handle(store: SecretStore, body: unknown): object;
}

function operation<S extends z.ZodType>(
  schema: S,
  mutates: boolean,
  run: (store: SecretStore, input: z.output<S>) => object,
): Operation {
  return {
    mutates,
    handle: (store, body) => {
      const parsed = schema.safeParse(body);
      if (!parsed.success)
        throw new SecretsError(
          'InvalidParameterException',
          parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
        );
      return run(store, parsed.data);
    },
  };
}

const operations: Record<SecretsOperation, Operation> = {
  CreateSecret: operation(secretsRequests.CreateSecret, true, (s, i) => s.createSecret(i)),
  GetSecretValue: operation(secretsRequests.GetSecretValue, false, (s, i) => s.getSecretValue(i)),
  PutSecretValue: operation(secretsRequests.PutSecretValue, true, (s, i) => s.putSecretValue(i)),
  UpdateSecret: operation(secretsRequests.UpdateSecret, true, (s, i) => s.updateSecret(i)),
  DeleteSecret: operation(secretsRequests.DeleteSecret, true, (s, i) => s.deleteSecret(i)),
  RestoreSecret: operation(secretsRequests.RestoreSecret, true, (s, i) => s.restoreSecret(i)),
  DescribeSecret: operation(secretsRequests.DescribeSecret, false, (s, i) => s.describeSecret(i)),
  ListSecrets: operation(secretsRequests.ListSecrets, false, (s, i) => s.listSecrets(i)),
};

/**
 * Starts a local Secrets Manager on a free loopback port. It speaks the service's JSON 1.1
 * protocol (`X-Amz-Target: secretsmanager.<Operation>`), so the AWS SDK and Powertools
 * Parameters use it unchanged through `AWS_ENDPOINT_URL_SECRETS_MANAGER` or `endpoint`.
 * @example const secrets = await startSecretsService({ dataFile: '.local/secrets.json' });
 */
export async function startSecretsService(options: SecretsServiceOptions = {}): Promise<LocalSecretsService> {
  const { dataFile, log = () => {} } = options;
  const store = new SecretStore({
    region: options.region ?? LOCAL_REGION,
    data: dataFile ? readDataFile(dataFile) : undefined,
  });
  const persist = dataFile ? () => writeDataFile(dataFile, store.snapshot()) : () => {};
  const server = createServer((req, res) => {
    void handleRequest(req, res, store, persist, log);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('local Secrets Manager did not get a port');
  return { endpoint: `http://127.0.0.1:${address.port}`, stop: () => closeServer(server) };
}

async function handleRequest(
  req: IncomingMessage,
  res: ServerResponse,
  store: SecretStore,
  persist: () => void,
  log: StructuredLog,
): Promise<void> {
  const target = req.headers['x-amz-target'];
  const name =
    typeof target === 'string' && target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
  try {
    const body = await readBody(req);
    if (req.method !== 'POST' || !isSecretsOperation(name))
      throw new SecretsError(
        'UnknownOperationException',
        `The local Secrets Manager does not support ${req.method} ${name || '(no X-Amz-Target)'}.`,
      );
    const op = operations[name];
    const result = op.handle(store, parseJson(body));
    if (op.mutates) persist();
    reply(res, 200, result);
    log({ level: 'debug', msg: 'secrets request', operation: name, status: 200 });
  } catch (err: unknown) {
    if (err instanceof SecretsError) {
      reply(res, 400, { __type: err.type, message: err.message });
      log({ level: 'debug', msg: 'secrets request', operation: name, status: 400, error: err.type });
      return;
    }
    reply(res, 500, { __type: 'InternalServiceError', message: 'The local Secrets Manager failed.' });
    log({
      level: 'error',
      msg: 'secrets request failed',
      operation: name,
      error: errorFields(err),
    });
  }
}

function parseJson(body: string): unknown {
  if (body.trim() === '') return {};
  try {
    return JSON.parse(body);
  } catch {
    throw new SecretsError('SerializationException', 'The request body is not valid JSON.');
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES)
        reject(new SecretsError('InvalidParameterException', 'The request body is larger than 1 MiB.'));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

function reply(res: ServerResponse, status: number, body: object): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': JSON_1_1,
    'content-length': Buffer.byteLength(json),
    'x-amzn-requestid': randomUUID(),
  });
  res.end(json);
}

function readDataFile(path: string): StoredSecrets | undefined {
  if (!existsSync(path)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new Error(`secrets data file ${path} is not JSON`);
  }
  const parsed = storedSecrets.safeParse(json);
  if (!parsed.success)
    throw new Error(
      `secrets data file ${path} has an unknown shape: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`,
    );
  return parsed.data;
}

/** Write-then-rename, so a crash mid-write never leaves a torn file; only the owner may read it. */
function writeDataFile(path: string, data: StoredSecrets): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(data), { mode: 0o600 });
  renameSync(temporary, path);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });
}
