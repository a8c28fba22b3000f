import type * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge, NagRule } from './nag';

/** Secrets Manager names of the ingest secrets; the functions get their ARNs, never the values. */
export const SecretNames = {
  metaAppSecret: 'hotel-inbox/meta-app-secret',
  metaVerifyToken: 'hotel-inbox/meta-verify-token',
  webchatTokenSecret: 'hotel-inbox/webchat-token-secret',
} as const;
export type SecretKey = keyof typeof SecretNames;

const DESCRIPTIONS: Record<SecretKey, string> = {
  metaAppSecret:
    'App secret of the Meta app: verifies X-Hub-Signature-256 of WhatsApp and Instagram webhooks. ' +
    'Put the value the Meta app dashboard shows.',
  metaVerifyToken:
    'Verify token of the Meta webhook subscription handshake. Enter the same value in the Meta app dashboard.',
  webchatTokenSecret: 'HMAC key that signs web-chat visitor tokens.',
};

export interface IngestSecretsProps {
  encryptionKey: kms.IKey;
}

/**
 * The secrets the ingest functions verify with, encrypted with our key. Each starts as a
 * random value, so nothing runs on an empty or guessable secret before an operator puts the
 * real one (`aws secretsmanager put-secret-value`).
 */
export class IngestSecrets extends Construct {
  readonly secrets: Record<SecretKey, secretsmanager.Secret>;

  constructor(scope: Construct, id: string, props: IngestSecretsProps) {
    super(scope, id);
    const secret = (key: SecretKey, constructId: string) =>
      new secretsmanager.Secret(this, constructId, {
        secretName: SecretNames[key],
        description: DESCRIPTIONS[key],
        encryptionKey: props.encryptionKey,
        generateSecretString: { passwordLength: 48, excludePunctuation: true },
      });
    this.secrets = {
      metaAppSecret: secret('metaAppSecret', 'MetaAppSecret'),
      metaVerifyToken: secret('metaVerifyToken', 'MetaVerifyToken'),
      webchatTokenSecret: secret('webchatTokenSecret', 'WebchatTokenSecret'),
    };
    acknowledge(
      this,
      NagRule.secretNoRotation,
      'No rotation Lambda can rotate these: the Meta app secret and verify token are issued by or entered in ' +
        "Meta's dashboard, and rotating the web-chat signing key ends live visitor sessions. Operators rotate " +
        'them by hand (put-secret-value); the functions re-read secrets every 5 minutes.',
    );
  }
}
