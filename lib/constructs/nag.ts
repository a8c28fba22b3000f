import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * The cdk-nag rules this stack acknowledges somewhere, by pack: AWS Solutions (`AwsSolutions-…`)
 * and NIST 800-53 rev. 5 (`NIST.800.53.R5-…`), the two packs the tests run (see `lib/nag-packs.ts`).
 * Each acknowledgement sits on the construct it concerns, with its own written reason.
 */
export const NagRule = {
  secretNoRotation: ['AwsSolutions-SMG4', 'NIST.800.53.R5-SecretsManagerRotationEnabled'],
  bucketVersioning: ['NIST.800.53.R5-S3BucketVersioningEnabled'],
  bucketReplication: ['NIST.800.53.R5-S3BucketReplicationEnabled'],
  bucketKms: ['NIST.800.53.R5-S3DefaultEncryptionKMS'],
  dynamoDbBackupPlan: ['NIST.800.53.R5-DynamoDBInBackupPlan'],
  lambdaVpc: ['NIST.800.53.R5-LambdaInsideVPC'],
  lambdaDlq: ['NIST.800.53.R5-LambdaDLQ'],
  lambdaConcurrency: ['NIST.800.53.R5-LambdaConcurrency'],
  inlinePolicy: ['NIST.800.53.R5-IAMNoInlinePolicy'],
} as const satisfies Record<string, readonly string[]>;

/** Acknowledges each rule id on `construct` (and what is under it) with the same written reason. */
export function acknowledge(construct: IConstruct, ids: readonly string[], reason: string): void {
  Validations.of(construct).acknowledge(...ids.map((id) => ({ id, reason })));
}

/**
 * Why a role's grants live in a policy attached to that role alone (CDK's `DefaultPolicy`, an
 * `AWS::IAM::Policy`) rather than in a customer managed policy.
 */
export const INLINE_POLICY_REASON =
  'CDK writes the grants of this one role into a policy attached to it alone, created and deleted with the ' +
  'role. A customer managed policy would be a separate document that could be attached to other users, ' +
  'groups or roles, which widens access rather than narrowing it; every statement names its resources ' +
  '(test/infra/security.test.ts fails on an unexplained Resource "*").';

/** Acknowledges NIST's inline-policy rule on a role whose policy belongs to it alone. */
export function acknowledgeOwnPolicy(role: IConstruct, what: string): void {
  acknowledge(role, NagRule.inlinePolicy, `${what}: ${INLINE_POLICY_REASON}`);
}
