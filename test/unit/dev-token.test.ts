import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { principalFromClaims } from '../../functions/domain/auth/principal';
import { UnauthorizedError } from '../../functions/domain/errors';
import { mintDevToken, verifyDevToken } from '../../local/auth/dev-token';
import { parseGrants, parseTtl } from '../../local/cli/commands/token';
import { devTokenAuthorizer } from '../../local/runtime/jwt-authorizer';

const SECRET = 'dev-agent-token-secret';
const NOW = new Date('2026-07-01T07:00:00Z');
const later = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);
const subject = {
  userId: 'agent-ayse',
  role: 'coordinator' as const,
  hotels: ['aurora-belek', 'lykia-kemer'],
};

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const hs256 = (input: string, secret = SECRET) =>
  createHmac('sha256', secret).update(input).digest('base64url');
/** A token with any header and claims, signed with HS256 and `secret`. */
function forge(header: unknown, claims: unknown, secret = SECRET): string {
  const input = `${part(header)}.${part(claims)}`;
  return `${input}.${hs256(input, secret)}`;
}
const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());

describe('development staff tokens', () => {
  it('carry the Cognito claim names, issuer, audience and lifetime', () => {
    const token = mintDevToken(SECRET, { ...subject, department: 'housekeeping' }, NOW, 8 * 3600);

    expect(verifyDevToken(token, SECRET, NOW)).toEqual({
      sub: 'agent-ayse',
      'custom:hotels': 'aurora-belek,lykia-kemer',
      'custom:role': 'coordinator',
      'custom:department': 'housekeeping',
      iss: 'hotel-inbox-local',
      aud: 'hotel-inbox-agents',
      iat: NOW.getTime() / 1000,
      exp: NOW.getTime() / 1000 + 8 * 3600,
    });
  });

  it('become the principal the agent API reads, through the local authorizer', () => {
    const authorize = devTokenAuthorizer(SECRET, () => NOW);
    const claims = authorize(`Bearer ${mintDevToken(SECRET, subject, NOW, 60)}`);

    expect(principalFromClaims(claims ?? {})).toEqual({
      userId: 'agent-ayse',
      role: 'coordinator',
      hotels: ['aurora-belek', 'lykia-kemer'],
    });
    expect(authorize('Bearer nope')).toBeUndefined();
  });

  it('carry a DPO role and grants through the local authorizer to the principal', () => {
    const authorize = devTokenAuthorizer(SECRET, () => NOW);
    const token = mintDevToken(SECRET, { ...subject, role: 'dpo', grants: ['sensitive'] }, NOW, 60);

    const claims = authorize(`Bearer ${token}`);

    expect(claims?.['custom:grants']).toBe('sensitive');
    expect(principalFromClaims(claims ?? {})).toMatchObject({ role: 'dpo', grants: ['sensitive'] });
    expect(parseGrants('sensitive, sensitive')).toEqual(['sensitive', 'sensitive']);
    expect(parseGrants(undefined)).toEqual([]);
    expect(() => parseGrants('sensitive,root')).toThrow('--grants');
    const forged = forge({ alg: 'HS256' }, { ...claimsOf(token), 'custom:grants': 'sensitive,root' });
    expect(() => verifyDevToken(forged, SECRET, NOW)).toThrow(UnauthorizedError);
  });

  it('are valid until the second they expire', () => {
    const token = mintDevToken(SECRET, subject, NOW, 60);

    expect(verifyDevToken(token, SECRET, later(59)).sub).toBe('agent-ayse');
    expect(() => verifyDevToken(token, SECRET, later(60))).toThrow('Token expired');
  });

  it.each([
    ['signed with another secret', () => mintDevToken('another-secret', subject, NOW, 60)],
    [
      'with alg none',
      () => `${part({ alg: 'none', typ: 'JWT' })}.${mintDevToken(SECRET, subject, NOW, 60).split('.')[1]}.`,
    ],
    [
      'with alg HS512',
      () => forge({ alg: 'HS512', typ: 'JWT' }, claimsOf(mintDevToken(SECRET, subject, NOW, 60))),
    ],
    [
      'with claims changed after signing',
      () => {
        const [header, , signature] = mintDevToken(SECRET, subject, NOW, 60).split('.');
        const claims = { ...claimsOf(mintDevToken(SECRET, subject, NOW, 60)), 'custom:role': 'admin' };
        return `${header}.${part(claims)}.${signature}`;
      },
    ],
    [
      'of another issuer',
      () => forge({ alg: 'HS256' }, { ...claimsOf(mintDevToken(SECRET, subject, NOW, 60)), iss: 'x' }),
    ],
    [
      'for another audience',
      () => forge({ alg: 'HS256' }, { ...claimsOf(mintDevToken(SECRET, subject, NOW, 60)), aud: 'x' }),
    ],
    ['issued in the future', () => mintDevToken(SECRET, subject, later(3600), 7200)],
    [
      'with an unknown role',
      () =>
        forge(
          { alg: 'HS256' },
          { ...claimsOf(mintDevToken(SECRET, subject, NOW, 60)), 'custom:role': 'guest' },
        ),
    ],
    ['of two parts', () => mintDevToken(SECRET, subject, NOW, 60).split('.').slice(0, 2).join('.')],
    ['not base64 JSON', () => `x.y.${hs256('x.y')}`],
    ['empty', () => ''],
  ])('are refused when %s', (_, token) => {
    expect(() => verifyDevToken(token(), SECRET, NOW)).toThrow(UnauthorizedError);
  });

  it('are minted for the lifetime the command line asks for', () => {
    expect([parseTtl('90'), parseTtl('30m'), parseTtl('8h'), parseTtl('2d')]).toEqual([
      90, 1800, 28_800, 172_800,
    ]);
    expect(() => parseTtl('8 hours')).toThrow('--ttl');
    expect(() => parseTtl('8d')).toThrow('at most 7d');
    expect(() => parseTtl('0h')).toThrow('--ttl');
  });
});
