import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSMessageAttribute, SQSRecord, SQSRecordAttributes } from 'aws-lambda';

export interface SqsEventSource {
  queueArn: string;
  region: string;
}

/**
 * Builds the event Lambda's SQS event source mapping hands a function for a received
 * batch: camelCase records, system attributes as strings, message attributes in Lambda's
 * shape (binary values base64, empty list values).
 * @example const event = toSqsEvent(received.Messages ?? [], { queueArn, region: 'us-east-1' });
 */
export function toSqsEvent(messages: readonly Message[], source: SqsEventSource): SQSEvent {
  return { Records: messages.map((message) => toSqsRecord(message, source)) };
}

function toSqsRecord(message: Message, source: SqsEventSource): SQSRecord {
  const { MessageId, ReceiptHandle, Body, MD5OfBody } = message;
  if (!MessageId || !ReceiptHandle || Body === undefined || !MD5OfBody)
    throw new Error('SQS returned a message without id, receipt handle, body or MD5');
  const record: SQSRecord = {
    messageId: MessageId,
    receiptHandle: ReceiptHandle,
    body: Body,
    attributes: toRecordAttributes(message.Attributes ?? {}),
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        toLambdaAttribute(value),
      ]),
    ),
    md5OfBody: MD5OfBody,
    eventSource: 'aws:sqs',
    eventSourceARN: source.queueArn,
    awsRegion: source.region,
  };
  if (message.MD5OfMessageAttributes) record.md5OfMessageAttributes = message.MD5OfMessageAttributes;
  return record;
}

function toRecordAttributes(attributes: Partial<Record<string, string>>): SQSRecordAttributes {
  const { ApproximateReceiveCount, SentTimestamp, SenderId, ApproximateFirstReceiveTimestamp, ...rest } =
    attributes;
  // Only `AttributeNames: ['All']` makes local-aws-sqs (and SQS) return these.
  if (!ApproximateReceiveCount || !SentTimestamp)
    throw new Error('SQS returned a message without ApproximateReceiveCount or SentTimestamp');
  const extra = Object.fromEntries(
    Object.entries(rest).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
  return {
    ...extra,
    ApproximateReceiveCount,
    SentTimestamp,
    SenderId: SenderId ?? '',
    ApproximateFirstReceiveTimestamp: ApproximateFirstReceiveTimestamp ?? '',
  };
}

function toLambdaAttribute(value: MessageAttributeValue): SQSMessageAttribute {
  const attribute: SQSMessageAttribute = {
    stringListValues: value.StringListValues ?? [],
    binaryListValues: (value.BinaryListValues ?? []).map(toBase64),
    dataType: value.DataType ?? 'String',
  };
  if (value.StringValue !== undefined) attribute.stringValue = value.StringValue;
  if (value.BinaryValue !== undefined) attribute.binaryValue = toBase64(value.BinaryValue);
  return attribute;
}

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}
