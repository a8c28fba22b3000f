import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';

/** The token the fake accepts unless told otherwise. */
export const FAKE_GRAPH_ACCESS_TOKEN = 'fake-graph-api-token';

export interface FakeGraphApiOptions {
  accessToken?: string;
  port?: number;
  host?: string;
  /** Each accepted request is appended here as a JSON line (the local runtime's demo log). */
  logFile?: string;
}

/** A send the fake accepted. */
export interface RecordedRequest {
  channel: 'whatsapp' | 'instagram';
  /** The phone-number id or Instagram account id in the path. */
  senderId: string;
  path: string;
  body: Record<string, unknown>;
  receivedAt: string;
  /** The id the fake answered with. */
  platformMessageId: string;
}

/** An answer the fake gives instead of accepting, as Meta would. */
export interface ScriptedFailure {
  status: number;
  code?: number;
  title?: string;
  retryAfterSeconds?: number;
}

export interface FakeGraphApi {
  /** Base URL, to use as both GRAPH_API_BASE_URL and INSTAGRAM_API_BASE_URL. */
  url: string;
  requests: RecordedRequest[];
  /** Every request answered, accepted or not, in order. */
  calls: { path: string; status: number; code?: number }[];
  /** The next `times` well-formed, authorised requests are answered with `response`. */
  failNext(response: ScriptedFailure, times?: number): void;
  close(): Promise<void>;
}

/** A Graph API refusal: status, error code, message as Meta words it. */
class GraphRefusal {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly message: string,
    readonly details?: string,
    readonly retryAfterSeconds?: number,
  ) {}
}

const invalidParameter = (message: string) => new GraphRefusal(400, 100, `(#100) ${message}`);

const PATH = /^\/(v\d+\.\d+)\/([^/]+)\/messages$/;
/** Instagram refuses text over 1000 bytes (Instagram Messaging send API). */
const INSTAGRAM_TEXT_MAX_BYTES = 1000;
const WHATSAPP_TEXT_MAX_CHARS = 4096;

/**
 * A Graph API on loopback for tests and `npm start`: `POST /{version}/{id}/messages` answered
 * like Meta's WhatsApp Cloud API or Instagram Send API (told apart by the body, as Graph does
 * for one node id): the bearer token is checked (401, code 190), the body's shape strictly
 * (400, code 100 naming the field), and accepted sends get fresh `wamid.FAKE…` / `mid.FAKE…`
 * ids. Scripted failures come first, to play throttling, outages and refusals.
 */
