import { describe, expect, it } from 'vitest';
import { SignatureError } from '../../functions/domain/errors';
import { signMetaBody, verifyMetaSignature } from '../../functions/domain/ingest/signature';
import { answerHandshake } from '../../functions/domain/ingest/verification-handshake';

const SECRET = 'app-secret';
const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');

describe('X-Hub-Signature-256 verification', () => {
  it('accepts the HMAC-SHA256 of the exact bytes and returns the digest', () => {
    const header = signMetaBody(body, SECRET);

    expect(verifyMetaSignature(body, header, SECRET)).toBe(header.slice('sha256='.length));
  });

  it('accepts an upper-case hex digest', () => {
    const header = `sha256=${signMetaBody(body, SECRET).slice(7).toUpperCase()}`;

    expect(() => verifyMetaSignature(body, header, SECRET)).not.toThrow();
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['without the sha256= prefix', signMetaBody(body, SECRET).slice(7)],
    ['the SHA-1 header format', 'sha1=0123456789abcdef0123456789abcdef01234567'],
    ['truncated', signMetaBody(body, SECRET).slice(0, 40)],
    ['signed with another secret', signMetaBody(body, 'other')],
    ['of re-serialised JSON', signMetaBody(JSON.stringify(JSON.parse(body.toString()), null, 1), SECRET)],
  ])('rejects a signature that is %s', (_, header) => {
    expect(() => verifyMetaSignature(body, header, SECRET)).toThrow(SignatureError);
  });
});

describe("Meta's verification handshake", () => {
  const query = (overrides: Record<string, string | undefined>) => ({
    'hub.mode': 'subscribe',
    'hub.verify_token': 'token',
    'hub.challenge': '1158201444',
    ...overrides,
  });

  it('echoes the challenge when the mode is subscribe and the token matches', () => {
    expect(answerHandshake(query({}), 'token')).toEqual({ accepted: true, challenge: '1158201444' });
  });

  it.each([
    ['a wrong token', { 'hub.verify_token': 'nope' }],
    ['a token that is a prefix of ours', { 'hub.verify_token': 'tok' }],
    ['another mode', { 'hub.mode': 'unsubscribe' }],
    ['no challenge', { 'hub.challenge': undefined }],
    ['no token', { 'hub.verify_token': undefined }],
  ])('refuses %s', (_, overrides) => {
    expect(answerHandshake(query(overrides), 'token')).toEqual({ accepted: false });
  });
});
