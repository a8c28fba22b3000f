import { verifyDevToken } from '../auth/dev-token';

/**
 * The local stand-in for the HTTP API's Cognito JWT authorizer: admits a development token
 * of `hotel-inbox token` and hands its claims over as strings, as API Gateway does.
 */
export const devTokenAuthorizer =
  (secret: string, now: () => Date = () => new Date()) =>
  (authorization: string | undefined): Record<string, string> | undefined => {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) return undefined;
    try {
      const claims = verifyDevToken(token, secret, now());
      return Object.fromEntries(
        Object.entries(claims).map(([name, value]) => [
          name,
          typeof value === 'string' ? value : JSON.stringify(value),
        ]),
      );
    } catch {
      return undefined;
    }
  };
