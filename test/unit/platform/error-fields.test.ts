import type { Context, S3Event, ScheduledEvent, SQSEvent } from 'aws-lambda';
import * as z from 'zod';
import { lambdaContext } from '../../../infra/local/lambda-context';
import { errorFields } from '../../../shared/platform/error-fields';
import { MetaTransientError } from '../../../shared/platform/errors';
import { errorResponse } from '../../../shared/platform/http';
import { logger } from '../../../shared/platform/observability';
import { queueConsumer } from '../../../shared/platform/queue';
import { s3ObjectHandler } from '../../../shared/platform/s3-events';
import { scheduledJob } from '../../../shared/platform/schedule';

/** Everything an AWS SDK v3 service error drags along, each with a secret a log must not show. */
class SdkLikeError extends Error {
  readonly $fault = 'client';
  readonly $metadata = { httpStatusCode: 400, requestId: 'REQ-METADATA-ID', attempts: 1 };
  readonly $response = {
    statusCode: 400,
    headers: { authorization: 'Bearer EAAB_RESPONSE_HEADER_SECRET' },
    body: '{"SecretString":"EAAB_RESPONSE_BODY_SECRET"}',
  };
  readonly requestBody = { SecretString: 'EAAB_ENUMERABLE_FIELD_SECRET' };
  readonly code = 'ThrottlingException';
  constructor() {
    super('Rate exceeded calling https://graph.facebook.com/v26.0/me?access_token=EAAB_MESSAGE_SECRET&x=1', {
      cause: new Error('upstream said access_token=EAAB_CAUSE_SECRET'),
    });
    this.name = 'ThrottlingException';
  }
}

const SECRETS = [
  'EAAB_RESPONSE_HEADER_SECRET',
  'EAAB_RESPONSE_BODY_SECRET',
  'EAAB_ENUMERABLE_FIELD_SECRET',
  'EAAB_MESSAGE_SECRET',
  'EAAB_CAUSE_SECRET',
  'REQ-METADATA-ID',
  '$response',
  '$metadata',
];

const ctx: Context = lambdaContext('test', 5, 128);

describe('errorFields', () => {
  it('keeps name, code and the redacted message of an SDK error, and nothing else', () => {
    expect(errorFields(new SdkLikeError(), 'corr-1')).toEqual({
      name: 'ThrottlingException',
      code: 'ThrottlingException',
      message: 'Rate exceeded calling https://graph.facebook.com/v26.0/me?access_token=[redacted]&x=1',
      correlationId: 'corr-1',
    });
  });

  it("keeps a Meta error's code, subcode and fbtrace id", () => {
    const err = new MetaTransientError('Meta is unavailable.', {
      httpStatus: 500,
      code: 2,
      subcode: 1234,
      fbtraceId: 'AbC123',
      message: 'An unexpected error has occurred.',
    });
    expect(errorFields(err)).toEqual({
      name: 'MetaTransientError',
      code: 'meta_unavailable',
      message: 'Meta is unavailable.',
      metaCode: 2,
      metaSubcode: 1234,
      fbtraceId: 'AbC123',
    });
  });

  it('blanks a bearer token in the message and cuts a long message short', () => {
    const fields = errorFields(
      new Error(`sent Authorization: Bearer EAAB_BEARER_SECRET ${'x'.repeat(2000)}`),
    );
    expect(fields.message).toContain('Bearer [redacted]');
    expect(fields.message).not.toContain('EAAB_BEARER_SECRET');
    expect(fields.message.length).toBeLessThanOrEqual(501);
  });

  it('describes a thrown non-error without serialising it', () => {
    expect(errorFields({ token: 'EAAB_OBJECT_SECRET' })).toEqual({ name: 'NonError', message: 'object' });
    expect(errorFields('failed: ?code=abc')).toEqual({
      name: 'NonError',
      message: 'failed: ?code=[redacted]',
    });
  });

  it('ignores a code that is not a short primitive', () => {
    const err = Object.assign(new Error('x'), { code: { secret: 'EAAB_CODE_SECRET' } });
    expect(errorFields(err)).toEqual({ name: 'Error', message: 'x' });
  });
});

