import { config, resetConfig } from '../../../shared/platform/config';
import { ConfigError } from '../../../shared/platform/errors';

describe('config', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    resetConfig();
  });

  it('applies the local defaults for Meta', () => {
    delete process.env.META_GRAPH_URL;
    delete process.env.META_GRAPH_VIDEO_URL;
    delete process.env.META_GRAPH_VERSION;
    expect(config('meta')).toEqual({
      META_GRAPH_URL: 'https://graph.facebook.com',
      META_GRAPH_VIDEO_URL: 'https://graph-video.facebook.com',
      META_GRAPH_VERSION: 'v26.0',
      META_DIALOG_URL: 'https://www.facebook.com',
    });
  });

  it('sends video uploads to META_GRAPH_URL when only that is set (one Graph stand-in serves both)', () => {
    process.env.META_GRAPH_URL = 'http://127.0.0.1:4000';
    delete process.env.META_GRAPH_VIDEO_URL;
    expect(config('meta').META_GRAPH_VIDEO_URL).toBe('http://127.0.0.1:4000');
    resetConfig();
    process.env.META_GRAPH_VIDEO_URL = 'http://127.0.0.1:4001/';
    expect(config('meta').META_GRAPH_VIDEO_URL).toBe('http://127.0.0.1:4001');
  });

  it('strips a trailing slash from URLs', () => {
    process.env.META_GRAPH_URL = 'http://127.0.0.1:4000/';
    expect(config('meta').META_GRAPH_URL).toBe('http://127.0.0.1:4000');
  });

  it('names the malformed variable', () => {
    process.env.META_GRAPH_VERSION = '26';
    expect(() => config('meta')).toThrow(new ConfigError('META_GRAPH_VERSION', 'must look like v26.0'));
  });

  it('names a missing variable', () => {
    delete process.env.DASHBOARD_URL;
    expect(() => config('dashboard')).toThrow('DASHBOARD_URL: is required');
  });

  it('requires API_BASE_URL, the OAuth redirect_uri origin, as an absolute URL', () => {
    delete process.env.API_BASE_URL;
    expect(() => config('api')).toThrow('API_BASE_URL: is required');
    resetConfig();
    process.env.API_BASE_URL = 'api.example.com';
    expect(() => config('api')).toThrow('API_BASE_URL: must be an absolute URL');
    resetConfig();
    process.env.API_BASE_URL = 'https://api.example.com/';
    expect(config('api').API_BASE_URL).toBe('https://api.example.com');
  });

  it('requires JWT_ISSUER, the token issuer the MCP resource document names, as an absolute URL', () => {
    delete process.env.JWT_ISSUER;
    expect(() => config('tokenIssuer')).toThrow('JWT_ISSUER: is required');
    resetConfig();
    process.env.JWT_ISSUER = 'issuer.example.com';
    expect(() => config('tokenIssuer')).toThrow(
      new ConfigError('JWT_ISSUER', 'must be an absolute URL (the token issuer)'),
    );
    resetConfig();
    process.env.JWT_ISSUER = 'https://auth.example.com/';
    expect(config('tokenIssuer').JWT_ISSUER).toBe('https://auth.example.com/');
  });

  it('names the variable missing from the first form of a union', () => {
    delete process.env.META_APP_SECRET_ARN;
    process.env.META_APP_ID = '123';
    delete process.env.META_APP_SECRET;
    expect(() => config('metaApp')).toThrow('META_APP_SECRET: is required');
  });

  it('accepts the app secret as an ARN', () => {
    process.env.META_APP_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:1:secret:x';
    delete process.env.META_APP_ID;
    expect(config('metaApp')).toEqual({ META_APP_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:1:secret:x' });
  });

  describe('tokenVault (the key that seals access tokens)', () => {
    const keyArn = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const localKey = Buffer.alloc(32, 7).toString('base64');
    beforeEach(() => {
      delete process.env.TOKEN_KMS_KEY_ARN;
      delete process.env.TOKEN_LOCAL_AES_KEY;
      delete process.env.STAGE;
    });

    it('uses the KMS key in AWS', () => {
      process.env.STAGE = 'prod';
      process.env.TOKEN_KMS_KEY_ARN = keyArn;
      expect(config('tokenVault')).toEqual({ keyring: 'kms', keyArn });
    });

    it('uses a raw AES-256 key locally', () => {
      process.env.TOKEN_LOCAL_AES_KEY = localKey;
      expect(config('tokenVault')).toEqual({ keyring: 'rawAes', key: new Uint8Array(32).fill(7) });
    });

    it('refuses a local key outside the local stage, a key of the wrong size, or neither', () => {
      process.env.STAGE = 'prod';
      process.env.TOKEN_LOCAL_AES_KEY = localKey;
      expect(() => config('tokenVault')).toThrow(
        'TOKEN_KMS_KEY_ARN: is required outside the local stage (TOKEN_LOCAL_AES_KEY is for local runs only)',
      );
      resetConfig();
      process.env.STAGE = 'local';
      process.env.TOKEN_LOCAL_AES_KEY = Buffer.alloc(16).toString('base64');
      expect(() => config('tokenVault')).toThrow('TOKEN_LOCAL_AES_KEY: must be 32 bytes (AES-256), base64');
      resetConfig();
      delete process.env.TOKEN_LOCAL_AES_KEY;
      expect(() => config('tokenVault')).toThrow(
        'TOKEN_KMS_KEY_ARN: is required (locally TOKEN_LOCAL_AES_KEY instead)',
      );
      resetConfig();
      process.env.TOKEN_KMS_KEY_ARN = 'alias/tokens';
      expect(() => config('tokenVault')).toThrow('TOKEN_KMS_KEY_ARN: must be a KMS key ARN');
    });
  });

  it('parses once and caches', () => {
    process.env.META_GRAPH_VERSION = 'v25.0';
    expect(config('meta').META_GRAPH_VERSION).toBe('v25.0');
    process.env.META_GRAPH_VERSION = 'v99.0';
    expect(config('meta').META_GRAPH_VERSION).toBe('v25.0');
  });
});
