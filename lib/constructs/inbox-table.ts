import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { GLOBAL_INDEXES, TABLE_KEYS, TTL_ATTRIBUTE } from '../../functions/contracts/table';
import { acknowledge, NagRule } from './nag';

export interface InboxTableProps {
  encryptionKey: kms.IKey;
}

/** Item actions a function that reads and writes items needs (transactions use the same actions). */
const READ_WRITE_ITEM_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
];

/** KMS actions DynamoDB needs from a caller of a table encrypted with a customer-managed key. */
const TABLE_KEY_ACTIONS = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'];
/** The same for a caller that only reads. */
const TABLE_READ_KEY_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey'];

/**
 * The single table of the contract (`functions/contracts/table.ts`): on demand, encrypted
 * with our key, point-in-time recovery, TTL for retention, kept when the stack is deleted.
 */
export class InboxTable extends Construct {
  readonly table: dynamodb.Table;
  private readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: InboxTableProps) {
    super(scope, id);
    this.encryptionKey = props.encryptionKey;
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.encryptionKey,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TTL_ATTRIBUTE,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.table,
      NagRule.dynamoDbBackupPlan,
      'Point-in-time recovery is on (continuous backups, any second of the last 35 days), deletion protection is ' +
        'on and the table is retained when the stack is deleted. An AWS Backup plan would add snapshots kept ' +
        "beyond the items' TTL and erasures (KVKK/GDPR storage limitation); cross-account or cross-region copies " +
        "belong in the organization's backup policy, not in this stack.",
    );
    for (const index of GLOBAL_INDEXES) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
  }

  get tableName(): string {
    return this.table.tableName;
  }

  /**
   * Item reads and writes on the table and on each of its named indexes (no `index/*`
   * wildcard), plus the key actions the encrypted table needs.
   */
  grantReadWriteItems(grantee: iam.IGrantable): void {
    const { tableArn } = this.table;
    iam.Grant.addToPrincipal({
      grantee,
      actions: READ_WRITE_ITEM_ACTIONS,
      resourceArns: [tableArn, ...GLOBAL_INDEXES.map((index) => `${tableArn}/index/${index.name}`)],
    });
    this.encryptionKey.grant(grantee, ...TABLE_KEY_ACTIONS);
  }

  /**
   * Reading items (Get, and Query on the table and the named indexes) and writing them over (Put,
   * Update), plus the key actions: never a delete.
   */
  grantReadAndRewrite(grantee: iam.IGrantable, indexNames: readonly string[]): void {
    const { tableArn } = this.table;
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      resourceArns: [tableArn],
    });
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:Query'],
      resourceArns: [tableArn, ...this.indexArns(indexNames)],
    });
    this.encryptionKey.grant(grantee, ...TABLE_KEY_ACTIONS);
  }

  /**
   * `dynamodb:Query` only, on the table and the named indexes (each must be one of
   * `GLOBAL_INDEXES`), plus the key actions reading the encrypted table needs: no item reads
   * by key, no writes.
   */
  grantQuery(grantee: iam.IGrantable, indexNames: readonly string[]): void {
    const { tableArn } = this.table;
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:Query'],
      resourceArns: [tableArn, ...this.indexArns(indexNames)],
    });
    this.encryptionKey.grant(grantee, ...TABLE_READ_KEY_ACTIONS);
  }

  /** The ARNs of the named indexes; each must be one of `GLOBAL_INDEXES`. */
  private indexArns(indexNames: readonly string[]): string[] {
    const unknown = indexNames.filter((name) => !GLOBAL_INDEXES.some((index) => index.name === name));
    if (unknown.length > 0) throw new Error(`No index ${unknown.join(', ')} in GLOBAL_INDEXES`);
    return indexNames.map((name) => `${this.table.tableArn}/index/${name}`);
  }
}
