import { deploySettingsFrom, placeholderSettings } from '../../../infra/aws/deploy-settings';

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
