/**
 * The only actions an IAM policy of this stack may allow on Resource "*", each with the
 * reason it cannot name a resource. `test/infra/security.test.ts` walks every IAM policy of
 * the synthesized stack and fails on an allowed "*" whose action is not listed here; the cdk-nag
 * acknowledgements (`AwsSolutions-IAM5[Resource::*]`) on the roles repeat these reasons.
 * Key policies are not IAM policies: there "*" means the key itself.
 */
const XRAY =
  'X-Ray tracing (active tracing of the functions and state machines): the X-Ray actions support no ' +
  'resource-level permissions, so AWS requires Resource "*" for them.';
const LOG_DELIVERY =
  "Step Functions logging to CloudWatch Logs goes through CloudWatch Logs' log-delivery APIs, which support no " +
  'resource-level permissions; AWS documents them with Resource "*" for a state machine\'s role, and CDK adds ' +
  'them to the state machine roles only.';
const SMS =
  'SMS surveys publish to a phone number, which SNS authorizes on the number (there is no ARN), so sns:Publish ' +
  'needs Resource "*"; it is on the sender\'s own policy only, which denies sns:Publish on every SNS ARN ' +
  '(topics, platform endpoints).';

export const WILDCARD_RESOURCE_REASONS: Readonly<Record<string, string>> = {
  'xray:PutTraceSegments': XRAY,
  'xray:PutTelemetryRecords': XRAY,
  'xray:GetSamplingRules': XRAY,
  'xray:GetSamplingTargets': XRAY,
  'logs:CreateLogDelivery': LOG_DELIVERY,
  'logs:DeleteLogDelivery': LOG_DELIVERY,
  'logs:DescribeLogGroups': LOG_DELIVERY,
  'logs:DescribeResourcePolicies': LOG_DELIVERY,
  'logs:GetLogDelivery': LOG_DELIVERY,
  'logs:ListLogDeliveries': LOG_DELIVERY,
  'logs:PutResourcePolicy': LOG_DELIVERY,
  'logs:UpdateLogDelivery': LOG_DELIVERY,
  'sns:Publish': SMS,
};
