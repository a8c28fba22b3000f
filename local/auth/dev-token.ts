import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import {
  type Grant,
  GrantSchema,
  type Role,
  RoleSchema,
  StaffClaim,
} from '../../functions/domain/auth/principal';
import { UnauthorizedError } from '../../functions/domain/errors';

/** Who a development token says the caller is: what Cognito's user attributes say in AWS. */
export interface DevTokenSubject {
  userId: string;
  role: Role;
  hotels: readonly string[];
  department?: string;
  /** Extra permissions beside the role (`sensitive`). */
  grants?: readonly Grant[];
}

export const DEV_TOKEN_ISSUER = 'hotel-inbox-local';
export const DEV_TOKEN_AUDIENCE = 'hotel-inbox-agents';
/** How far a token's `iat` may lie ahead of our clock (clocks of two machines differ a little). */
const CLOCK_SKEW_SECONDS = 60;

/** The claims of a development token: the StaffClaim names of a Cognito ID token, and the JWT basics. */
export const DevTokenClaimsSchema = z.object({
  [StaffClaim.userId]: z.string().min(1),
  [StaffClaim.hotels]: z.string().min(1),
  [StaffClaim.role]: RoleSchema,
  [StaffClaim.department]: z.string().min(1).optional(),
  /** Comma-separated grants, as Cognito's `custom:grants` attribute holds them. */
  [StaffClaim.grants]: z
    .string()
    .refine((value) => value.split(',').every((grant) => GrantSchema.safeParse(grant).success), {
      message: `comma-separated grants of ${GrantSchema.options.join(', ')}`,
    })
    .optional(),
  iss: z.literal(DEV_TOKEN_ISSUER),
  aud: z.literal(DEV_TOKEN_AUDIENCE),
  iat: z.number().int(),
  exp: z.number().int(),
});
export type DevTokenClaims = z.infer<typeof DevTokenClaimsSchema>;

const HeaderSchema = z.object({ alg: z.literal('HS256'), typ: z.literal('JWT').optional() });

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const sign = (signingInput: string, secret: string) =>
  createHmac('sha256', secret).update(signingInput).digest();

/**
 * An HS256 JWT for the local runtime's stand-in for the Cognito authorizer, valid from `now` for
 * `ttlSeconds`. Development only: a shared secret, no key rotation.
 */
export function mintDevToken(
  secret: string,
  subject: DevTokenSubject,
  now: Date,
  ttlSeconds: number,
): string {
  if (!secret) throw new Error('A development token needs a secret (AGENT_TOKEN_SECRET)');
  if (!(ttlSeconds > 0)) throw new Error('A development token needs a positive lifetime');
  const iat = Math.floor(now.getTime() / 1000);
  const claims: DevTokenClaims = DevTokenClaimsSchema.parse({
    [StaffClaim.userId]: subject.userId,
    [StaffClaim.hotels]: subject.hotels.join(','),
    [StaffClaim.role]: subject.role,
    ...(subject.department && { [StaffClaim.department]: subject.department }),
    ...(subject.grants?.length && { [StaffClaim.grants]: [...new Set(subject.grants)].join(',') }),
    iss: DEV_TOKEN_ISSUER,
    aud: DEV_TOKEN_AUDIENCE,
    iat,
    exp: iat + Math.floor(ttlSeconds),
  });
  const signingInput = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${signingInput}.${sign(signingInput, secret).toString('base64url')}`;
}

/**
 * The claims of a development token, or UnauthorizedError: malformed, an algorithm other than
 * HS256 (`none` included), a signature not made with `secret`, another issuer or audience, not yet
 * issued, or expired. The signature is compared in constant time before any claim is read.
 */
export function verifyDevToken(token: string, secret: string, now: Date): DevTokenClaims {
  const parts = token.split('.');
  const [header, payload, signature] = parts;
  if (parts.length !== 3 || !header || !payload || !signature) throw new UnauthorizedError('Malformed token');
  if (!HeaderSchema.safeParse(jsonOf(header)).success)
    throw new UnauthorizedError('Token algorithm must be HS256');
  const expected = sign(`${header}.${payload}`, secret);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new UnauthorizedError('Invalid token signature');
  }
  const claims = DevTokenClaimsSchema.safeParse(jsonOf(payload));
  if (!claims.success) throw new UnauthorizedError('Token claims are not a staff member of hotel-inbox');
  const seconds = now.getTime() / 1000;
  if (claims.data.iat > seconds + CLOCK_SKEW_SECONDS)
    throw new UnauthorizedError('Token issued in the future');
  if (claims.data.exp <= seconds) throw new UnauthorizedError('Token expired');
  return claims.data;
}

function jsonOf(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}
