import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export interface DataKeyProps {
  /** Alias of the key, without the `alias/` prefix. */
  aliasName: string;
  description: string;
}

/**
 * The customer-managed KMS key that encrypts guest data at rest: the table, the raw archive,
 * the queues, the event bus and its archive, the secrets and the log groups. Rotated yearly,
 * kept when the stack is deleted (data encrypted with it would otherwise become unreadable).
 */
export class DataKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: DataKeyProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      alias: `alias/${props.aliasName}`,
      description: props.description,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /** Lets CloudWatch Logs encrypt this account's log groups in this region with the key. */
  allowCloudWatchLogs(): this {
    const { region, account, partition } = Stack.of(this);
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchLogsOfThisAccount',
        principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${account}:log-group:*`,
          },
        },
      }),
    );
    return this;
  }

  /**
   * Lets an AWS service that delivers into our encrypted resources (EventBridge into SQS,
   * CloudWatch alarms into SNS) use the key, only on behalf of this account.
   */
  allowServiceDelivery(servicePrincipal: string): this {
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: `Allow${servicePrincipal.split('.')[0]}Delivery`,
        principals: [new iam.ServicePrincipal(servicePrincipal)],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    return this;
  }
}
