/**
 * The raw archive bucket's lifecycle as the hotels' retention settings make it, on the construct
 * alone (the stack test covers the bucket the app deploys).
 */
import { readFileSync } from 'node:fs';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { describe, expect, it } from 'vitest';
import { RAW_ARCHIVE_RETENTION_TAG, SENSITIVE_RAW_BODY_DAYS } from '../../functions/contracts/raw-archive';
import type { Hotel } from '../../functions/domain/hotels';
import { RawArchiveBucket, type RawArchiveBucketProps } from '../../lib/constructs/raw-archive-bucket';

const HOTELS: Pick<Hotel, 'tenantId' | 'retention'>[] = [
  { tenantId: 'aurora-belek', retention: { rawArchiveDays: 7 } },
  { tenantId: 'lykia-kemer', retention: { rawArchiveDays: 60 } },
  { tenantId: 'side-palace', retention: { rawArchiveDays: 7 } },
  { tenantId: 'nordic-inn' },
];

/** The feature flags of cdk.json, as the app synthesizes with them. */
const CDK_JSON_CONTEXT = (
  JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
    context?: Record<string, unknown>;
  }
).context;

/** The bucket in a stack of its own; `use` adds what uses it before the stack is synthesized. */
function build(
  props: Omit<RawArchiveBucketProps, 'encryptionKey'>,
  use?: (stack: Stack, archive: RawArchiveBucket) => void,
) {
  const stack = new Stack(new App({ context: CDK_JSON_CONTEXT }), 'Test');
  const encryptionKey = new kms.Key(stack, 'Key');
  const archive = new RawArchiveBucket(stack, 'RawArchive', { encryptionKey, ...props });
  use?.(stack, archive);
  const template = Template.fromStack(stack);
  const bucket = Object.values(template.findResources('AWS::S3::Bucket')).find(
    (r) => r.Properties.LoggingConfiguration?.LogFilePrefix === 'raw-archive/',
  );
  return { template, archive, rules: bucket?.Properties.LifecycleConfiguration.Rules };
}

const reasonsOn = (archive: RawArchiveBucket) =>
  archive.bucket.node.metadata
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((entry) => Object.values(entry.data as Record<string, string>));

/** The rule of bodies the intake retags because they carried special-category words. */
const SENSITIVE_BODY_RULE = {
  Id: `ExpireRawPayloadsTagged${SENSITIVE_RAW_BODY_DAYS}Days`,
  Status: 'Enabled',
  ExpirationInDays: SENSITIVE_RAW_BODY_DAYS,
  TagFilters: [{ Key: RAW_ARCHIVE_RETENTION_TAG, Value: String(SENSITIVE_RAW_BODY_DAYS) }],
};

describe('the raw archive lifecycle', () => {
  it("expires every object at the longest retention, and each hotel's shorter one by its tag", () => {
    const { rules } = build({ retentionDays: 30, hotels: HOTELS });

    expect(rules).toEqual([
      {
        Id: 'ExpireRawPayloads',
        Status: 'Enabled',
        ExpirationInDays: 60,
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      },
      SENSITIVE_BODY_RULE,
      {
        Id: 'ExpireRawPayloadsTagged7Days',
        Status: 'Enabled',
        ExpirationInDays: 7,
        TagFilters: [{ Key: RAW_ARCHIVE_RETENTION_TAG, Value: '7' }],
      },
      {
        Id: 'ExpireRawPayloadsTagged30Days',
        Status: 'Enabled',
        ExpirationInDays: 30,
        TagFilters: [{ Key: RAW_ARCHIVE_RETENTION_TAG, Value: '30' }],
      },
    ]);
  });

  it('is one rule at the default, and the day of bodies with sensitive words, when no hotel sets its own', () => {
    const { rules } = build({ hotels: [{ tenantId: 'nordic-inn' }] });

    expect(rules).toEqual([
      {
        Id: 'ExpireRawPayloads',
        Status: 'Enabled',
        ExpirationInDays: 30,
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      },
      SENSITIVE_BODY_RULE,
    ]);
  });

  it('tells the writers the default and the hotels that differ from it', () => {
    const { archive } = build({ retentionDays: 30, hotels: HOTELS });

    expect(archive.retentionDays).toBe(30);
    expect(archive.retention).toEqual({
      defaultDays: 30,
      byHotel: new Map([
        ['aurora-belek', 7],
        ['lykia-kemer', 60],
        ['side-palace', 7],
      ]),
    });
  });

  it('states the days it keeps bodies in its acknowledgements', () => {
    expect(reasonsOn(build({ retentionDays: 30, hotels: HOTELS }).archive)).toContainEqual(
      expect.stringContaining('a 7- to 60-day (by hotel) safety net'),
    );
    expect(reasonsOn(build({ retentionDays: 14 }).archive)).toContainEqual(
      expect.stringContaining('a 14-day safety net'),
    );
  });

  it.each([0, 1.5])('refuses a default of %s days', (retentionDays) => {
    expect(() => build({ retentionDays })).toThrow(/rawArchiveRetentionDays must be a whole number/);
  });

  it("refuses a hotel's retention that is no whole number of days", () => {
    expect(() =>
      build({ hotels: [{ tenantId: 'aurora-belek', retention: { rawArchiveDays: 2.5 } }] }),
    ).toThrow(/expected int/);
  });
});

describe('a writer of the raw archive', () => {
  it('may put objects with their tags under its prefixes, and nothing else', () => {
    const { template } = build({}, (stack, archive) => {
      const role = new iam.Role(stack, 'Writer', {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      });
      archive.grantPutUnder(role, ['whatsapp/']);
    });

    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    const s3 = policies
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .filter((s) => [s.Action].flat().some((a: string) => a.startsWith('s3:')));
    expect(s3).toEqual([
      expect.objectContaining({ Effect: 'Allow', Action: ['s3:PutObject', 's3:PutObjectTagging'] }),
    ]);
    expect(JSON.stringify(s3[0].Resource)).toContain('/whatsapp/*');
  });
});
