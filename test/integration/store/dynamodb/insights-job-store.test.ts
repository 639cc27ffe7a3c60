import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoInsightsJobStore } from '../../../../shared/store/dynamodb/insights-job-store';
import { INSIGHTS_JOB_TTL_SECONDS } from '../../../../shared/store/insights-job-store';
import { insightsJobStoreCases, newJob } from '../../../support/insights-job-store-cases';
import { createLocalAppTable, type LocalAppTable } from '../../support/local-app-table';

describe('DynamoInsightsJobStore on DynamoDB Local', () => {
  let table: LocalAppTable;
  let store: DynamoInsightsJobStore;
  beforeAll(async () => {
    table = await createLocalAppTable('insights-jobs');
    store = new DynamoInsightsJobStore({ client: table.client, tableName: table.tableName });
  });
  afterAll(() => table.close());

  insightsJobStoreCases(() => store);

  it('keeps the job at WS#<ws> / INSIGHTS_JOB#<id> for about 30 days', async () => {
    const job = newJob({ jobId: 'inj_9123456789abcdef01234567' });
    await store.create(job);
    const out = await table.client.send(new ScanCommand({ TableName: table.tableName }));
    const item = out.Items?.find((i) => i.sk === `INSIGHTS_JOB#${job.jobId}`);
    expect(item?.pk).toBe('WS#ws-1');
    expect(item?.ttl).toBe(Math.floor(Date.parse(job.createdAt) / 1000) + INSIGHTS_JOB_TTL_SECONDS);
  });
});
