import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { HttpTrigger } from '../manifest';
import { routeNeedsJwt } from '../resources';
import { constructId } from './construct-id';
import type { ManifestFunction } from './manifest-function';

/** The browser may cache a CORS preflight this long. */
const CORS_MAX_AGE = Duration.hours(1);

/** One JSON line per request, HTTP API `$context` variables only; no headers, no bodies. */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    ip: '$context.identity.sourceIp',
    requestTime: '$context.requestTime',
    routeKey: '$context.routeKey',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    latency: '$context.responseLatency',
    integrationError: '$context.integrationErrorMessage',
    authorizerError: '$context.authorizer.error',
  }),
);

export interface DashboardApiProps {
  jwtIssuer: string;
  jwtAudience: string;
  /** The only browser origin allowed to call the API. */
  dashboardUrl: string;
  throttle: { rateLimit: number; burstLimit: number };
  logRetention: RetentionDays;
  removalPolicy: RemovalPolicy;
}

/**
 * The dashboard's HTTP API (API Gateway v2): one `$default` stage with access logs and
 * throttling, CORS for the dashboard origin, and a JWT authorizer that checks issuer,
 * audience, signature and expiry before a `jwt` route's Lambda runs (DESIGN §5).
 */
export class DashboardApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  private readonly jwtAuthorizer: HttpJwtAuthorizer;
  private readonly integrations = new Map<ManifestFunction, HttpLambdaIntegration>();

  constructor(scope: Construct, id: string, props: DashboardApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', {
      description: 'Meta Ads integration: dashboard API',
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [props.dashboardUrl],
        allowMethods: [CorsHttpMethod.ANY],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-correlation-id'],
        exposeHeaders: ['retry-after', 'x-correlation-id'],
        maxAge: CORS_MAX_AGE,
      },
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: ACCESS_LOG_FORMAT },
    });
    this.jwtAuthorizer = new HttpJwtAuthorizer('DashboardJwt', props.jwtIssuer, {
      jwtAudience: [props.jwtAudience],
    });
  }

  /** The API's base URL (no trailing slash). */
  get url(): string {
    return this.api.apiEndpoint;
  }

  /** Serves the trigger's route with `fn`; `public` routes skip the authorizer. */
  route(fn: ManifestFunction, trigger: HttpTrigger): void {
    let integration = this.integrations.get(fn);
    if (!integration) {
      integration = new HttpLambdaIntegration(`${constructId(fn.spec.name)}Integration`, fn.fn);
      this.integrations.set(fn, integration);
    }
    const [route] = this.api.addRoutes({
      path: trigger.path,
      methods: [HttpMethod[trigger.method]],
      integration,
      authorizer: routeNeedsJwt(trigger.auth) ? this.jwtAuthorizer : new HttpNoneAuthorizer(),
    });
    if (trigger.auth === 'public' && route)
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          `${trigger.method} ${trigger.path} is public by the manifest (auth: 'public'): its callers ` +
          'hold no dashboard token (probes, API docs, browser redirects from Meta), so the handler ' +
          'does its own checks.',
      });
  }
}
