import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { HotelInboxStack, type HotelInboxStackProps } from '../lib/hotel-inbox-stack';
import { complianceChecks } from '../lib/nag-packs';

export const STACK_NAME = 'HotelInbox';

export interface BuildAppOptions {
  /** Register cdk-nag's AWS Solutions and NIST 800-53 rev. 5 checks, which run during synthesis. @default true */
  nag?: boolean;
  /**
   * CDK's built-in check of the templates against the CloudFormation resource schemas.
   * Tests of template properties turn it off: loading the schemas costs seconds. @default true
   */
  cloudFormationValidation?: boolean;
  /** Extra context, as with `cdk synth -c key=value`. */
  context?: Record<string, unknown>;
  outdir?: string;
  stackProps?: HotelInboxStackProps;
}

/**
 * The CDK app with the one stack. The CLI runs this file; tests call it to synthesize the
 * same app in memory (cdk.json's context is read here too, so both see the same flags).
 *
 * Context the stack reads (`cdk deploy -c key=value`, or cdk.json):
 * - `alarmEmail`: an operator e-mail subscribed to the alarm topic;
 * - `rawArchiveRetentionDays`: days the raw archive keeps webhook bodies (default 30);
 * - `apiRateLimit` / `apiBurstLimit`: the HTTP API's throttle (default 100/s, bursts of 200);
 * - `hotelsFile`: the hotels' configuration (default `config/hotels.json`);
 * - `graphApiVersion`: the Graph API version the sender calls (cdk.json pins `v23.0`; Meta
 *   retires a version about two years after its release, so move it forward deliberately);
 * - `surveyEmailIdentity` / `surveyEmailFrom`: the verified SES identity (a domain or an
 *   address) e-mail surveys are sent as, and their From (an address of that identity; an
 *   address identity is its own From). Unset: the sender gets no SES permission and no
 *   SURVEY_EMAIL_FROM, and e-mail surveys are not sent;
 * - `smsSenderId`: the alphanumeric sender id of SMS surveys (1-11 characters), where the
 *   destination country supports one. SMS itself needs no setting (SNS `Publish` to a number).
 */
export function buildApp(options: BuildAppOptions = {}): { app: App; stack: HotelInboxStack } {
  const app = new App({
    ...(options.outdir && { outdir: options.outdir }),
    builtinCloudFormationValidation: options.cloudFormationValidation ?? true,
    context: { ...cdkJsonContext(), ...options.context },
  });
  const stack = new HotelInboxStack(app, STACK_NAME, {
    description: 'hotel-inbox: guest messages from WhatsApp, Instagram and web chat into one inbox',
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
    ...options.stackProps,
  });
  if (options.nag ?? true) Validations.of(app).addPlugins(...complianceChecks(app));
  return { app, stack };
}

function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(new URL('../cdk.json', import.meta.url), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

const runAsScript =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (runAsScript) buildApp().app.synth();