export async function startFakeGraphApi(options: FakeGraphApiOptions = {}): Promise<FakeGraphApi> {
  const accessToken = options.accessToken ?? FAKE_GRAPH_ACCESS_TOKEN;
  const requests: RecordedRequest[] = [];
  const calls: FakeGraphApi['calls'] = [];
  const scripted: ScriptedFailure[] = [];
  if (options.logFile) mkdirSync(dirname(options.logFile), { recursive: true });

  const answer = (path: string, res: ServerResponse, status: number, body: unknown, code?: number) => {
    calls.push({ path, status, ...(code !== undefined && { code }) });
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const refuse = (path: string, res: ServerResponse, refusal: GraphRefusal) => {
    if (refusal.retryAfterSeconds !== undefined)
      res.setHeader('retry-after', String(refusal.retryAfterSeconds));
    answer(path, res, refusal.status, errorBody(refusal), refusal.code);
  };

  const server = createServer((req, res) => {
    readBody(req).then(
      (raw) => {
        const path = (req.url ?? '/').split('?')[0] ?? '/';
        try {
          const accepted = handle(req, path, raw);
          requests.push(accepted);
          if (options.logFile) appendFileSync(options.logFile, `${JSON.stringify(accepted)}\n`);
          answer(path, res, 200, successBody(accepted));
        } catch (error) {
          refuse(
            path,
            res,
            error instanceof GraphRefusal ? error : new GraphRefusal(500, 1, 'An unknown error occurred'),
          );
        }
      },
      () => res.destroy(),
    );
  });

  function handle(req: IncomingMessage, path: string, raw: string): RecordedRequest {
    const match = PATH.exec(path);
    if (req.method !== 'POST' || !match) {
      throw new GraphRefusal(400, 2500, `Unknown path components: ${path}`);
    }
    if (tokenOf(req) !== accessToken) {
      throw new GraphRefusal(401, 190, 'Invalid OAuth access token - Cannot parse access token');
    }
    const body = parseJson(raw);
    const channel = 'recipient' in body ? 'instagram' : 'whatsapp';
    if (channel === 'whatsapp') checkWhatsApp(body);
    else checkInstagram(body);
    const failure = scripted.shift();
    if (failure) {
      const code = failure.code ?? (failure.status === 429 ? 130429 : 2);
      const title =
        failure.title ?? (failure.status >= 500 ? 'Service temporarily unavailable' : 'Request refused');
      throw new GraphRefusal(
        failure.status,
        code,
        `(#${code}) ${title}`,
        failure.title,
        failure.retryAfterSeconds,
      );
    }
    return {
      channel,
      senderId: decodeURIComponent(match[2] ?? ''),
      path,
      body,
      receivedAt: new Date().toISOString(),
      platformMessageId: channel === 'whatsapp' ? `wamid.FAKE${uniqueId()}` : `mid.FAKE${uniqueId()}`,
    };
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    requests,
    calls,
    failNext(response, times = 1) {
      for (let i = 0; i < times; i++) scripted.push(response);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function checkWhatsApp(body: Record<string, unknown>) {
  allowOnly(body, '', [
    'messaging_product',
    'recipient_type',
    'to',
    'type',
    'text',
    'template',
    'context',
    'biz_opaque_callback_data',
  ]);
  if (body.messaging_product === undefined)
    throw invalidParameter('The parameter messaging_product is required.');
  if (body.messaging_product !== 'whatsapp')
    throw invalidParameter('Param messaging_product must be whatsapp');
  if (body.recipient_type !== undefined && body.recipient_type !== 'individual') {
    throw invalidParameter('Param recipient_type must be individual');
  }
  if (!nonEmptyString(body.to)) throw invalidParameter('The parameter to is required.');
  const type = body.type ?? 'text';
  if (type === 'text') {
    const text = objectOr(body.text, 'text');
    allowOnly(text, 'text', ['body', 'preview_url']);
    if (!nonEmptyString(text.body)) throw invalidParameter("The parameter text['body'] is required.");
    if (text.body.length > WHATSAPP_TEXT_MAX_CHARS) {
      throw invalidParameter(
        `Param text['body'] must be at most ${WHATSAPP_TEXT_MAX_CHARS} characters long.`,
      );
    }
    if (text.preview_url !== undefined && typeof text.preview_url !== 'boolean') {
      throw invalidParameter("Param text['preview_url'] must be a boolean.");
    }
    if (body.template !== undefined) throw invalidParameter('Param template is not allowed for type text.');
    return;
  }
  if (type !== 'template') throw invalidParameter('Param type must be one of {TEXT, TEMPLATE}');
  if (body.text !== undefined) throw invalidParameter('Param text is not allowed for type template.');
  const template = objectOr(body.template, 'template');
  allowOnly(template, 'template', ['name', 'language', 'components']);
  if (!nonEmptyString(template.name)) throw invalidParameter("The parameter template['name'] is required.");
  const language = objectOr(template.language, "template['language']");
  allowOnly(language, "template['language']", ['code', 'policy']);
  if (!nonEmptyString(language.code)) {
    throw invalidParameter("The parameter template['language']['code'] is required.");
  }
  if (template.components === undefined) return;
  if (!Array.isArray(template.components) || template.components.length === 0) {
    throw invalidParameter("Param template['components'] must be a non-empty array.");
  }
  template.components.forEach((raw, i) => {
    const where = `template['components'][${i}]`;
    const component = objectOr(raw, where);
    allowOnly(component, where, ['type', 'parameters', 'sub_type', 'index']);
    if (!['header', 'body', 'button'].includes(String(component.type))) {
      throw invalidParameter(`Param ${where}['type'] must be one of {HEADER, BODY, BUTTON}`);
    }
    if (!Array.isArray(component.parameters) || component.parameters.length === 0) {
      throw invalidParameter(`The parameter ${where}['parameters'] is required.`);
    }
    component.parameters.forEach((rawParameter, j) => {
      const at = `${where}['parameters'][${j}]`;
      const parameter = objectOr(rawParameter, at);
      allowOnly(parameter, at, ['type', 'text', 'parameter_name']);
      if (parameter.type !== 'text') throw invalidParameter(`Param ${at}['type'] must be text.`);
      if (!nonEmptyString(parameter.text)) throw invalidParameter(`The parameter ${at}['text'] is required.`);
      if (parameter.parameter_name !== undefined && !/^[a-z0-9_]+$/.test(String(parameter.parameter_name))) {
        throw invalidParameter(
          `Param ${at}['parameter_name'] must be lower case letters, digits and underscores.`,
        );
      }
    });
  });
}

function checkInstagram(body: Record<string, unknown>) {
  allowOnly(body, '', ['recipient', 'message', 'messaging_type', 'tag']);
  const recipient = objectOr(body.recipient, 'recipient');
  allowOnly(recipient, 'recipient', ['id']);
  if (!nonEmptyString(recipient.id)) throw invalidParameter("The parameter recipient['id'] is required.");
  const messagingType = body.messaging_type ?? 'RESPONSE';
  if (!['RESPONSE', 'UPDATE', 'MESSAGE_TAG'].includes(String(messagingType))) {
    throw invalidParameter('Param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG}');
  }
  if (messagingType === 'MESSAGE_TAG' && body.tag !== 'HUMAN_AGENT') {
    throw invalidParameter('Param tag must be HUMAN_AGENT for an Instagram message');
  }
  if (messagingType !== 'MESSAGE_TAG' && body.tag !== undefined) {
    throw invalidParameter('Param tag requires messaging_type MESSAGE_TAG');
  }
  const message = objectOr(body.message, 'message');
  allowOnly(message, 'message', ['text']);
  if (!nonEmptyString(message.text)) throw invalidParameter("The parameter message['text'] is required.");
  if (Buffer.byteLength(message.text, 'utf8') > INSTAGRAM_TEXT_MAX_BYTES) {
    throw invalidParameter(`Param message['text'] must be at most ${INSTAGRAM_TEXT_MAX_BYTES} bytes long.`);
  }
}

function allowOnly(object: Record<string, unknown>, where: string, allowed: readonly string[]) {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) {
      throw invalidParameter(`Param ${where ? `${where}['${key}']` : key} is not a valid parameter.`);
    }
  }
}

function objectOr(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidParameter(`The parameter ${name} is required and must be an object.`);
  }
  return value as Record<string, unknown>;
}

const nonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

function parseJson(raw: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // Answered below, like any other body that is not a JSON object.
  }
  throw invalidParameter('The request body must be a JSON object.');
}

function tokenOf(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length);
  return new URL(req.url ?? '/', 'http://fake').searchParams.get('access_token') ?? undefined;
}

function successBody(accepted: RecordedRequest) {
  if (accepted.channel === 'instagram') {
    const recipient = accepted.body.recipient as { id: string };
    return { recipient_id: recipient.id, message_id: accepted.platformMessageId };
  }
  const to = String(accepted.body.to);
  return {
    messaging_product: 'whatsapp',
    contacts: [{ input: to, wa_id: to.replace(/^\+/, '') }],
    messages: [
      {
        id: accepted.platformMessageId,
        ...(accepted.body.type === 'template' && { message_status: 'accepted' }),
      },
    ],
  };
}

function errorBody(refusal: GraphRefusal) {
  return {
    error: {
      message: refusal.message,
      type: 'OAuthException',
      code: refusal.code,
      ...(refusal.details !== undefined && { error_data: { details: refusal.details } }),
      fbtrace_id: `FAKE${uniqueId()}`,
    },
  };
}

const uniqueId = () => randomBytes(12).toString('base64url');

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
