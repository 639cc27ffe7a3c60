import { randomBytes } from 'node:crypto';

export interface GraphErrorFields {
  status: number;
  message: string;
  type: string;
  code: number;
  subcode?: number;
  isTransient?: boolean;
  userTitle?: string;
  userMessage?: string;
  /**
   * Meta's `error_data`: a JSON string (`{"blame_field_specs":[["dsa_payor"]]}`), or an object
   * (a video upload's expected `{start_offset, end_offset}`).
   */
  errorData?: string | Record<string, unknown>;
  headers?: Record<string, string>;
}

/** Meta's trace ids are 11 base64-ish characters. */
export function fbtraceId(): string {
  return randomBytes(8).toString('base64').replace(/[+/=]/g, 'A').slice(0, 11);
}

/**
 * A Graph error as Meta sends it: HTTP status plus
 * `{"error": {message, type, code, error_subcode?, is_transient, fbtrace_id}}`.
 * https://developers.facebook.com/docs/graph-api/guides/error-handling
 */
export class GraphError extends Error {
  readonly fields: GraphErrorFields;

  constructor(fields: GraphErrorFields) {
    super(fields.message);
    this.name = 'GraphError';
    this.fields = fields;
  }

  get status(): number {
    return this.fields.status;
  }

  body(): { error: Record<string, unknown> } {
    const f = this.fields;
    const error: Record<string, unknown> = { message: f.message, type: f.type, code: f.code };
    if (f.errorData !== undefined) error.error_data = f.errorData;
    if (f.subcode !== undefined) error.error_subcode = f.subcode;
    error.is_transient = f.isTransient ?? false;
    if (f.userTitle !== undefined) error.error_user_title = f.userTitle;
    if (f.userMessage !== undefined) error.error_user_msg = f.userMessage;
    error.fbtrace_id = fbtraceId();
    return { error };
  }

  /** Meta adds `WWW-Authenticate` on token errors. */
  headers(): Record<string, string> {
    const headers = { ...this.fields.headers };
    if (this.fields.code === 190) {
      headers['WWW-Authenticate'] =
        `OAuth "Facebook Platform" "invalid_token" "${this.fields.message.replace(/"/g, "'")}"`;
    }
    return headers;
  }
}

const GRAPH_DOCS =
  'Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api';

/** Unknown object, or one the token may not see: Meta answers both the same way. */
export function objectNotFound(id: string, method: string): GraphError {
  return new GraphError({
    status: 400,
    message: `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. ${GRAPH_DOCS}`,
    type: 'GraphMethodException',
    code: 100,
    subcode: 33,
  });
}

export function nonexistingField(field: string, nodeType: string): GraphError {
  return new GraphError({
    status: 400,
    message: `(#100) Tried accessing nonexisting field (${field}) on node type (${nodeType})`,
    type: 'OAuthException',
    code: 100,
  });
}

export function invalidParameter(message: string, subcode?: number): GraphError {
  return new GraphError({ status: 400, message, type: 'OAuthException', code: 100, subcode });
}

export function missingPermission(message: string): GraphError {
  return new GraphError({ status: 403, message, type: 'OAuthException', code: 200 });
}

export function noPermission(): GraphError {
  return new GraphError({
    status: 403,
    message: '(#10) Application does not have permission for this action',
    type: 'OAuthException',
    code: 10,
  });
}

export function tokenError(message: string, subcode?: number): GraphError {
  return new GraphError({ status: 400, message, type: 'OAuthException', code: 190, subcode });
}

/** Listed as error 2642 in the Marketing API references; restart paging from the start. */
export function invalidCursor(): GraphError {
  return new GraphError({
    status: 400,
    message: '(#2642) Invalid cursors values',
    type: 'OAuthException',
    code: 2642,
  });
}

export function queryParseError(message: string): GraphError {
  return new GraphError({ status: 400, message, type: 'OAuthException', code: 2500 });
}

export function invalidAppsecretProof(): GraphError {
  return new GraphError({
    status: 400,
    message: 'Invalid appsecret_proof provided in the API argument',
    type: 'GraphMethodException',
    code: 100,
  });
}

/** Code 1, what Meta answers when something broke on its side. */
export function unknownError(): GraphError {
  return new GraphError({
    status: 500,
    message: 'An unknown error occurred',
    type: 'OAuthException',
    code: 1,
    isTransient: true,
  });
}
