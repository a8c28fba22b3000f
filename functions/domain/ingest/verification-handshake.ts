import { timingSafeEqual } from 'node:crypto';

export type HandshakeAnswer = { accepted: true; challenge: string } | { accepted: false };

const sameSecret = (a: string, b: string) => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/**
 * Meta's subscription check: `GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`.
 * The challenge is echoed only when the token is ours.
 */
export function answerHandshake(
  query: Record<string, string | undefined>,
  verifyToken: string,
): HandshakeAnswer {
  const mode = query['hub.mode'];
  const token = query['hub.verify_token'];
  const challenge = query['hub.challenge'];
  if (mode !== 'subscribe' || token === undefined || challenge === undefined) return { accepted: false };
  return sameSecret(token, verifyToken) ? { accepted: true, challenge } : { accepted: false };
}
