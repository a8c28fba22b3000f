import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { UnauthorizedError } from '../errors';

const VisitorClaimsSchema = z.object({
  tenantId: z.string(),
  sessionId: z.string(),
  siteKey: z.string(),
  expiresAt: z.number(),
});
export type VisitorClaims = z.infer<typeof VisitorClaimsSchema>;

const mac = (payload: string, secret: string) =>
  createHmac('sha256', secret).update(payload).digest('base64url');

/** A compact signed token `<base64url claims>.<base64url HMAC-SHA256>`; it holds no guest data. */
export function signVisitorToken(claims: VisitorClaims, secret: string): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${mac(payload, secret)}`;
}

export function verifyVisitorToken(token: string | undefined, secret: string, now: Date): VisitorClaims {
  const [payload, signature, extra] = (token ?? '').split('.');
  if (!payload || !signature || extra !== undefined)
    throw new UnauthorizedError('Missing or malformed token');
  const expected = Buffer.from(mac(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new UnauthorizedError('Invalid token');
  }
  const claims = VisitorClaimsSchema.safeParse(safeJson(Buffer.from(payload, 'base64url').toString('utf8')));
  if (!claims.success) throw new UnauthorizedError('Invalid token');
  if (claims.data.expiresAt <= now.getTime()) throw new UnauthorizedError('Token expired');
  return claims.data;
}

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

export const bearerTokenOf = (authorization: string | undefined) =>
  authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
