import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { StaffClaim } from '../../functions/domain/auth/principal';

/** A custom attribute's name as Cognito declares it: `custom:hotels` is declared as `hotels`. */
const declared = (claim: `custom:${string}`) => claim.slice('custom:'.length);

/**
 * The custom attributes the agent API reads from the ID token (`StaffClaim`), as declared on
 * the pool: `custom:hotels` (comma-separated tenant ids), `custom:role` and `custom:department`.
 */
export const STAFF_ATTRIBUTES = {
  hotels: declared(StaffClaim.hotels),
  role: declared(StaffClaim.role),
  department: declared(StaffClaim.department),
} as const;

/** How long an ID or access token admits its holder: short, as a leaked token is a key to guest data. */
export const STAFF_TOKEN_VALIDITY = Duration.hours(1);
/** How long the inbox UI may renew tokens without a new sign-in: about one shift. */
export const STAFF_SESSION_VALIDITY = Duration.hours(12);

/**
 * Who may use the agent API: a Cognito user pool of hotel staff, created by an administrator
 * only (no self sign-up), with a strong password policy, TOTP MFA for everyone and Cognito's
 * threat protection, and an app client for the inbox UI (SRP sign-in, no client secret, the
 * JWT authorizer's audience). The staff attributes the API authorizes with (`custom:hotels`,
 * `custom:role`, `custom:department`) are readable in the ID token and writable only through
 * the administrator APIs, never by the signed-in user.
 */
export class StaffUserPool extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  /** The HTTP API authorizer: ID tokens of this pool issued to the inbox UI client. */
  readonly authorizer: HttpJwtAuthorizer;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: 'hotel-inbox-staff',
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      keepOriginal: { email: true },
      standardAttributes: {
        email: { required: false, mutable: true },
        fullname: { required: false, mutable: true },
      },
      customAttributes: {
        // Mutable, so that an administrator can change a staff member's hotels and role.
        [STAFF_ATTRIBUTES.hotels]: new cognito.StringAttribute({ minLen: 1, maxLen: 2048, mutable: true }),
        [STAFF_ATTRIBUTES.role]: new cognito.StringAttribute({ minLen: 1, maxLen: 32, mutable: true }),
        [STAFF_ATTRIBUTES.department]: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 5,
      },
      // Every staff member sets up an authenticator app at the first sign-in. No SMS: it
      // needs an SNS sandbox exit and a phone number per account, and is phishable.
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Plus: threat protection (compromised-credential checks, adaptive authentication,
      // blocking risky sign-ins) for accounts that can read guests' messages.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      userInvitation: {
        emailSubject: 'Your hotel-inbox account',
        emailBody:
          'An administrator created your hotel-inbox account. Sign in with {username} and the temporary ' +
          'password {####}, then choose your own password and set up an authenticator app.',
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const readable = new cognito.ClientAttributes()
      .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
      .withCustomAttributes(STAFF_ATTRIBUTES.hotels, STAFF_ATTRIBUTES.role, STAFF_ATTRIBUTES.department);
    // A signed-in user may change their display name only: hotels, role and department (what
    // the API authorizes with) and the e-mail address (how the account is recovered) are
    // changed by an administrator (admin-update-user-attributes).
    const writable = new cognito.ClientAttributes().withStandardAttributes({ fullname: true });
    this.client = this.userPool.addClient('InboxUiClient', {
      userPoolClientName: 'hotel-inbox-ui',
      generateSecret: false,
      authFlows: { userSrp: true },
      // The inbox UI signs in with SRP through the Cognito API; no hosted UI, no OAuth flows.
      disableOAuth: true,
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: STAFF_TOKEN_VALIDITY,
      accessTokenValidity: STAFF_TOKEN_VALIDITY,
      refreshTokenValidity: STAFF_SESSION_VALIDITY,
      readAttributes: readable,
      writeAttributes: writable,
    });

    // ID tokens: they carry the custom attributes (access tokens do not), and their `aud` is
    // the client id, which API Gateway checks against the audience.
    this.authorizer = new HttpJwtAuthorizer('StaffJwtAuthorizer', this.issuer, {
      authorizerName: 'hotel-inbox-staff',
      jwtAudience: [this.client.userPoolClientId],
      identitySource: ['$request.header.Authorization'],
    });
  }

  /** The `iss` of the pool's tokens, where API Gateway fetches the signing keys (`/.well-known/jwks.json`). */
  get issuer(): string {
    const { region, urlSuffix } = Stack.of(this);
    return `https://cognito-idp.${region}.${urlSuffix}/${this.userPool.userPoolId}`;
  }
}
