import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import * as z from 'zod';
import { config } from './config';
import { ConfigError } from './errors';

export interface MetaAppCredentials {
  appId: string;
  appSecret: string;
}

const appSecretJson = z.object({ appId: z.string().min(1), appSecret: z.string().min(1) });

/** Cached by Powertools for this long; a rotation shows up within it. */
const SECRET_MAX_AGE_SECONDS = 300;

/**
 * The Meta app's id and secret: plain env locally, the JSON secret at META_APP_SECRET_ARN
 * (`{"appId","appSecret"}`) in AWS, cached per container.
 */
export async function metaAppCredentials(): Promise<MetaAppCredentials> {
  const app = config('metaApp');
  if ('META_APP_SECRET' in app) return { appId: app.META_APP_ID, appSecret: app.META_APP_SECRET };
  const raw = await getSecret(app.META_APP_SECRET_ARN, { maxAge: SECRET_MAX_AGE_SECONDS });
  const parsed = appSecretJson.safeParse(typeof raw === 'string' ? JSON.parse(raw) : raw);
  if (!parsed.success)
    throw new ConfigError('META_APP_SECRET_ARN', 'the secret must hold {"appId","appSecret"}');
  return parsed.data;
}
