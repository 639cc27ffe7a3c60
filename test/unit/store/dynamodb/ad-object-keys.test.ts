import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { StoreThrottledError } from '../../../../shared/platform/errors';
import { moveAdObjectsToShards } from '../../../../shared/store/dynamodb/ad-object-keys';
import { appKeys } from '../../../../shared/store/dynamodb/app-table';

describe('moving an ad account’s mirrored objects to their shards', () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
  afterEach(() => ddb.reset());

  const oldItem = (adAccountId: string) => ({
    pk: appKeys.adAccount(adAccountId),
    sk: `${appKeys.adObjectPrefix}120000000000001`,
    kind: 'campaign',
  });
  const cancelled = (code: string) =>
    new TransactionCanceledException({
      message: 'Transaction cancelled',
      $metadata: {},
      CancellationReasons: [{ Code: code }, { Code: 'None' }],
    });

  it('keeps the shard copy when another container moved the object first', async () => {
    ddb.on(QueryCommand).resolves({ Items: [oldItem('act_11')] });
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed'));
    ddb.on(DeleteCommand).resolves({});
    expect(await moveAdObjectsToShards(client, 't', 'act_11')).toBe(0);
    expect(ddb.commandCalls(DeleteCommand)[0]?.args[0].input.Key).toEqual({
      pk: appKeys.adAccount('act_11'),
      sk: `${appKeys.adObjectPrefix}120000000000001`,
    });
  });

  it('a move cancelled by a conflicting move or a throttle goes again later: nothing deleted, not memoised', async () => {
    ddb.on(QueryCommand).resolves({ Items: [oldItem('act_12')] });
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled('TransactionConflict')).resolves({});
    await expect(moveAdObjectsToShards(client, 't', 'act_12')).rejects.toBeInstanceOf(StoreThrottledError);
    expect(ddb.commandCalls(DeleteCommand)).toHaveLength(0);
    // The account is looked at again by the next writer, and the move lands.
    expect(await moveAdObjectsToShards(client, 't', 'act_12')).toBe(1);
  });
});
