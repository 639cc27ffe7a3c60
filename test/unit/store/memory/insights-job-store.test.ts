import { InMemoryInsightsJobStore } from '../../../../shared/store/memory/insights-job-store';
import { insightsJobStoreCases } from '../../../support/insights-job-store-cases';

describe('InMemoryInsightsJobStore', () => {
  const store = new InMemoryInsightsJobStore();
  insightsJobStoreCases(() => store);
});
