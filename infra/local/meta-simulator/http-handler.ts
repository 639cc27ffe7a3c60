import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { errorResponse, executeCall } from './call-pipeline';
import { handleControl, type SimulatorControls } from './control-api';
import { GraphError } from './graph-error';
import { splitGraphPath } from './graph-path';
import { BodyTooLargeError, bearerToken, bodyLimitFor, bodyParams, readBody } from './http-body';
import type { UploadedFile } from './multipart-body';
import { jsonResponse, type SimResponse } from './sim-response';
import type { GraphCall, SimulatorCore } from './simulator-core';
import { secretsIn, tokenArrival } from './token-arrival';
import { type WebhookDeliveryResult, type WebhookPayload, webhookPayloadSchema } from './webhook-delivery';

function send(res: ServerResponse, response: SimResponse): void {
  if (response.drop) {
    res.socket?.destroy();
    return;
  }
  res.writeHead(response.status, response.headers);
  res.end(response.body);
}

function badRequest(message: string, status = 400): SimResponse {
  return jsonResponse(status, new GraphError({ status, message, type: 'OAuthException', code: 100 }).body());
}

type WebhookSender = (payload: WebhookPayload) => Promise<WebhookDeliveryResult>;

/**
 * `POST /__sim/webhooks` with a Meta payload: Meta sends it to the app now. 200 with the app's
 * answer, 409 when the ad account is not subscribed, 400 for a malformed payload.
 */
async function webhookControl(sendWebhook: WebhookSender, body: string): Promise<SimResponse> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return jsonResponse(400, { error: { message: 'body is not JSON' } });
  }
  const payload = webhookPayloadSchema.safeParse(json);
  if (!payload.success)
    return jsonResponse(400, { error: { message: 'invalid payload', issues: payload.error.issues } });
  const result = await sendWebhook(payload.data);
  if (!result.delivered)
    return jsonResponse(409, { error: { message: result.reason, adAccountIds: result.adAccountIds } });
  return jsonResponse(200, { delivered: true, status: result.answer.status, answer: result.answer.body });
}

/** Turns one HTTP request into a control call or a Graph call (a batch is one Graph call). */
async function answer(
  core: SimulatorCore,
  controls: SimulatorControls,
  sendWebhook: WebhookSender,
  req: IncomingMessage,
): Promise<SimResponse> {
  const url = new URL(req.url ?? '/', core.baseUrl);
  const method = (req.method ?? 'GET').toUpperCase();
  let bytes: Buffer;
  try {
    bytes = await readBody(req, bodyLimitFor(req.headers['content-type']));
  } catch (err: unknown) {
    if (err instanceof BodyTooLargeError) return badRequest(err.message, 413);
    throw err;
  }
  const controlBody = () => bytes.toString('utf8');
  if (method === 'POST' && url.pathname === '/__sim/webhooks')
    return webhookControl(sendWebhook, controlBody());
  if (url.pathname.startsWith('/__sim/'))
    return handleControl(controls, method, url.pathname, url.searchParams, controlBody());

  // Every Graph request takes the global latency on its own timer: concurrent ones overlap.
  const params = new URLSearchParams(url.searchParams);
  let formParams: URLSearchParams;
  let files: UploadedFile[];
  try {
    ({ params: formParams, files } = bodyParams(req.headers['content-type'], bytes));
  } catch (err: unknown) {
    await delay(core.latencyMs);
    return badRequest(
      err instanceof SyntaxError
        ? '(#100) The request body is not valid JSON'
        : '(#100) The request body is malformed',
    );
  }
  for (const [name, value] of formParams) params.set(name, value);
  let route: ReturnType<typeof splitGraphPath>;
  try {
    route = splitGraphPath(url.pathname);
  } catch {
    await delay(core.latencyMs);
    return badRequest('(#100) Malformed path');
  }
  const headerToken = bearerToken(req.headers.authorization);
  const call: GraphCall = {
    method,
    ...route,
    params,
    accessToken: params.get('access_token') ?? headerToken,
    tokenIn: tokenArrival(url.searchParams, formParams, headerToken),
    secretsInUrl: secretsIn(url.searchParams),
    ...(files.length > 0 ? { files } : {}),
  };
  return executeCall(core, call, false, core.latencyMs);
}

export function createRequestHandler(
  core: SimulatorCore,
  controls: SimulatorControls,
  sendWebhook: WebhookSender,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    answer(core, controls, sendWebhook, req).then(
      (response) => send(res, response),
      (err: unknown) => send(res, errorResponse(err)),
    );
  };
}
