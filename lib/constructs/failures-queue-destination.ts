import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { grantSendTo, type InboxQueue } from './queues';

/**
 * Lambda's on-failure destination for asynchronous invocations on one of our queues, with
 * `grantSendTo`'s narrow grant rather than `SqsDestination`'s (which adds `kms:ReEncrypt*`
 * and `kms:GenerateDataKey*`).
 */
export class FailuresQueueDestination implements lambda.IDestination {
  constructor(private readonly failures: InboxQueue) {}

  bind(_scope: Construct, fn: lambda.IFunction): lambda.DestinationConfig {
    grantSendTo(this.failures.queue, fn);
    return { destination: this.failures.queue.queueArn };
  }
}
