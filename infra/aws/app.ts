/**
 * The CDK app (`cdk.json`: `npx tsx infra/aws/app.ts`): one stack per stage, built from the
 * manifest and checked by cdk-nag's AWS Solutions rules; an unacknowledged error fails synth.
 *   npx cdk synth                      # dev
 *   npx cdk synth -c stage=prod -c jwtIssuer=https://… -c jwtAudience=… -c dashboardUrl=https://…
 *   … -c apiBaseUrl=https://api.example.com   # a custom domain in front of the HTTP API
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { manifest } from '../manifest';
import { deploySettingsFrom } from './deploy-settings';
import { MetaAdsStack } from './meta-ads-stack';

const app = new App();
const settings = deploySettingsFrom((key) => app.node.tryGetContext(key), process.env);
const apiBaseUrl: unknown = app.node.tryGetContext('apiBaseUrl');
if (apiBaseUrl !== undefined && (typeof apiBaseUrl !== 'string' || !URL.canParse(apiBaseUrl)))
  throw new Error('Deploy setting apiBaseUrl (context apiBaseUrl) must be an absolute URL');
new MetaAdsStack(app, `MetaAds-${settings.stage}`, {
  manifest,
  stage: settings.stage,
  jwtIssuer: settings.jwtIssuer,
  jwtAudience: settings.jwtAudience,
  dashboardUrl: settings.dashboardUrl,
  ...(typeof apiBaseUrl === 'string' ? { apiBaseUrl: apiBaseUrl.replace(/\/+$/, '') } : {}),
  description: `Meta Ads integration backend (${settings.stage})`,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
