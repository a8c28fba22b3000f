import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { Env } from '../../functions/contracts/environment';

/** Alias of the key, without the `alias/` prefix. */
export const SENSITIVE_DATA_KEY_ALIAS = 'hotel-inbox/sensitive-data';
/** The environment variable that carries the key's ARN to the functions allowed to use it. */
export const SENSITIVE_DATA_KEY_ARN_ENV = Env.sensitiveDataKeyArn;
/**
 * The `purpose` of the KMS encryption context the functions' cipher sends with every
 * GenerateDataKey and Decrypt (`encryptionContextOf` in functions/adapters/kms-sensitive-cipher.ts,
 * which also sends the hotel's `tenantId`). The key policy admits no call without both, so a data
 * key is always bound to one hotel, and CloudTrail shows whose text each call was for.
 */
export const SENSITIVE_TEXT_PURPOSE = 'sensitive-message-text';

/** What an encrypter may do: encrypt a field, or make a data key for envelope encryption. */
export const SENSITIVE_DATA_ENCRYPT_ACTIONS = ['kms:Encrypt', 'kms:GenerateDataKey'] as const;
/** What a decrypter may do: decrypt, nothing else. */
export const SENSITIVE_DATA_DECRYPT_ACTIONS = ['kms:Decrypt'] as const;

/**
 * The account may administer the key (so that CloudFormation can update its policy, an operator
 * can disable or schedule its deletion) but never use it: no Encrypt/Decrypt/GenerateDataKey*,
 * no ReEncrypt*, and no CreateGrant, through which any principal could be handed Decrypt.
 */
export const SENSITIVE_DATA_ADMIN_ACTIONS = [
  'kms:CreateAlias',
  'kms:UpdateAlias',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:GetKeyPolicy',
  'kms:PutKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:EnableKeyRotation',
  'kms:DisableKeyRotation',
  'kms:RotateKeyOnDemand',
  'kms:EnableKey',
  'kms:DisableKey',
  'kms:UpdateKeyDescription',
  'kms:ListAliases',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListKeyRotations',
  'kms:ListResourceTags',
  'kms:RevokeGrant',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
] as const;

export interface SensitiveDataKeyProps {
  /** The functions that write special-category message text (ticket intake): Encrypt and GenerateDataKey. */
  encrypters: readonly lambda.Function[];
  /**
   * The functions that may read it back (the agent API, which checks the caller's `sensitive`
   * grant before it decrypts): Decrypt only.
   */
  decrypters: readonly lambda.Function[];
}

/**
 * The customer-managed key for special-category message text (health, religion, ethnicity a
 * guest mentions: KVKK art. 6, GDPR art. 9), separate from the data key that encrypts the
 * stores as a whole. Its key policy is the whole access control: the account may administer
 * it but not use it (so no IAM policy or grant in the account can add a user), the encrypters
 * may Encrypt and GenerateDataKey, the decrypters may Decrypt, both only with an encryption
 * context that names a hotel (`SENSITIVE_TEXT_PURPOSE`), and explicit denies keep every
 * other principal (roles, users, the root user, AWS services) from decrypting or encrypting
 * with it even if a later statement allowed it. Rotated yearly, retained when the stack is
 * deleted. Each function allowed gets the key's ARN in `SENSITIVE_DATA_KEY_ARN`.
 */
export class SensitiveDataKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: SensitiveDataKeyProps) {
    super(scope, id);
    const roleArns = (functions: readonly lambda.Function[]) =>
      functions.map((fn) => {
        if (!fn.role) throw new Error(`${fn.node.path} has no role to name in the sensitive-data key policy`);
        return fn.role.roleArn;
      });
    const encrypterArns = roleArns(props.encrypters);
    const decrypterArns = roleArns(props.decrypters);
    if (encrypterArns.length === 0 || decrypterArns.length === 0)
      throw new Error('The sensitive-data key needs at least one encrypter and one decrypter');

    const boundToAHotel = {
      StringEquals: { 'kms:EncryptionContext:purpose': SENSITIVE_TEXT_PURPOSE },
      Null: { 'kms:EncryptionContext:tenantId': 'false' },
    };
    const policy = new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          sid: 'AdministerButNeverUseTheKey',
          principals: [new iam.AccountRootPrincipal()],
          actions: [...SENSITIVE_DATA_ADMIN_ACTIONS],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'EncryptSensitiveMessageText',
          principals: encrypterArns.map((arn) => new iam.ArnPrincipal(arn)),
          actions: [...SENSITIVE_DATA_ENCRYPT_ACTIONS],
          resources: ['*'],
          conditions: boundToAHotel,
        }),
        new iam.PolicyStatement({
          sid: 'DecryptSensitiveMessageText',
          principals: decrypterArns.map((arn) => new iam.ArnPrincipal(arn)),
          actions: [...SENSITIVE_DATA_DECRYPT_ACTIONS],
          resources: ['*'],
          conditions: boundToAHotel,
        }),
        // Denies win over any allow, including one a later policy edit or the root user adds.
        // `aws:PrincipalArn` of a Lambda's session is its role's ARN; AWS services have none,
        // so they are denied too.
        new iam.PolicyStatement({
          sid: 'DenyDecryptToEveryoneElse',
          effect: iam.Effect.DENY,
          principals: [new iam.AnyPrincipal()],
          actions: ['kms:Decrypt', 'kms:ReEncryptFrom'],
          resources: ['*'],
          conditions: { ArnNotEquals: { 'aws:PrincipalArn': decrypterArns } },
        }),
        new iam.PolicyStatement({
          sid: 'DenyEncryptToEveryoneElse',
          effect: iam.Effect.DENY,
          principals: [new iam.AnyPrincipal()],
          actions: ['kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncryptTo'],
          resources: ['*'],
          conditions: { ArnNotEquals: { 'aws:PrincipalArn': encrypterArns } },
        }),
        new iam.PolicyStatement({
          sid: 'DenyGrants',
          effect: iam.Effect.DENY,
          principals: [new iam.AnyPrincipal()],
          actions: ['kms:CreateGrant'],
          resources: ['*'],
        }),
      ],
    });

    this.key = new kms.Key(this, 'Key', {
      alias: `alias/${SENSITIVE_DATA_KEY_ALIAS}`,
      description:
        'hotel-inbox: special-category message text. Ticket intake encrypts, the agent API decrypts; nobody else.',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      policy,
    });

    // The same grants on the roles' side, so that each role's policy says what it may do with
    // the key (the key policy above alone would suffice within the account).
    const allow = (functions: readonly lambda.Function[], actions: readonly string[]) => {
      for (const fn of functions) {
        fn.addToRolePolicy(new iam.PolicyStatement({ actions: [...actions], resources: [this.key.keyArn] }));
        fn.addEnvironment(SENSITIVE_DATA_KEY_ARN_ENV, this.key.keyArn);
      }
    };
    allow(props.encrypters, SENSITIVE_DATA_ENCRYPT_ACTIONS);
    allow(props.decrypters, SENSITIVE_DATA_DECRYPT_ACTIONS);
  }

  get keyArn(): string {
    return this.key.keyArn;
  }
}
