import type { AuditEntry } from '../domain/mutation';
import { AppError } from '../platform/errors';

/** What an audit entry keeps of Meta's side of a refusal: code, subcode, title, message. */
export function metaOutcomeOf(err: unknown): Pick<AuditEntry['outcome'], 'meta'> {
  const details = err instanceof AppError ? (err.details as Record<string, unknown> | undefined) : undefined;
  if (!details || (details.metaCode === undefined && details.metaSubcode === undefined)) return {};
  const pick = <T>(value: unknown, type: string) =>
    typeof value === type ? { value: value as T } : undefined;
  const code = pick<number>(details.metaCode, 'number');
  const subcode = pick<number>(details.metaSubcode, 'number');
  const title = pick<string>(details.title, 'string');
  const message = pick<string>(details.userMessage ?? details.metaMessage, 'string');
  return {
    meta: {
      ...(code ? { code: code.value } : {}),
      ...(subcode ? { subcode: subcode.value } : {}),
      ...(title ? { title: title.value } : {}),
      ...(message ? { message: message.value } : {}),
    },
  };
}
