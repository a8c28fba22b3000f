import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface AlarmTopicProps {
  /** Encrypts the topic; its key policy must let CloudWatch use it (see `DataKey.allowServiceDelivery`). */
  encryptionKey: kms.IKey;
  /** An operator's e-mail address subscribed to the alarms, if given. */
  email?: string;
}

/** Where every alarm of the stack notifies: one encrypted, TLS-only SNS topic. */
export class AlarmTopic extends Construct {
  readonly topic: sns.Topic;
  readonly action: cloudwatchActions.SnsAction;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'hotel-inbox alarms',
      masterKey: props.encryptionKey,
      enforceSSL: true,
    });
    if (props.email) this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
    this.action = new cloudwatchActions.SnsAction(this.topic);
  }
}
