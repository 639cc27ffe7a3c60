import { Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  EventType,
  HttpMethods,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { LambdaDestination, SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import type { S3Trigger } from '../manifest';
import type { BucketSpec } from '../resources';
import { constructId } from './construct-id';

/** Server access logs are kept this long for audits of who fetched what. */
const ACCESS_LOG_RETENTION = Duration.days(90);

/** A presigned POST form may be retried by the browser; it caches the preflight this long. */
const CORS_MAX_AGE_SECONDS = 3000;

export interface StagingBucketsProps {
  buckets: Record<string, BucketSpec>;
  removalPolicy: RemovalPolicy;
  /** Empty the buckets on stack delete (dev only: a retained prod bucket keeps its objects). */
  autoDeleteObjects: boolean;
  /** The dashboard origin that uploads with presigned POST. */
  dashboardUrl: string;
}

/**
 * The manifest's buckets (the creative staging bucket): private, SSE-S3, TLS only, objects
 * expire after `expireAfterDays`, CORS open to the dashboard's presigned POST uploads, server
 * access logs into one log bucket.
 */
export class StagingBuckets extends Construct {
  private readonly byName = new Map<string, { bucket: Bucket; spec: BucketSpec }>();

  constructor(scope: Construct, id: string, props: StagingBucketsProps) {
    super(scope, id);
    const accessLogs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: ACCESS_LOG_RETENTION }],
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: props.autoDeleteObjects,
    });

    for (const [name, spec] of Object.entries(props.buckets)) {
      const bucket = new Bucket(this, constructId(name), {
        blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
        encryption: BucketEncryption.S3_MANAGED,
        enforceSSL: true,
        objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
        serverAccessLogsBucket: accessLogs,
        serverAccessLogsPrefix: `${name}/`,
        lifecycleRules: [
          {
            expiration: Duration.days(spec.expireAfterDays),
            abortIncompleteMultipartUploadAfter: Duration.days(1),
          },
        ],
        cors: [
          {
            allowedOrigins: [props.dashboardUrl],
            allowedMethods: [HttpMethods.POST],
            allowedHeaders: ['*'],
            exposedHeaders: ['ETag', 'Location'],
            maxAge: CORS_MAX_AGE_SECONDS,
          },
        ],
        removalPolicy: props.removalPolicy,
        autoDeleteObjects: props.autoDeleteObjects,
      });
      this.byName.set(name, { bucket, spec });
    }
  }

  /** The bucket and its spec by manifest name; an unknown name is a manifest bug. */
  get(name: string): { bucket: Bucket; spec: BucketSpec } {
    const entry = this.byName.get(name);
    if (!entry) throw new Error(`Unknown bucket ${name}: manifestProblems() should have caught it`);
    return entry;
  }

  /** Sends each bucket's ObjectCreated events under its prefix to its queue (`objectCreated`). */
  notifyQueues(queueOf: (name: string) => IQueue): void {
    for (const { bucket, spec } of this.byName.values()) {
      if (!spec.objectCreated) continue;
      bucket.addEventNotification(
        EventType.OBJECT_CREATED,
        new SqsDestination(queueOf(spec.objectCreated.queue)),
        {
          prefix: spec.objectCreated.prefix,
        },
      );
      acknowledgeNotificationsHandler(Stack.of(this));
    }
  }

  /** Invokes `fn` for each object created under the trigger's prefix. */
  notify(fn: IFunction, trigger: S3Trigger): void {
    const { bucket } = this.get(trigger.bucket);
    bucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(fn), {
      prefix: trigger.prefix,
    });
    acknowledgeNotificationsHandler(Stack.of(this));
  }
}

const acknowledgedHandlers = new WeakSet<IConstruct>();

/**
 * CDK configures bucket notifications through one stack-wide custom-resource Lambda whose
 * role it writes itself; the finding is about that CDK-owned helper, not our functions.
 */
function acknowledgeNotificationsHandler(stack: Stack): void {
  const handler = stack.node.children.find((c) => c.node.id.startsWith('BucketNotificationsHandler'));
  if (!handler || acknowledgedHandlers.has(handler)) return;
  acknowledgedHandlers.add(handler);
  Validations.of(handler).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason:
      "CDK's bucket-notifications helper runs only during deploys and uses the basic execution " +
      'policy just to write its own logs; CDK creates its role, the app cannot pass one.',
  });
}
