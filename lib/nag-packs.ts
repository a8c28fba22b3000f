import type { IPolicyValidationPlugin } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/** The names the packs report under (`validation-report.json`) and prefix their rule ids with. */
export const NAG_PACK_NAMES = ['AwsSolutions', 'NIST.800.53.R5'] as const;

/**
 * The cdk-nag packs the stack must pass with no unacknowledged error or warning: AWS
 * Solutions, and NIST 800-53 rev. 5 rather than HIPAA Security. The inbox holds hotel guests'
 * personal data under KVKK and GDPR, not US health records, so HIPAA's framing does not apply;
 * NIST 800-53 is the general control catalogue (access control, audit, contingency planning,
 * system and communications protection) those laws' "appropriate technical measures" are
 * commonly mapped to. For the resource types this stack uses, NIST's pack has every rule of
 * HIPAA's (HIPAA's extra rules concern ALBs, REST API X-Ray, CodeBuild, EC2, EMR, IAM groups and
 * RDS) plus KMS key rotation and WAF association. Register them on the app:
 * `Validations.of(app).addPlugins(...complianceChecks(app))`.
 */
export function complianceChecks(scope: IConstruct): IPolicyValidationPlugin[] {
  return [new AwsSolutionsChecks(scope), new NIST80053R5Checks(scope)];
}
