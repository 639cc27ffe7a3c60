/** The Secrets Manager error codes the local service answers with; the SDK maps each to its class. */
export type SecretsErrorType =
  | 'ResourceNotFoundException'
  | 'ResourceExistsException'
  | 'InvalidRequestException'
  | 'InvalidParameterException'
  | 'InvalidNextTokenException'
  | 'SerializationException'
  | 'UnknownOperationException';

/**
 * An error in Secrets Manager's wire shape (`{"__type": type, "message": ...}`, HTTP 400).
 * Messages name secrets at most, never their values.
 */
export class SecretsError extends Error {
  constructor(
    readonly type: SecretsErrorType,
    message: string,
  ) {
    super(message);
    this.name = 'SecretsError';
  }
}
