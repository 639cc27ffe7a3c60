import { CfnOutput } from 'aws-cdk-lib';
import { FunctionUrlAuthType, InvokeMode } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { FunctionUrlTrigger } from '../manifest';
import { constructId } from './construct-id';
import type { ManifestFunction } from './manifest-function';

/**
 * Lambda Function URLs for `functionUrl` triggers (Meta webhooks). They take no IAM auth:
 * Meta cannot sign with SigV4; it signs each delivery with X-Hub-Signature-256, which the
 * handler verifies on the raw body before anything is stored (DESIGN §7).
 */
export class FunctionUrls extends Construct {
  /** Adds the URL and exports it, e.g. as `MetaWebhookUrl`, for the Meta app's webhook settings. */
  add(fn: ManifestFunction, trigger: FunctionUrlTrigger): string {
    const url = fn.fn.addFunctionUrl({
      authType: FunctionUrlAuthType.NONE,
      invokeMode: InvokeMode.BUFFERED,
    });
    new CfnOutput(this, `${constructId(fn.spec.name)}Url`, {
      value: url.url,
      description: `Function URL of ${fn.spec.name} (served locally at ${trigger.localPath})`,
    });
    return url.url;
  }
}
