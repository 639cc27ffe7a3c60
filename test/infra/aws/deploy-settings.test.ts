import {
  deploySettingsFrom,
  placeholderProblem,
  placeholderSettings,
  settingsLeftOnPlaceholder,
} from '../../../infra/aws/deploy-settings';

const noContext = () => undefined;
const contextOf = (values: Record<string, string>) => (key: string) => values[key];

describe('deploySettingsFrom', () => {
  it('falls back to dev and the placeholders so a fresh clone synthesizes', () => {
    expect(deploySettingsFrom(noContext, {})).toEqual({ stage: 'dev', ...placeholderSettings });
  });

  it('takes the JWT settings and the dashboard from the environment', () => {
    const settings = deploySettingsFrom(noContext, {
      JWT_ISSUER: 'https://issuer.example/',
      JWT_AUDIENCE: 'api',
      DASHBOARD_URL: 'https://app.example/',
    });
    expect(settings).toEqual({
      stage: 'dev',
      jwtIssuer: 'https://issuer.example/',
      jwtAudience: 'api',
      dashboardUrl: 'https://app.example',
    });
  });

  it('prefers context over the environment', () => {
    const settings = deploySettingsFrom(contextOf({ stage: 'prod', jwtAudience: 'from-context' }), {
      JWT_AUDIENCE: 'from-env',
    });
    expect(settings).toMatchObject({ stage: 'prod', jwtAudience: 'from-context' });
  });

  it('ignores STAGE from the environment (it is the functions’ setting, often "local")', () => {
    expect(deploySettingsFrom(noContext, { STAGE: 'local' }).stage).toBe('dev');
  });

  it('names the setting and where it comes from when a value is malformed', () => {
    expect(() => deploySettingsFrom(contextOf({ stage: 'staging' }), {})).toThrow(
      /^Deploy setting stage \(context stage\)/,
    );
    expect(() => deploySettingsFrom(noContext, { JWT_ISSUER: 'not a url' })).toThrow(
      'Deploy setting jwtIssuer (context jwtIssuer or env JWT_ISSUER) must be an absolute URL (the token issuer)',
    );
  });
});

describe('placeholderProblem', () => {
  const real = {
    jwtIssuer: 'https://issuer.example/',
    jwtAudience: 'api',
    dashboardUrl: 'https://app.example',
  };

  it('finds nothing when every setting is real', () => {
    expect(settingsLeftOnPlaceholder(real)).toEqual([]);
    expect(placeholderProblem('prod', real)).toBeUndefined();
  });

  it('counts a missing setting as its placeholder', () => {
    expect(settingsLeftOnPlaceholder({})).toEqual(['jwtIssuer', 'jwtAudience', 'dashboardUrl']);
  });

  it('is not fooled by a trailing slash or capitals', () => {
    expect(settingsLeftOnPlaceholder({ ...real, dashboardUrl: 'https://Dashboard.example.com/' })).toEqual([
      'dashboardUrl',
    ]);
    expect(settingsLeftOnPlaceholder({ ...real, jwtIssuer: 'https://auth.example.com' })).toEqual([
      'jwtIssuer',
    ]);
  });

  it('names each placeholder with its context key and environment variable', () => {
    expect(placeholderProblem('prod', { ...real, jwtAudience: placeholderSettings.jwtAudience })).toBe(
      'The prod stack still uses the placeholder jwtAudience (-c jwtAudience=… or JWT_AUDIENCE=…).',
    );
  });
});
