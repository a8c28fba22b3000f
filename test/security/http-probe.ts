/** One request of an attack, as a client on the network would send it. */
export interface Probe {
  method: 'GET' | 'POST';
  /** The path, without query string. */
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** What came back: status, headers (lower-case names) and the body's exact text. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export const jsonBody = (value: unknown) => JSON.stringify(value);

export const withQuery = (probe: Probe, query: Record<string, string>): Probe => ({
  ...probe,
  query: { ...probe.query, ...query },
});

export const withHeaders = (probe: Probe, headers: Record<string, string>): Probe => ({
  ...probe,
  headers: { ...probe.headers, ...headers },
});

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export async function send(baseUrl: string, probe: Probe): Promise<Answer> {
  const query = probe.query ? `?${new URLSearchParams(probe.query)}` : '';
  const response = await fetch(`${baseUrl}${probe.path}${query}`, {
    method: probe.method,
    headers: {
      ...(probe.body !== undefined && { 'content-type': 'application/json' }),
      ...probe.headers,
    },
    ...(probe.body !== undefined && { body: probe.body }),
  });
  return {
    status: response.status,
    headers: Object.fromEntries([...response.headers].map(([name, value]) => [name, value])),
    body: await response.text(),
  };
}

/** Headers that differ between any two answers (time, connection) or carry a request id. */
const VOLATILE_HEADERS = new Set([
  'date',
  'connection',
  'keep-alive',
  'x-request-id',
  'x-amzn-requestid',
  'apigw-requestid',
  'x-amz-apigw-id',
  'x-amzn-trace-id',
]);
const REQUEST_ID_FIELD = /"(requestId|request_id|x-request-id|awsRequestId)"\s*:\s*"[^"]*"/gi;

/**
 * The answer as the attacker sees it, minus request ids (and the string `fields` given, e.g. the
 * time a document was generated): two answers with the same comparable form are byte-for-byte the
 * same status, headers and body but for those.
 */
export function comparable(answer: Answer, fields: readonly string[] = []): string {
  const headers = Object.entries(answer.headers)
    .filter(([name]) => !VOLATILE_HEADERS.has(name) && !(fields.length > 0 && name === 'content-length'))
    .sort(([a], [b]) => a.localeCompare(b));
  const body = fields.reduce(
    (text, field) => text.replace(new RegExp(`"${field}"\\s*:\\s*"[^"]*"`, 'g'), `"${field}":"<masked>"`),
    answer.body.replace(REQUEST_ID_FIELD, '"$1":"<request id>"'),
  );
  return JSON.stringify({ status: answer.status, headers, body });
}

/** Runs `tasks` with at most `limit` of them at once, keeping their order in the results. */
export async function inParallel<T>(tasks: readonly (() => Promise<T>)[], limit = 16): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await (tasks[index] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}
