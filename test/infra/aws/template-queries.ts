import type { Template } from 'aws-cdk-lib/assertions';

export interface PolicyStatement {
  Effect: string;
  Action: string[];
  Resource: unknown[];
  Condition?: unknown;
}

interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

/** A resource by logical id; throws when it is missing so a test fails with its name. */
export function resource(template: Template, id: string): CfnResource {
  const found = (template.toJSON().Resources as Record<string, CfnResource>)[id];
  if (!found) throw new Error(`No resource ${id} in the template`);
  return found;
}

/** Every Allow/Deny statement of the IAM policies attached to a role, actions as arrays. */
export function roleStatements(template: Template, roleId: string): PolicyStatement[] {
  const policies = Object.values(template.findResources('AWS::IAM::Policy') as Record<string, CfnResource>);
  const attached = policies.filter((p) =>
    ((p.Properties?.Roles ?? []) as unknown[]).some(
      (r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId }),
    ),
  );
  return attached
    .flatMap(
      (p) =>
        (p.Properties?.PolicyDocument as { Statement?: Record<string, unknown>[] } | undefined)?.Statement ??
        [],
    )
    .map((s) => ({
      Effect: String(s.Effect),
      Action: ([] as string[]).concat(s.Action as string | string[]),
      Resource: ([] as unknown[]).concat(s.Resource),
      ...(s.Condition === undefined ? {} : { Condition: s.Condition }),
    }));
}

/** The actions a role is allowed, across all its statements. */
export function allowedActions(template: Template, roleId: string): string[] {
  return roleStatements(template, roleId)
    .filter((s) => s.Effect === 'Allow')
    .flatMap((s) => s.Action);
}

/** A Lambda function's environment variables. */
export function environmentOf(template: Template, functionId: string): Record<string, unknown> {
  const props = resource(template, functionId).Properties ?? {};
  return (props.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
}