describe('the middy stacks log an error through errorFields only', () => {
  let written: string[];
  const previousLevel = logger.getLevelName();
  beforeEach(() => {
    written = [];
    logger.setLogLevel('DEBUG');
    // A warm invocation resets the level to the environment's (SILENT in tests): keep DEBUG.
    jest.spyOn(logger, 'refreshSampleRateCalculation').mockImplementation(() => undefined);
    const capture = (chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    };
    jest.spyOn(process.stdout, 'write').mockImplementation(capture);
    jest.spyOn(process.stderr, 'write').mockImplementation(capture);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    logger.setLogLevel(previousLevel);
  });

  /** The log lines written, parsed, after checking no secret is anywhere in them. */
  function loggedLines(): Record<string, unknown>[] {
    const text = written.join('');
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    const lines = text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(0);
    return lines;
  }

  /** How the SDK-like error must appear: its summary and nothing else. */
  const summary = (extra: Record<string, unknown> = {}) => ({
    name: 'ThrottlingException',
    code: 'ThrottlingException',
    message: 'Rate exceeded calling https://graph.facebook.com/v26.0/me?access_token=[redacted]&x=1',
    ...extra,
  });

  it('http: an unhandled error', () => {
    const res = errorResponse(new SdkLikeError(), 'corr-http');
    expect(res.statusCode).toBe(500);
    expect(loggedLines()).toContainEqual(
      expect.objectContaining({ error: summary({ correlationId: 'corr-http' }) }),
    );
  });

  it('http: an AppError that is a failure (5xx)', () => {
    const err = new MetaTransientError('Meta is unavailable.', { httpStatus: 502, message: 'x' }, 5, {
      cause: new SdkLikeError(),
    });
    errorResponse(err, 'corr-5xx');
    expect(loggedLines()).toContainEqual(
      expect.objectContaining({
        error: {
          name: 'MetaTransientError',
          code: 'meta_unavailable',
          message: 'Meta is unavailable.',
          correlationId: 'corr-5xx',
        },
      }),
    );
  });

  it('queue: a failed message', async () => {
    const handler = queueConsumer(
      { schema: z.object({ n: z.number() }), queueEnvVar: 'QUEUE_URL_UNUSED' },
      async () => {
        throw new SdkLikeError();
      },
    );
    const event = {
      Records: [
        {
          messageId: 'm1',
          receiptHandle: 'r1',
          body: '{"n":1}',
          attributes: { ApproximateReceiveCount: '1' },
          messageAttributes: {},
          md5OfBody: '',
          eventSource: 'aws:sqs',
          eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:q',
          awsRegion: 'us-east-1',
        },
      ],
    } as unknown as SQSEvent;
    // One record, all failed: Powertools reports the whole batch as failed.
    await expect(handler(event, ctx)).rejects.toThrow();
    expect(loggedLines()).toContainEqual(expect.objectContaining({ messageId: 'm1', error: summary() }));
  });

  it('schedule: a failed job', async () => {
    const handler = scheduledJob(async () => {
      throw new SdkLikeError();
    });
    const event = { time: '2026-07-01T00:00:00Z', resources: ['rule'] } as unknown as ScheduledEvent;
    await expect(handler(event, ctx)).rejects.toThrow(SdkLikeError);
    expect(loggedLines()).toContainEqual(expect.objectContaining({ error: summary() }));
  });

  it('s3: a failed object', async () => {
    const handler = s3ObjectHandler(async () => {
      throw new SdkLikeError();
    });
    const event = {
      Records: [{ s3: { bucket: { name: 'b' }, object: { key: 'k', size: 1 } } }],
    } as unknown as S3Event;
    await expect(handler(event, ctx)).rejects.toThrow(SdkLikeError);
    expect(loggedLines()).toContainEqual(expect.objectContaining({ key: 'k', error: summary() }));
  });
});
