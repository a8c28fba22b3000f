import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  type RawArchiveLifecycleRule,
  rawArchiveLifecycleRules,
} from '../../functions/contracts/raw-archive';
import { DEFAULT_RAW_ARCHIVE_RETENTION_DAYS, type Hotel } from '../../functions/domain/hotels';
import type { RawArchiveRetention } from '../../functions/domain/ingest/raw-archive-retention';
import { rawArchiveRetentionOf } from '../../functions/domain/privacy/raw-archive-retention';
import { acknowledge, NagRule } from './nag';

const ACCESS_LOG_RETENTION_DAYS = 90;

export interface RawArchiveBucketProps {
  encryptionKey: kms.IKey;
  /** Days a raw payload is kept before S3 deletes it, for hotels without their own. @default 30 */
  retentionDays?: number;
  /** The hotels, whose `retention.rawArchiveDays` shorten or lengthen it for their bodies. @default none */
  hotels?: readonly Pick<Hotel, 'tenantId' | 'retention'>[];
}

/**
 * The raw archive: every webhook body exactly as received, so that nothing is lost when
 * parsing fails and deliveries can be re-normalized. Private, TLS-only, encrypted with our
 * key, expired after its hotel's retention (KVKK/GDPR: keep guest data no longer than needed):
 * the ingest functions tag each body with its days (`retention-days`), and a lifecycle rule per
 * day count expires the bodies tagged with it (`rawArchiveLifecycleRules`).
 * Not versioned: keys are write-once (channel/date/digest), and an erasure request must
 * really erase, which noncurrent versions would defeat. Server access logs go to a
 * separate bucket, which the stack's other buckets log to as well.
 */
