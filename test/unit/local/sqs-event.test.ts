import { toSqsEvent } from '../../../infra/local/sqs-event';

const source = { queueArn: 'arn:aws:sqs:us-east-1:000000000000:jobs', region: 'us-east-1' };
const received = {
  MessageId: 'm-1',
  ReceiptHandle: 'rh-1',
  Body: 'hello',
  MD5OfBody: '5d41402abc4b2a76b9719d911017c592',
  Attributes: {
    ApproximateReceiveCount: '2',
    SentTimestamp: '1700000000000',
    SenderId: 'AIDAEXAMPLE',
    ApproximateFirstReceiveTimestamp: '1700000000100',
    MessageGroupId: 'g',
  },
};

describe('toSqsEvent', () => {
  test('maps a received message to a Lambda SQS record', () => {
    expect(toSqsEvent([received], source)).toEqual({
      Records: [
        {
          messageId: 'm-1',
          receiptHandle: 'rh-1',
          body: 'hello',
          attributes: {
            ApproximateReceiveCount: '2',
            SentTimestamp: '1700000000000',
            SenderId: 'AIDAEXAMPLE',
            ApproximateFirstReceiveTimestamp: '1700000000100',
            MessageGroupId: 'g',
          },
          messageAttributes: {},
          md5OfBody: '5d41402abc4b2a76b9719d911017c592',
          eventSource: 'aws:sqs',
          eventSourceARN: source.queueArn,
          awsRegion: 'us-east-1',
        },
      ],
    });
  });

  test('message attributes take Lambda shape: camelCase, binary as base64, empty lists', () => {
    const [record] = toSqsEvent(
      [
        {
          ...received,
          MD5OfMessageAttributes: 'abc',
          MessageAttributes: {
            s: { DataType: 'String', StringValue: 'v' },
            b: { DataType: 'Binary', BinaryValue: Buffer.from('hi') },
          },
        },
      ],
      source,
    ).Records;

    expect(record?.messageAttributes).toEqual({
      s: { stringValue: 'v', stringListValues: [], binaryListValues: [], dataType: 'String' },
      b: { binaryValue: 'aGk=', stringListValues: [], binaryListValues: [], dataType: 'Binary' },
    });
    expect(record?.md5OfMessageAttributes).toBe('abc');
  });

  test('rejects a message without the receive count (received without AttributeNames All)', () => {
    expect(() => toSqsEvent([{ ...received, Attributes: {} }], source)).toThrow(/ApproximateReceiveCount/);
  });
});
