import * as z from 'zod';
import type {
  AdAccountSummary,
  ExchangedToken,
  MetaLoginApi,
  TokenDebugInfo,
} from '../connect/meta-login-api';
import type { MetaAppCredentials } from '../platform/meta-app';
import type { GraphClient } from './graph-client';

const exchangedToken = z.object({ access_token: z.string().min(1), expires_in: z.number().optional() });

const debugTokenBody = z.object({
  data: z.object({
    is_valid: z.boolean(),
    app_id: z.string().optional(),
    type: z.string().optional(),
    user_id: z.string().optional(),
    scopes: z.array(z.string()).default([]),
    granular_scopes: z
      .array(z.object({ scope: z.string(), target_ids: z.array(z.string()).optional() }))
      .default([]),
    expires_at: z.number().optional(),
    data_access_expires_at: z.number().optional(),
  }),
});

const AD_ACCOUNT_FIELDS = ['id', 'name', 'currency', 'timezone_name', 'account_status', 'business{id}'];

const adAccount = z.object({
  id: z.string(),
  name: z.string().default(''),
  currency: z.string().optional(),
  timezone_name: z.string().optional(),
  account_status: z.number().optional(),
  business: z.object({ id: z.string() }).optional(),
});

const success = z.object({ success: z.boolean() }).loose();

/** The connect flow's view of Meta, over the one Graph client. */
export class GraphMetaLoginApi implements MetaLoginApi {
  constructor(
    private readonly graph: GraphClient,
    private readonly app: MetaAppCredentials,
  ) {}

  /** debug_token and the OAuth endpoints take the app token `{app_id}|{app_secret}`. */
  private get appToken(): string {
    return `${this.app.appId}|${this.app.appSecret}`;
  }

  /**
   * The OAuth exchanges are POSTs with a form body, so `client_secret` and the tokens never sit
   * in a URL. Retrying one whose answer was lost is safe: a code already used fails with 36009.
   */
  async exchangeCode(code: string, redirectUri: string): Promise<ExchangedToken> {
    const body = await this.graph.post('/oauth/access_token', {
      accessToken: this.appToken,
      tokenId: 'app',
      idempotent: true,
      params: {
        client_id: this.app.appId,
        client_secret: this.app.appSecret,
        redirect_uri: redirectUri,
        code,
      },
      schema: exchangedToken,
    });
    return toExchanged(body);
  }

  async exchangeForLongLived(accessToken: string): Promise<ExchangedToken> {
    const body = await this.graph.post('/oauth/access_token', {
      accessToken: this.appToken,
      tokenId: 'app',
      idempotent: true,
      params: {
        grant_type: 'fb_exchange_token',
        client_id: this.app.appId,
        client_secret: this.app.appSecret,
        fb_exchange_token: accessToken,
      },
      schema: exchangedToken,
    });
    return toExchanged(body);
  }

  async debugToken(accessToken: string): Promise<TokenDebugInfo> {
    // The inspected token is a parameter: it goes in a batch body, never in a URL.
    const { data } = await this.graph.getInBody('/debug_token', {
      accessToken: this.appToken,
      tokenId: 'app',
      params: { input_token: accessToken },
      schema: debugTokenBody,
    });
    const businessIds = data.granular_scopes.find((g) => g.scope === 'business_management')?.target_ids;
    return {
      isValid: data.is_valid,
      scopes: data.scopes,
      ...(businessIds && businessIds.length > 0 ? { businessIds } : {}),
      ...(data.app_id ? { appId: data.app_id } : {}),
      ...(data.type ? { type: data.type } : {}),
      ...(data.user_id ? { userId: data.user_id } : {}),
      ...(data.expires_at !== undefined ? { expiresAt: data.expires_at } : {}),
      ...(data.data_access_expires_at !== undefined
        ? { dataAccessExpiresAt: data.data_access_expires_at }
        : {}),
    };
  }

  async revokePermissions(accessToken: string): Promise<void> {
    await this.graph.delete('/me/permissions', { accessToken, idempotent: true, schema: success });
  }

  async listAdAccounts(accessToken: string): Promise<AdAccountSummary[]> {
    const items = await this.graph.pageAll('/me/adaccounts', {
      accessToken,
      fields: AD_ACCOUNT_FIELDS,
      schema: adAccount,
    });
    return items.map(toSummary);
  }

  async readAdAccount(accessToken: string, adAccountId: string): Promise<AdAccountSummary> {
    return toSummary(
      await this.graph.get(`/${adAccountId}`, { accessToken, fields: AD_ACCOUNT_FIELDS, schema: adAccount }),
    );
  }

  async subscribeApp(accessToken: string, adAccountId: string): Promise<void> {
    await this.graph.post(`/${adAccountId}/subscribed_apps`, {
      accessToken,
      idempotent: true,
      schema: success,
    });
  }

  async unsubscribeApp(accessToken: string, adAccountId: string): Promise<void> {
    await this.graph.delete(`/${adAccountId}/subscribed_apps`, {
      accessToken,
      idempotent: true,
      schema: success,
    });
  }
}

function toExchanged(body: z.output<typeof exchangedToken>): ExchangedToken {
  return {
    accessToken: body.access_token,
    ...(body.expires_in !== undefined ? { expiresIn: body.expires_in } : {}),
  };
}

function toSummary(a: z.output<typeof adAccount>): AdAccountSummary {
  return {
    id: a.id,
    name: a.name,
    ...(a.currency ? { currency: a.currency } : {}),
    ...(a.timezone_name ? { timezoneName: a.timezone_name } : {}),
    ...(a.account_status !== undefined ? { accountStatus: a.account_status } : {}),
    ...(a.business ? { businessId: a.business.id } : {}),
  };
}
