import { Annotations, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { type Manifest, manifestProblems } from '../manifest';
import { Alarms } from './alarms';
import { constructId } from './construct-id';
import { placeholderProblem, placeholderSettings } from './deploy-settings';
import { grantAccess } from './function-access';
import { FunctionUrls } from './function-urls';
import { DashboardApi } from './http-api';
import { ManifestFunction } from './manifest-function';
import { ManifestQueues } from './queues';
import { Schedules } from './schedules';
import { ManifestSecrets } from './secrets';
import { type DeployStage, stageSettings } from './stage-settings';
import { StagingBuckets } from './staging-bucket';
import { ManifestTables } from './tables';
import { TokenKey } from './token-key';

export interface MetaAdsStackProps extends StackProps {
  /** What to deploy; tests pass a fixture covering every trigger kind. */
  manifest: Manifest;
  stage: DeployStage;
  /** @default placeholderSettings.jwtIssuer */
  jwtIssuer?: string;
  /** @default placeholderSettings.jwtAudience */
  jwtAudience?: string;
  /** The dashboard origin (CORS, OAuth redirect). @default placeholderSettings.dashboardUrl */
  dashboardUrl?: string;
  /**
   * The API's public base URL, when a custom domain fronts the HTTP API: the OAuth
   * redirect_uri is `${apiBaseUrl}/integrations/meta/callback`. @default the HTTP API's endpoint
   */
  apiBaseUrl?: string;
}

/**
 * The whole backend in one stack, built from the manifest: tables, queues with DLQs, the
 * staging bucket, secrets, the token key, one Lambda per function with exactly the access it lists, its
 * triggers (HTTP route, Function URL, queue, schedule, S3 event) and alarms.
 */
export class MetaAdsStack extends Stack {
  readonly functions = new Map<string, ManifestFunction>();
  readonly tables: ManifestTables;
  readonly queues: ManifestQueues;
  readonly buckets: StagingBuckets;
  readonly secrets: ManifestSecrets;
  readonly tokenKey: TokenKey;
  readonly api: DashboardApi;
  readonly alarms: Alarms;

  constructor(scope: Construct, id: string, props: MetaAdsStackProps) {
    super(scope, id, props);
    const { manifest, stage } = props;
    const problems = manifestProblems(manifest);
    if (problems.length > 0) throw new Error(`The manifest is inconsistent:\n- ${problems.join('\n- ')}`);
    // Before any resource: a prod synth on placeholders fails instead of deploying them.
    const placeholders = placeholderProblem(stage, props);
    if (placeholders && stage === 'prod')
      throw new Error(`${placeholders} A prod stack refuses placeholders: set each one and synth again.`);
    const settings = stageSettings[stage];
    const dashboardUrl = props.dashboardUrl ?? placeholderSettings.dashboardUrl;
    const stateful = { removalPolicy: settings.removalPolicy };

    this.tables = new ManifestTables(this, 'Tables', {
      tables: manifest.tables,
      deletionProtection: settings.deletionProtection,
      ...stateful,
    });
    this.queues = new ManifestQueues(this, 'Queues', { queues: manifest.queues, ...stateful });
    this.buckets = new StagingBuckets(this, 'Buckets', {
      buckets: manifest.buckets,
      autoDeleteObjects: stage === 'dev',
      dashboardUrl,
      ...stateful,
    });
    this.buckets.notifyQueues((name) => this.queues.get(name).queue);
    this.secrets = new ManifestSecrets(this, 'Secrets', { secrets: manifest.secrets, ...stateful });
    this.tokenKey = new TokenKey(this, 'TokenKey', stateful);
    const jwtIssuer = props.jwtIssuer ?? placeholderSettings.jwtIssuer;
    this.api = new DashboardApi(this, 'DashboardApi', {
      jwtIssuer,
      jwtAudience: props.jwtAudience ?? placeholderSettings.jwtAudience,
      dashboardUrl,
      throttle: settings.apiThrottle,
      logRetention: settings.logRetention,
      ...stateful,
    });
    // The functions reference the API, never the other way round (routes reference them): no cycle.
    const apiBaseUrl = props.apiBaseUrl ?? this.api.url;
    const resources = {
      tables: this.tables,
      queues: this.queues,
      buckets: this.buckets,
      secrets: this.secrets,
      tokenKey: this.tokenKey.key,
    };
    const functionUrls = new FunctionUrls(this, 'FunctionUrls');
    const schedules = new Schedules(this, 'Schedules');
    const alarms = new Alarms(this, 'Alarms');
    this.alarms = alarms;

    for (const spec of manifest.functions) {
      const fn = new ManifestFunction(this, `${constructId(spec.name)}Function`, { spec, stage });
      this.functions.set(spec.name, fn);
      grantAccess(fn, spec.access, { ...resources, dashboardUrl, apiBaseUrl, jwtIssuer });
      for (const trigger of spec.triggers) {
        if (trigger.kind === 'http') this.api.route(fn, trigger);
        else if (trigger.kind === 'functionUrl') functionUrls.add(fn, trigger);
        else if (trigger.kind === 'queue') this.queues.consume(fn.fn, trigger);
        else if (trigger.kind === 'schedule') schedules.add(fn, trigger);
        else this.buckets.notify(fn.fn, trigger);
      }
      alarms.functionErrors(spec.name, fn.fn);
      if (fn.asyncDeadLetterQueue) alarms.deadLetterQueue(`${spec.name}-async`, fn.asyncDeadLetterQueue);
    }
    for (const { name, dlq } of this.queues.deadLetterQueues()) alarms.deadLetterQueue(name, dlq);

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Dashboard API base URL' });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: alarms.topic.topicArn,
      description:
        'Where the alarms go: subscribe chat or paging here (the AlarmEmail parameter mails one address)',
    });
    if (placeholders)
      Annotations.of(this).addWarningV2(
        'meta-ads:placeholderSettings',
        `${placeholders} Fine for a dev stack.`,
      );
  }
}
