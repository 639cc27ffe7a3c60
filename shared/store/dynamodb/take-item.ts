import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoDocumentClient } from '../aws-clients';
import { appTableName } from './app-table';
import { isConditionFailure } from './conditional-write';

/**
 * Deletes one app-table item and answers what it held, atomically: of two callers taking the
 * same key, exactly one gets it (single-use records: OAuth states, pending logins). Undefined
 * when there was none.
 * @example const held = await takeItem({ pk, sk }); if (!held) return undefined;
 */
export async function takeItem(key: {
  pk: string;
  sk: string;
}): Promise<Record<string, unknown> | undefined> {
  try {
    const out = await dynamoDocumentClient().send(
      new DeleteCommand({
        TableName: appTableName(),
        Key: key,
        ConditionExpression: 'attribute_exists(pk)',
        ReturnValues: 'ALL_OLD',
      }),
    );
    return out.Attributes;
  } catch (err: unknown) {
    if (isConditionFailure(err)) return undefined;
    throw err;
  }
}
