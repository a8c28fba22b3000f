import { ArnFormat, Stack } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/**
 * Requests one client IP may make to the staff sign-in endpoints in 5 minutes before WAF
 * blocks it. A hotel's staff often share one office IP: at a shift change 50 agents signing
 * in (SRP and TOTP, about 4 requests each) and refreshing tokens stay well under it; a
 * password-spraying script does not.
 */
export const STAFF_SIGN_IN_RATE_LIMIT = 300;
/** The AWS managed rule groups the web ACL runs, in priority order after the rate limit. */
export const STAFF_MANAGED_RULE_GROUPS = [
  // Addresses Amazon threat intelligence lists as bots, scanners and sources of attacks.
  'AWSManagedRulesAmazonIpReputationList',
  // OWASP-style protections: oversized bodies, missing user agent, XSS and path traversal probes.
  'AWSManagedRulesCommonRuleSet',
  // Request patterns of known exploits (Log4j JNDI lookups, Java deserialization, localhost Host headers).
  'AWSManagedRulesKnownBadInputsRuleSet',
] as const;
/** WAF logs to CloudWatch Logs only into a log group whose name starts with `aws-waf-logs-`. */
export const STAFF_WAF_LOG_GROUP = 'aws-waf-logs-hotel-inbox-staff';

export interface StaffWebAclProps {
  userPool: cognito.IUserPool;
  /** Encrypts the WAF log group. */
  encryptionKey: kms.IKey;
  /** @default one month */
  logRetention?: logs.RetentionDays;
}

/**
 * AWS WAF in front of the staff user pool (REGIONAL web ACL associated with the pool): a
 * rate-based rule per client IP and the AWS managed IP reputation, common and known-bad-inputs
 * rule groups, on every request to the pool's sign-in and token endpoints. Blocked and counted
 * requests are logged (no others) to an encrypted log group with a retention; metrics and
 * sampled requests are on for every rule.
 *
 * Why here and not on the API: the public API is an API Gateway HTTP API (v2), and AWS WAF
 * cannot be associated with HTTP API stages, only with REST API stages, ALBs, CloudFront,
 * AppSync, Cognito user pools, App Runner and Verified Access. Putting CloudFront with a
 * CLOUDFRONT-scope web ACL in front of the HTTP API would need a second stack in us-east-1
 * and a shared secret header checked at the origin (the execute-api endpoint would otherwise
 * stay reachable around WAF), for routes whose callers already prove who they are to the
 * functions (Meta's and the PMS's HMAC signatures, web-chat visitor tokens, staff JWTs). The
 * HTTP API's stage and per-route throttling bounds those routes instead (`IngestApi`), and
 * the one endpoint where a WAF adds a control the functions cannot give, password sign-in
 * (credential stuffing, password spraying), gets this web ACL.
 */
export class StaffWebAcl extends Construct {
  readonly webAcl: wafv2.CfnWebACL;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: StaffWebAclProps) {
    super(scope, id);
    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: true,
    });

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: 'hotel-inbox-staff',
      description:
        'hotel-inbox staff sign-in, the Cognito user pool: rate limit per IP and AWS managed rules',
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('hotel-inbox-staff'),
      rules: [
        {
          name: 'RateLimitPerIp',
          priority: 0,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: STAFF_SIGN_IN_RATE_LIMIT,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
            },
          },
          visibilityConfig: visibility('hotel-inbox-staff-rate-limit'),
        },
        ...STAFF_MANAGED_RULE_GROUPS.map((name, index) => ({
          name,
          priority: index + 1,
          overrideAction: { none: {} },
          statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
          visibilityConfig: visibility(`hotel-inbox-staff-${name}`),
        })),
      ],
    });

    new wafv2.CfnWebACLAssociation(this, 'UserPoolAssociation', {
      resourceArn: props.userPool.userPoolArn,
      webAclArn: this.webAcl.attrArn,
    });

    // Cognito passes WAF no user names, passwords or e-mail addresses; a log record holds the
    // client IP, the headers Cognito forwards and the rule that matched. Only blocked and
    // counted requests are kept: that is the attack traffic an operator investigates.
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: STAFF_WAF_LOG_GROUP,
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      encryptionKey: props.encryptionKey,
    });
    const logGroupArn = Stack.of(this).formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: this.logGroup.logGroupName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      // WAF wants the log group's ARN without the `:*` that `LogGroup.logGroupArn` ends with.
      logDestinationConfigs: [logGroupArn],
      loggingFilter: {
        DefaultBehavior: 'DROP',
        Filters: [
          {
            Behavior: 'KEEP',
            Requirement: 'MEETS_ANY',
            Conditions: [{ ActionCondition: { Action: 'BLOCK' } }, { ActionCondition: { Action: 'COUNT' } }],
          },
        ],
      },
    });
  }

  get webAclArn(): string {
    return this.webAcl.attrArn;
  }
}
