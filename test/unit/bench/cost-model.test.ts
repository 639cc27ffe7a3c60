import {
  ASSUMPTIONS,
  addUsage,
  billedMs,
  costAt,
  emptyUsage,
  gbSeconds,
  monthlyUsage,
  PRICES,
  scaleUsage,
  secretReadsPerMonth,
  sqsBilledRequests,
  stackFixedCosts,
  storageCostUsd,
  totalUsd,
  type Usage,
  usageCosts,
} from '../../bench/cost-model';

function usage(overrides: Partial<Usage>): Usage {
  return { ...emptyUsage(), ...overrides };
}

describe('cost model: billing units', () => {
  it('bills an SQS payload per started 64 KB chunk, at least one request', () => {
    expect(sqsBilledRequests(0)).toBe(1);
    expect(sqsBilledRequests(65_536)).toBe(1);
    expect(sqsBilledRequests(65_537)).toBe(2);
    expect(sqsBilledRequests(256 * 1024)).toBe(4);
  });

  it('bills Lambda duration in whole milliseconds rounded up', () => {
    expect(billedMs(0.2)).toBe(1);
    expect(billedMs(12.01)).toBe(13);
    expect(billedMs(40)).toBe(40);
  });

  it('converts milliseconds at a memory size to GB-seconds', () => {
    expect(gbSeconds(1000, 1024)).toBe(1);
    expect(gbSeconds(200, 512)).toBeCloseTo(0.1, 12);
  });

  it('prices storage per GB-month', () => {
    expect(storageCostUsd(1024 ** 3)).toBeCloseTo(0.25, 12);
  });
});

describe('cost model: usage arithmetic', () => {
  it('adds counts and each function’s runs, with a factor', () => {
    const a = usage({ dynamoReadUnits: 2, lambda: { f: { invocations: 1, billedMs: 10 } } });
    const b = usage({
      dynamoReadUnits: 1,
      sqsRequests: 3,
      lambda: { f: { invocations: 2, billedMs: 4 }, g: { invocations: 1, billedMs: 7 } },
    });
    const sum = addUsage(a, b, 10);
    expect(sum.dynamoReadUnits).toBe(12);
    expect(sum.sqsRequests).toBe(30);
    expect(sum.lambda).toEqual({
      f: { invocations: 21, billedMs: 50 },
      g: { invocations: 10, billedMs: 70 },
    });
    // The operands are left as they were.
    expect(a.lambda.f).toEqual({ invocations: 1, billedMs: 10 });
  });

  it('averages a total over its occurrences', () => {
    const averaged = scaleUsage(
      usage({ kmsDecrypt: 8, lambda: { f: { invocations: 4, billedMs: 100 } } }),
      1 / 4,
    );
    expect(averaged.kmsDecrypt).toBe(2);
    expect(averaged.lambda.f).toEqual({ invocations: 1, billedMs: 25 });
  });

  it('multiplies each workload’s occurrence by its monthly count', () => {
    const month = monthlyUsage([
      { name: 'sync', perOccurrence: usage({ dynamoWriteUnits: 5 }), perMonth: 120 },
      { name: 'refresh', perOccurrence: usage({ dynamoWriteUnits: 1, kmsDecrypt: 2 }), perMonth: 720 },
    ]);
    expect(month.dynamoWriteUnits).toBe(5 * 120 + 720);
    expect(month.kmsDecrypt).toBe(1440);
  });
});

describe('cost model: prices', () => {
  const profiles = { f: { memoryMb: 1024, initMs: 200 } };

  it('prices each component at its list price', () => {
    const costs = usageCosts(
      usage({
        dynamoReadUnits: 1e6,
        dynamoWriteUnits: 1e6,
        sqsRequests: 1e6,
        kmsDecrypt: 1e4,
        httpApiRequests: 1e6,
        lambda: { f: { invocations: 1e6, billedMs: 1e6 * 1000 } },
      }),
      profiles,
    );
    expect(costs.dynamoDbRequests).toBeCloseTo(0.125 + 0.625, 9);
    expect(costs.sqs).toBeCloseTo(0.4, 9);
    expect(costs.kmsRequests).toBeCloseTo(0.03, 9);
    expect(costs.httpApi).toBeCloseTo(1, 9);
    expect(costs.lambdaRequests).toBeCloseTo(0.2, 9);
    // 1e6 s at 1 GB.
    expect(costs.lambdaDuration).toBeCloseTo(1e6 * PRICES.lambdaArmGbSecond.usd, 6);
    // INIT on the cold share: 1e6 × 0.1 × 0.2 s at 1 GB.
    expect(costs.lambdaInit).toBeCloseTo(
      1e6 * ASSUMPTIONS.coldStartRatio * 0.2 * PRICES.lambdaArmGbSecond.usd,
      6,
    );
    expect(costs.xray).toBeCloseTo(5, 9);
  });

  it('counts the platform and access-log lines in the log bytes', () => {
    const costs = usageCosts(
      usage({ httpApiRequests: 1, appLogBytes: 250, lambda: { f: { invocations: 1, billedMs: 5 } } }),
      profiles,
    );
    const bytes = 250 + ASSUMPTIONS.lambdaPlatformLogBytes + ASSUMPTIONS.httpApiAccessLogBytes;
    const perGb = PRICES.logsIngestedGb.usd + ASSUMPTIONS.logStoredMonths * PRICES.logsStoredGbMonth.usd;
    expect(costs.logs).toBeCloseTo((bytes / 1024 ** 3) * perGb, 15);
  });

  it('refuses a function it knows no memory size of', () => {
    expect(() =>
      usageCosts(usage({ lambda: { unknown: { invocations: 1, billedMs: 1 } } }), profiles),
    ).toThrow(/unknown/);
  });

  it('prices the stack’s fixed parts', () => {
    const fixed = stackFixedCosts({
      kmsKeys: 1,
      secrets: 2,
      alarms: 10,
      polledQueues: 1,
      customMetrics: 3,
      schedulesPerMonth: 1000,
    });
    expect(fixed.kmsKey).toBe(1);
    expect(fixed.secrets).toBeCloseTo(0.8, 12);
    expect(fixed.alarms).toBeCloseTo(1, 12);
    expect(fixed.customMetrics).toBeCloseTo(0.9, 12);
    expect(fixed.schedules).toBe(0);
    // 5 long polls of 20 s: 15 receives a minute for 30 days.
    expect(fixed.idleQueuePolls).toBeCloseTo(648_000 * 0.4e-6, 9);
    expect(totalUsd(fixed)).toBeCloseTo(1 + 0.8 + 1 + 0.9 + 0.2592, 9);
  });
});

describe('cost model: sharing the stack', () => {
  it('reads a secret at most once per invocation and once per cache expiry', () => {
    expect(secretReadsPerMonth([{ invocations: 100, secrets: 1 }])).toBe(100);
    expect(secretReadsPerMonth([{ invocations: 1e9, secrets: 2 }])).toBe(2 * 12 * 24 * 30);
  });

  it('spreads the fixed and stack-wide costs over the workspaces', () => {
    const at = (n: number) => costAt(n, 0.05, 10, (w) => w * 0.001);
    expect(at(10).perWorkspaceUsd).toBeCloseTo(0.05 + (10 + 0.01) / 10, 12);
    expect(at(1000).perWorkspaceUsd).toBeCloseTo(0.05 + 11 / 1000, 12);
    expect(at(1000).stackUsd).toBeCloseTo(50 + 11, 9);
    expect(at(1000).sharedPerWorkspaceUsd).toBeCloseTo(0.011, 12);
    expect(() => at(0)).toThrow(/at least one/);
  });
});