export class RawArchiveBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogsBucket: s3.Bucket;
  /** The default: days a body of a hotel without its own retention is kept. */
  readonly retentionDays: number;
  /** What the ingest functions tag bodies with (`grantRawArchiveWrites` passes it on). */
  readonly retention: RawArchiveRetention;
  readonly lifecycleRules: readonly RawArchiveLifecycleRule[];
  private readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: RawArchiveBucketProps) {
    super(scope, id);
    const retentionDays = props.retentionDays ?? DEFAULT_RAW_ARCHIVE_RETENTION_DAYS;
    if (!Number.isInteger(retentionDays) || retentionDays < 1)
      throw new Error(`rawArchiveRetentionDays must be a whole number of days >= 1, got ${retentionDays}`);
    this.retentionDays = retentionDays;
    this.retention = rawArchiveRetentionOf(props.hotels ?? [], retentionDays);
    this.lifecycleRules = rawArchiveLifecycleRules(retentionDays, this.retention.byHotel.values());
    // The hotels' periods; bodies with sensitive words (a day) are named apart in the reasons.
    const dayCounts = [retentionDays, ...this.retention.byHotel.values()];
    const [shortest, longest] = [Math.min(...dayCounts), Math.max(...dayCounts)];
    const span = shortest === longest ? `${longest}-day` : `${shortest}- to ${longest}-day (by hotel)`;
    this.encryptionKey = props.encryptionKey;

    // S3 server access logging can only deliver to a bucket with S3-managed encryption.
    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      lifecycleRules: [{ id: 'ExpireAccessLogs', expiration: Duration.days(ACCESS_LOG_RETENTION_DAYS) }],
    });
    Validations.of(this.accessLogsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket is the server access log target of the raw archive (and of the KPI lake); logging its own ' +
        'accesses would log into itself. It holds only S3 access logs, no guest data.',
    });
    acknowledge(
      this.accessLogsBucket,
      NagRule.bucketKms,
      'S3 server access logging delivers only to a target bucket whose default encryption is SSE-S3 (S3 user ' +
        'guide, "Enabling Amazon S3 server access logging"); the bucket holds S3 request records, no guest data, ' +
        'and is private and TLS-only.',
    );
    acknowledge(
      this.accessLogsBucket,
      [...NagRule.bucketVersioning, ...NagRule.bucketReplication],
      `Access log objects are written once by S3 log delivery and expire after ${ACCESS_LOG_RETENTION_DAYS} days; ` +
        'versions would only keep expired logs, and a copy in a second region would double records of who ' +
        'touched guest data without adding an audit trail (CloudTrail is that trail).',
    );

    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: false,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'raw-archive/',
      lifecycleRules: this.lifecycleRules.map((rule) => ({
        id: rule.id,
        expiration: Duration.days(rule.expirationDays),
        // S3 refuses an abort of incomplete uploads in a rule that filters by tag.
        ...(rule.tagFilters
          ? { tagFilters: { ...rule.tagFilters } }
          : { abortIncompleteMultipartUploadAfter: Duration.days(1) }),
      })),
    });
    acknowledge(
      this.bucket,
      NagRule.bucketVersioning,
      'Keys are write-once (<channel>/<date>/<digest>.json, never overwritten), and the archive must forget a ' +
        'guest when an erasure request or the retention expiry deletes an object: noncurrent versions would keep ' +
        'the raw message text (KVKK/GDPR storage limitation).',
    );
    acknowledge(
      this.bucket,
      NagRule.bucketReplication,
      `The raw archive is a ${span} safety net for re-normalizing webhook bodies, not the system of ` +
        'record (the table is, with point-in-time recovery); a replica in a second region would be one more copy ' +
        "of every guest's messages for erasure and retention to reach.",
    );
  }

  get bucketName(): string {
    return this.bucket.bucketName;
  }

  /**
   * `s3:PutObject` under the given key prefixes only (e.g. `whatsapp/`), with
   * `s3:PutObjectTagging`, which S3 also checks for a PutObject that tags the object (its
   * retention), and the key to encrypt with. The object wildcard under each prefix is
   * acknowledged on the grantee.
   */
  grantPutUnder(grantee: iam.IGrantable, prefixes: readonly string[]): void {
    this.grantUnder(
      grantee,
      ['s3:PutObject', 's3:PutObjectTagging'],
      prefixes,
      (prefix) =>
        `Raw archive keys are <channel>/<date>/<digest>.json, one new key per delivery, so they cannot be ` +
        'listed in a policy; the grant is s3:PutObject and s3:PutObjectTagging (for the retention tag written ' +
        `with each body) only, under this function's own channel prefix ` +
        `"${prefix}" of the one raw archive bucket.`,
    );
    this.encryptionKey.grant(grantee, 'kms:GenerateDataKey');
  }

  /**
   * `s3:PutObjectTagging` under the given key prefixes only: setting a body's retention anew (the
   * intake shortens it for bodies with sensitive words). No read, no list, no write of the body.
   */
  grantRetagUnder(grantee: iam.IGrantable, prefixes: readonly string[]): void {
    this.grantUnder(
      grantee,
      ['s3:PutObjectTagging'],
      prefixes,
      (prefix) =>
        'A guest message with special-category words shortens the stay of the webhook body it came in, a ' +
        `<channel>/<date>/<digest>.json key known only at run time; the grant is s3:PutObjectTagging only ` +
        `(no read, list or write of the body), under the channel prefix "${prefix}" of the one raw archive bucket.`,
    );
  }

  /**
   * `s3:DeleteObject` under the given key prefixes only (each channel's `<channel>/`), which is
   * also what S3 checks for each key of a DeleteObjects request. No read, no list, no write, and
   * no key action (a delete does not decrypt). The object wildcard under each prefix is
   * acknowledged on the grantee.
   */
  grantDeleteUnder(grantee: iam.IGrantable, prefixes: readonly string[]): void {
    this.grantUnder(
      grantee,
      ['s3:DeleteObject'],
      prefixes,
      (prefix) =>
        'A guest erasure deletes the raw webhook bodies the archive index lists for the guest, each a ' +
        `<channel>/<date>/<digest>.json key that exists only at run time; the grant is s3:DeleteObject only ` +
        `(no read, list or write), under the channel prefix "${prefix}" of the one raw archive bucket.`,
    );
  }

  /** The actions on the objects under each prefix, the object wildcard acknowledged on the grantee with `reason`. */
  private grantUnder(
    grantee: iam.IGrantable,
    actions: string[],
    prefixes: readonly string[],
    reason: (prefix: string) => string,
  ): void {
    iam.Grant.addToPrincipal({
      grantee,
      actions,
      resourceArns: prefixes.map((prefix) => this.bucket.arnForObjects(`${prefix}*`)),
    });
    const principal = grantee.grantPrincipal;
    if (!(principal instanceof Construct)) return;
    const bucketLogicalId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
    for (const prefix of prefixes)
      Validations.of(principal).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/${prefix}*]`,
        reason: reason(prefix),
      });
  }
}
