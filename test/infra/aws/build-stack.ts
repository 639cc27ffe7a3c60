import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import cdkJson from '../../../cdk.json';
import { MetaAdsStack, type MetaAdsStackProps } from '../../../infra/aws/meta-ads-stack';
import type { Manifest } from '../../../infra/manifest';

export interface BuiltStack {
  app: App;
  stack: MetaAdsStack;
  /** Synthesized on first use: the cdk-nag checks walk the constructs and need none. */
  readonly template: Template;
}

/**
 * Builds the stack the way `cdk synth` does (cdk.json context, so feature flags match) but,
 * unless `bundle` is set, skips esbuild: most tests read the template, not the bundles.
 */
export function buildStack(
  manifest: Manifest,
  props: Partial<Omit<MetaAdsStackProps, 'manifest'>> & { bundle?: boolean } = {},
): BuiltStack {
  const { bundle = false, stage = 'dev', ...rest } = props;
  const context: Record<string, unknown> = { ...cdkJson.context };
  if (!bundle) context['aws:cdk:bundling-stacks'] = [];
  // The CLI turns this on; with it each function names its bundle dir in the template.
  else context['aws:cdk:enable-asset-metadata'] = true;
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'infra-test-cdk-out-'));
  outdirs.push(outdir);
  const app = new App({ context, outdir });
  const stack = new MetaAdsStack(app, `Test-${stage}`, { manifest, stage, ...rest });
  let template: Template | undefined;
  return {
    app,
    stack,
    get template() {
      template ??= Template.fromStack(stack);
      return template;
    },
  };
}

const outdirs: string[] = [];

/** Deletes the cloud assemblies the stacks of this test file were synthesized into. */
export function removeBuiltStacks(): void {
  for (const dir of outdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The CloudFormation logical id of a construct's L1 resource (or of the L1 itself). */
export function logicalId(construct: IConstruct): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).getLogicalId(element);
}
