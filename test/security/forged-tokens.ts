import { createHmac } from 'node:crypto';
import { StaffClaim } from '../../functions/domain/auth/principal';
import {
  DEV_TOKEN_AUDIENCE,
  DEV_TOKEN_ISSUER,
  type DevTokenSubject,
  mintDevToken,
} from '../../local/auth/dev-token';

/** The runtime under attack signs staff tokens with this (AGENT_TOKEN_SECRET). */
export const AGENT_TOKEN_SECRET = 'security-suite-agent-token-secret';
export const OTHER_KEY = 'a-key-the-runtime-never-saw';
const HOUR = 3600;

/** A valid staff token of the runtime: what Cognito would issue to this person. */
export const staffToken = (subject: DevTokenSubject) =>
  mintDevToken(AGENT_TOKEN_SECRET, subject, new Date(), HOUR);

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const hmac = (input: string, secret: string) =>
  createHmac('sha256', secret).update(input).digest('base64url');

/** An HS256 JWT with any header and claims, signed with `secret` (or with no signature at all). */
export function signedJwt(
  claims: Record<string, unknown>,
  secret: string | undefined,
  header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' },
): string {
  const input = `${encode(header)}.${encode(claims)}`;
  return `${input}.${secret === undefined ? '' : hmac(input, secret)}`;
}

/** The claims a valid token of `subject` carries, issued `iat` (seconds) and valid for `ttl`. */
export const claimsOf = (subject: DevTokenSubject, iat: number, ttl = HOUR): Record<string, unknown> => ({
  [StaffClaim.userId]: subject.userId,
  [StaffClaim.hotels]: subject.hotels.join(','),
  [StaffClaim.role]: subject.role,
  ...(subject.department && { [StaffClaim.department]: subject.department }),
  iss: DEV_TOKEN_ISSUER,
  aud: DEV_TOKEN_AUDIENCE,
  iat,
  exp: iat + ttl,
});

/** A token whose claims were edited after signing: the signature is the original one. */
export function tampered(token: string, patch: Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as object;
  return `${header}.${encode({ ...claims, ...patch })}.${signature}`;
}

/** A fixed instant long past: a token issued then has expired, whatever today's date. */
const LONG_AGO = Date.UTC(2020, 0, 1) / 1000;
/** A fixed instant far ahead: a token "issued" then is not valid yet. */
const FAR_AHEAD = Date.UTC(2100, 0, 1) / 1000;

/**
 * Every way a staff token can be wrong, for a subject that would otherwise be admitted: the
 * runtime's stand-in for the Cognito JWT authorizer must answer each with 401.
 */
export function badTokenHeaders(
  subject: DevTokenSubject,
  otherSecrets: { webchat: string; meta: string; visitorToken: string },
): Record<string, Record<string, string>> {
  const valid = staffToken(subject);
  const now = Math.floor(Date.now() / 1000);
  const header = (token: string) => ({ authorization: `Bearer ${token}` });
  return {
    'no authorization header': {},
    'an empty bearer token': { authorization: 'Bearer ' },
    'a token that is not a JWT': header('not-a-token'),
    'three empty JWT parts': header('..'),
    'a Basic credential': { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` },
    'the token without the Bearer scheme': { authorization: valid },
    'two bearer tokens in one header': { authorization: `Bearer ${valid}, Bearer ${valid}` },
    'a token signed with another key': header(mintDevToken(OTHER_KEY, subject, new Date(), HOUR)),
    'a token signed with the web-chat secret': header(
      mintDevToken(otherSecrets.webchat, subject, new Date(), HOUR),
    ),
    'a token signed with the Meta app secret': header(
      mintDevToken(otherSecrets.meta, subject, new Date(), HOUR),
    ),
    'an unsigned token (alg none)': header(signedJwt(claimsOf(subject, now), undefined, { alg: 'none' })),
    'an HS512 token': header(
      signedJwt(claimsOf(subject, now), AGENT_TOKEN_SECRET, { alg: 'HS512', typ: 'JWT' }),
    ),
    'an expired token': header(mintDevToken(AGENT_TOKEN_SECRET, subject, new Date(LONG_AGO * 1000), HOUR)),
    'a token issued in the future': header(signedJwt(claimsOf(subject, FAR_AHEAD), AGENT_TOKEN_SECRET)),
    'a token of another issuer': header(
      signedJwt(
        { ...claimsOf(subject, now), iss: 'https://cognito-idp.example/other-pool' },
        AGENT_TOKEN_SECRET,
      ),
    ),
    'a token for another audience': header(
      signedJwt({ ...claimsOf(subject, now), aud: 'another-app' }, AGENT_TOKEN_SECRET),
    ),
    'a token with a role that does not exist': header(
      signedJwt({ ...claimsOf(subject, now), [StaffClaim.role]: 'root' }, AGENT_TOKEN_SECRET),
    ),
    'a token without hotels': header(
      signedJwt({ ...claimsOf(subject, now), [StaffClaim.hotels]: '' }, AGENT_TOKEN_SECRET),
    ),
    'a token whose hotels were edited after signing': header(
      tampered(valid, { [StaffClaim.hotels]: 'aurora-belek,lykia-kemer,side-palace' }),
    ),
    'a token whose role was raised after signing': header(
      tampered(staffToken({ ...subject, role: 'frontline' }), { [StaffClaim.role]: subject.role }),
    ),
    'a token whose expiry was extended after signing': header(
      tampered(mintDevToken(AGENT_TOKEN_SECRET, subject, new Date(LONG_AGO * 1000), HOUR), {
        exp: FAR_AHEAD,
      }),
    ),
    "a web-chat visitor's token": header(otherSecrets.visitorToken),
  };
}

/** A web-chat visitor token (`<claims>.<mac>`) whose claims were edited after signing. */
export function tamperedVisitorToken(token: string, patch: Record<string, unknown>): string {
  const [payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as object;
  return `${encode({ ...claims, ...patch })}.${signature}`;
}

export const LONG_AGO_MILLIS = LONG_AGO * 1000;
