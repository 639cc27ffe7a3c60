import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/** The AWS stages; `local` (config.ts) never reaches CDK. */
export const deployStages = ['dev', 'prod'] as const;
export type DeployStage = (typeof deployStages)[number];

/** What differs between a throwaway dev stack and production. */
export interface StageSettings {
  /** Stateful resources (tables, buckets, secrets, logs): kept in prod, torn down with dev. */
  removalPolicy: RemovalPolicy;
  deletionProtection: boolean;
  logRetention: RetentionDays;
  powertoolsLogLevel: 'DEBUG' | 'INFO';
  /** Default-stage throttling of the HTTP API, requests per second and burst. */
  apiThrottle: { rateLimit: number; burstLimit: number };
  /** How long an async (S3, schedule) event may wait for a retry before it goes to the DLQ. */
  asyncMaxEventAge: Duration;
}

export const stageSettings: Record<DeployStage, StageSettings> = {
  dev: {
    removalPolicy: RemovalPolicy.DESTROY,
    deletionProtection: false,
    logRetention: RetentionDays.ONE_WEEK,
    powertoolsLogLevel: 'DEBUG',
    apiThrottle: { rateLimit: 20, burstLimit: 40 },
    asyncMaxEventAge: Duration.hours(1),
  },
  prod: {
    removalPolicy: RemovalPolicy.RETAIN,
    deletionProtection: true,
    logRetention: RetentionDays.THREE_MONTHS,
    powertoolsLogLevel: 'INFO',
    apiThrottle: { rateLimit: 200, burstLimit: 400 },
    asyncMaxEventAge: Duration.hours(6),
  },
};
