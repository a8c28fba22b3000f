import { describe, expect, it } from 'vitest';
import { UnauthorizedError } from '../../functions/domain/errors';
import {
  bearerTokenOf,
  signVisitorToken,
  verifyVisitorToken,
} from '../../functions/domain/webchat/visitor-token';

const claims = { tenantId: 'aurora-belek', sessionId: 's-1', siteKey: 'wk_demo_site', expiresAt: 2_000 };
const SECRET = 'webchat-secret';

describe('web-chat visitor tokens', () => {
  it('verify when signed with our secret and not expired', () => {
    expect(verifyVisitorToken(signVisitorToken(claims, SECRET), SECRET, new Date(1_000))).toEqual(claims);
  });

  it('are refused once expired', () => {
    expect(() => verifyVisitorToken(signVisitorToken(claims, SECRET), SECRET, new Date(2_000))).toThrow(
      'Token expired',
    );
  });

  it.each([
    ['signed with another secret', signVisitorToken(claims, 'other')],
    [
      'with changed claims',
      `${Buffer.from(JSON.stringify({ ...claims, tenantId: 'lykia-kemer' })).toString('base64url')}.${signVisitorToken(claims, SECRET).split('.')[1]}`,
    ],
    ['missing', undefined],
    ['of three parts', 'a.b.c'],
    ['not base64 JSON', `not-json.${signVisitorToken(claims, SECRET).split('.')[1]}`],
  ])('are refused when %s', (_, token) => {
    expect(() => verifyVisitorToken(token, SECRET, new Date(1_000))).toThrow(UnauthorizedError);
  });

  it('are read from an Authorization: Bearer header only', () => {
    expect([
      bearerTokenOf('Bearer abc.def'),
      bearerTokenOf('bearer abc'),
      bearerTokenOf('Basic abc'),
      bearerTokenOf(undefined),
    ]).toEqual(['abc.def', 'abc', undefined, undefined]);
  });
});
