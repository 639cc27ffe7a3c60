/** Query parameters that carry a token, a proof or a secret somewhere in the Graph/OAuth API. */
const SECRET_PARAMS = [
  'access_token',
  'appsecret_proof',
  'appsecret_time',
  'client_secret',
  'input_token',
  'fb_exchange_token',
  'code',
];

const SECRET_PARAM = new RegExp(`([?&](?:${SECRET_PARAMS.join('|')})=)[^&#\\s"']*`, 'gi');

/**
 * Makes a URL (or any text holding one) safe to log or put in an error: the values of secret
 * query parameters become `[redacted]`, and so does every literal secret passed in `known`.
 * @example redactSecrets('https://g/v26.0/me?access_token=EAAB&fields=id') // '…?access_token=[redacted]&fields=id'
 */
export function redactSecrets(text: string, known: readonly string[] = []): string {
  let out = text.replace(SECRET_PARAM, '$1[redacted]');
  for (const secret of known) {
    if (secret.length >= 8) out = out.split(secret).join('[redacted]');
  }
  return out;
}
