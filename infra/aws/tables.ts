import type { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { TableSpec } from '../resources';
import { constructId } from './construct-id';

export interface ManifestTablesProps {
  tables: Record<string, TableSpec>;
  removalPolicy: RemovalPolicy;
  deletionProtection: boolean;
}

/** Every manifest table: on demand, point-in-time recovery, TTL where the spec names one. */
export class ManifestTables extends Construct {
  private readonly byName = new Map<string, { table: Table; spec: TableSpec }>();

  constructor(scope: Construct, id: string, props: ManifestTablesProps) {
    super(scope, id);
    for (const [name, spec] of Object.entries(props.tables)) {
      const table = new Table(this, constructId(name), {
        // Keys are workspace-prefixed strings throughout (DESIGN §6).
        partitionKey: { name: spec.partitionKey, type: AttributeType.STRING },
        sortKey: spec.sortKey ? { name: spec.sortKey, type: AttributeType.STRING } : undefined,
        billingMode: BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        timeToLiveAttribute: spec.ttlAttribute,
        deletionProtection: props.deletionProtection,
        removalPolicy: props.removalPolicy,
      });
      this.byName.set(name, { table, spec });
    }
  }

  /** The table and its spec by manifest name; an unknown name is a manifest bug. */
  get(name: string): { table: Table; spec: TableSpec } {
    const entry = this.byName.get(name);
    if (!entry) throw new Error(`Unknown table ${name}: manifestProblems() should have caught it`);
    return entry;
  }
}
