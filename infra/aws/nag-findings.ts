import { Stack } from 'aws-cdk-lib';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import type { IConstruct } from 'constructs';

/**
 * The cdk-nag finding id of a wildcard IAM resource, spelled the way the IAM5 rule spells
 * it (`<Logical.Arn>/*`, `<AWS::Region>` …), so an acknowledgement names exactly one
 * resource pattern and still matches when the stack is bound to an account and region.
 * @example wildcardResourceFinding(role, bucket.arnForObjects('*'))
 */
export function wildcardResourceFinding(scope: IConstruct, resource: string): string {
  return `AwsSolutions-IAM5[Resource::${flattenCfnReference(Stack.of(scope).resolve(resource))}]`;
}
