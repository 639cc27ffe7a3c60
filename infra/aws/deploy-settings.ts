import * as z from 'zod';
import { type DeployStage, deployStages } from './stage-settings';

/**
 * Placeholders that let `cdk synth` run on a fresh clone; a real deploy passes its own. A
 * dev stack on them only warns; a prod stack refuses them (`placeholderProblem`).
 */
export const placeholderSettings = {
  jwtIssuer: 'https://auth.example.com/',
  jwtAudience: 'meta-ads-api',
  dashboardUrl: 'https://dashboard.example.com',
};

export type PlaceholderSetting = keyof typeof placeholderSettings;

const deploySettingsSchema = z.object({
  stage: z.enum(deployStages),
  jwtIssuer: z.url({ message: 'must be an absolute URL (the token issuer)' }),
  jwtAudience: z.string().trim().min(1, 'must not be empty'),
  dashboardUrl: z.url({ message: 'must be an absolute URL' }).transform((u) => u.replace(/\/+$/, '')),
});

/** Where the stack is deployed and who may call it. */
export type DeploySettings = z.output<typeof deploySettingsSchema>;

interface SettingSource {
  context: string;
  env?: string;
  fallback: string;
}

/**
 * Context keys (`cdk synth -c key=value`) and the environment variables that back them. The
 * stage has no variable: `STAGE` is the functions' own setting and is `local` in a dev shell.
 */
const sources: Record<keyof DeploySettings, SettingSource> = {
  stage: { context: 'stage', fallback: 'dev' },
  jwtIssuer: { context: 'jwtIssuer', env: 'JWT_ISSUER', fallback: placeholderSettings.jwtIssuer },
  jwtAudience: { context: 'jwtAudience', env: 'JWT_AUDIENCE', fallback: placeholderSettings.jwtAudience },
  dashboardUrl: { context: 'dashboardUrl', env: 'DASHBOARD_URL', fallback: placeholderSettings.dashboardUrl },
};

/**
 * Reads the deploy settings: CDK context first, then the environment, then the placeholder.
 * Throws naming the setting when a value is malformed.
 * @example deploySettingsFrom((key) => app.node.tryGetContext(key), process.env)
 */
export function deploySettingsFrom(
  context: (key: string) => unknown,
  env: NodeJS.ProcessEnv,
): DeploySettings {
  const raw: Record<string, unknown> = {};
  for (const [key, source] of Object.entries(sources)) {
    const fromContext = context(source.context);
    const fromEnv = source.env === undefined ? undefined : env[source.env];
    raw[key] =
      fromContext !== undefined && fromContext !== ''
        ? fromContext
        : fromEnv !== undefined && fromEnv.trim() !== ''
          ? fromEnv
          : source.fallback;
  }
  const parsed = deploySettingsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const setting = issue?.path.map(String).join('.') ?? 'settings';
  const source = sources[setting as keyof typeof sources];
  const where = source ? ` (context ${source.context}${source.env ? ` or env ${source.env}` : ''})` : '';
  throw new Error(`Deploy setting ${setting}${where} ${issue?.message ?? 'is invalid'}`);
}

/** Trailing slashes and case do not make a placeholder URL a real one. */
const comparable = (value: string) => value.trim().replace(/\/+$/, '').toLowerCase();

/** The settings still equal to their placeholder, in a fixed order. */
export function settingsLeftOnPlaceholder(
  settings: Partial<Record<PlaceholderSetting, string>>,
): PlaceholderSetting[] {
  return (Object.keys(placeholderSettings) as PlaceholderSetting[]).filter(
    (key) => comparable(settings[key] ?? placeholderSettings[key]) === comparable(placeholderSettings[key]),
  );
}

/**
 * What is wrong when a stack would run on placeholder settings, with how to set each one;
 * `undefined` when none is left. A prod stack on the placeholder issuer and audience would
 * accept no real dashboard user (or one from whoever owns that issuer), and CORS and the
 * OAuth redirect would point at a site that is not ours.
 * @example placeholderProblem('prod', { jwtIssuer: 'https://auth.example.com/' })
 */
export function placeholderProblem(
  stage: DeployStage,
  settings: Partial<Record<PlaceholderSetting, string>>,
): string | undefined {
  const left = settingsLeftOnPlaceholder(settings);
  if (left.length === 0) return undefined;
  const how = left.map((key) => {
    const source = sources[key];
    return `${key} (-c ${source.context}=…${source.env ? ` or ${source.env}=…` : ''})`;
  });
  return `The ${stage} stack still uses the placeholder ${how.join(', ')}.`;
}
