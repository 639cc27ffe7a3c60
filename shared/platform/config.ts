import * as z from 'zod';
import { ConfigError } from './errors';

/**
 * The one config parser. Each section is a zod schema over `process.env`, parsed once on
 * first use (cold start) and cached; a missing or malformed value throws `ConfigError`
 * naming the variable. A function reads only the sections it needs, so a health check does
 * not demand Meta credentials.
 */

const nonEmpty = z.string().trim().min(1, 'must not be empty');
const url = z.url({ message: 'must be an absolute URL' }).transform((u) => u.replace(/\/+$/, ''));

export const DEFAULT_GRAPH_VERSION = 'v26.0';
const META_GRAPH_DEFAULT_URL = 'https://graph.facebook.com';
const META_GRAPH_VIDEO_DEFAULT_URL = 'https://graph-video.facebook.com';

const schemas = {
  runtime: z.object({
    AWS_REGION: nonEmpty.default('us-east-1'),
    STAGE: z.enum(['local', 'dev', 'prod']).default('local'),
    POWERTOOLS_SERVICE_NAME: nonEmpty.default('meta-ads'),
  }),
  /**
   * `META_GRAPH_VIDEO_URL` (the host video uploads go to) defaults to `META_GRAPH_URL` when only
   * that is set, so a Graph stand-in on one host (the simulator) serves both; with neither set,
   * Meta's own hosts.
   */
  meta: z
    .object({
      META_GRAPH_URL: url.optional(),
      META_GRAPH_VIDEO_URL: url.optional(),
      META_GRAPH_VERSION: z
        .string()
        .regex(/^v\d+\.\d+$/, 'must look like v26.0')
        .default(DEFAULT_GRAPH_VERSION),
      META_DIALOG_URL: url.default('https://www.facebook.com'),
    })
    .transform(({ META_GRAPH_URL, META_GRAPH_VIDEO_URL, ...rest }) => ({
      ...rest,
      META_GRAPH_URL: META_GRAPH_URL ?? META_GRAPH_DEFAULT_URL,
      META_GRAPH_VIDEO_URL: META_GRAPH_VIDEO_URL ?? META_GRAPH_URL ?? META_GRAPH_VIDEO_DEFAULT_URL,
    })),
  /** Locally the app credentials are plain env; in AWS they come from META_APP_SECRET_ARN. */
  metaApp: z.union([
    z.object({ META_APP_ID: nonEmpty, META_APP_SECRET: nonEmpty }),
    z.object({ META_APP_SECRET_ARN: nonEmpty }),
  ]),
  dashboard: z.object({ DASHBOARD_URL: url }),
  /**
   * The API's own public base URL: the OAuth `redirect_uri` is built from it, never from a
   * request's Host or X-Forwarded-Proto (a forged header would steer the code elsewhere).
   * In AWS the HTTP API's endpoint (or its custom domain); locally the gateway's URL.
   */
  api: z.object({ API_BASE_URL: url }),
  /**
   * Webhook keys: plain env locally; in AWS the JSON secret at META_WEBHOOK_KEYS_SECRET_ARN
   * holds the same four names. PREVIOUS counts only with ROTATED_AT (§7).
   */
  webhook: z.union([
    z.object({
      META_WEBHOOK_VERIFY_TOKEN: nonEmpty,
      META_WEBHOOK_SIGNING_KEY_CURRENT: nonEmpty,
      META_WEBHOOK_SIGNING_KEY_PREVIOUS: nonEmpty.optional(),
      META_WEBHOOK_SIGNING_KEY_ROTATED_AT: z.iso
        .datetime({ offset: true, message: 'must be an ISO-8601 time' })
        .optional(),
    }),
    z.object({ META_WEBHOOK_KEYS_SECRET_ARN: nonEmpty }),
  ]),
  /**
   * Who issues the dashboard JWTs (the HTTP API authorizer's issuer): the MCP protected-resource
   * document names it, so a standard MCP client knows where to sign in.
   */
  tokenIssuer: z.object({ JWT_ISSUER: z.url({ message: 'must be an absolute URL (the token issuer)' }) }),
  localAuth: z.object({ LOCAL_JWT_SECRET: z.string().min(16, 'must be at least 16 characters') }),
  /**
   * The key that seals access tokens (envelope encryption, shared/store/envelope): in AWS the
   * stack's customer-managed KMS key; locally a raw AES-256 key (base64 of 32 bytes, kept in
   * `.local/` by the local runtime), refused outside the local stage.
   */
  tokenVault: z
    .object({
      STAGE: z.enum(['local', 'dev', 'prod']).default('local'),
      TOKEN_KMS_KEY_ARN: z
        .string()
        .regex(/^arn:aws[\w-]*:kms:[\w-]+:\d{12}:key\/[\w-]+$/, 'must be a KMS key ARN')
        .optional(),
      TOKEN_LOCAL_AES_KEY: z
        .base64({ message: 'must be base64' })
        .refine((key) => Buffer.from(key, 'base64').length === 32, 'must be 32 bytes (AES-256), base64')
        .optional(),
    })
    .transform(({ STAGE, TOKEN_KMS_KEY_ARN, TOKEN_LOCAL_AES_KEY }, ctx) => {
      if (TOKEN_KMS_KEY_ARN) return { keyring: 'kms' as const, keyArn: TOKEN_KMS_KEY_ARN };
      if (TOKEN_LOCAL_AES_KEY && STAGE === 'local')
        return {
          keyring: 'rawAes' as const,
          key: new Uint8Array(Buffer.from(TOKEN_LOCAL_AES_KEY, 'base64')),
        };
      ctx.addIssue({
        code: 'custom',
        path: ['TOKEN_KMS_KEY_ARN'],
        message: TOKEN_LOCAL_AES_KEY
          ? 'is required outside the local stage (TOKEN_LOCAL_AES_KEY is for local runs only)'
          : 'is required (locally TOKEN_LOCAL_AES_KEY instead)',
      });
      return z.NEVER;
    }),
} as const;

type Schemas = typeof schemas;
export type ConfigSection = keyof Schemas;
export type Config<S extends ConfigSection> = z.output<Schemas[S]>;

const cache = new Map<ConfigSection, unknown>();

/**
 * Parses one section of the environment (once) and returns it.
 * @example const { META_GRAPH_VERSION } = config('meta');
 */
export function config<S extends ConfigSection>(section: S): Config<S> {
  const hit = cache.get(section);
  if (hit !== undefined) return hit as Config<S>;
  const parsed = parseEnv(schemas[section], process.env);
  cache.set(section, parsed);
  return parsed as Config<S>;
}

/** Reads a name from the environment that the manifest assigned (table, queue, bucket). */
export function resourceName(envVar: string): string {
  const value = process.env[envVar];
  if (value === undefined || value.trim() === '') throw new ConfigError(envVar, 'is required');
  return value;
}

/** Forgets parsed sections; for tests that change the environment. */
export function resetConfig(): void {
  cache.clear();
}

function parseEnv<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv): z.output<T> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const issue = firstIssue(result.error.issues);
  const variable = issue.path.map(String).join('.') || 'environment';
  const problem = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
  throw new ConfigError(variable, problem);
}

/** For a union, zod reports an invalid_union whose branches hold the useful issues. */
function firstIssue(issues: z.core.$ZodIssue[]): z.core.$ZodIssue {
  const [issue] = issues;
  if (!issue) return { code: 'custom', path: [], message: 'is invalid', input: undefined };
  if (issue.code === 'invalid_union') {
    const branch = issue.errors[0];
    if (branch && branch.length > 0) return firstIssue(branch);
  }
  return issue;
}
