/**
 * cdk-nag's AWS Solutions and NIST 800-53 rev. 5 checks (`lib/nag-packs.ts`) over the whole
 * app, synthesized as `cdk synth` does it (functions bundled with esbuild). In cdk-nag 3 a
 * pack is a policy-validation plugin: its findings land in the cloud assembly's validation
 * report, and an acknowledged finding (`Validations.of(construct).acknowledge({ id, reason })`)
 * is left out of it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import type { CfnRoute } from 'aws-cdk-lib/aws-apigatewayv2';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../bin/app';
import { API_ROUTES, FunctionName } from '../../functions/contracts/routes';
import { complianceChecks, NAG_PACK_NAMES } from '../../lib/nag-packs';

interface ReportedViolation {
  ruleName: string;
  description: string;
  severity?: string;
  violatingConstructs?: { constructPath: string }[];
}
interface ValidationReport {
  pluginReports: { pluginName: string; conclusion: string; violations: ReportedViolation[] }[];
}

function readReport(assembly: CloudAssembly): ValidationReport {
  return JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'));
}

const findingsOf = (report: ValidationReport, pack: string, severity: string) =>
  report.pluginReports
    .filter((plugin) => plugin.pluginName === pack)
    .flatMap((plugin) => plugin.violations)
    .filter((violation) => violation.severity === severity)
    .map((v) => `${v.ruleName} at ${v.violatingConstructs?.map((c) => c.constructPath).join(', ')}`);

/** Every acknowledgement recorded in the tree: where, which rule, and the written reason. */
function acknowledgements(root: IConstruct) {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .map(([id, reason]) => ({ path: construct.node.path, id, reason })),
  );
}

/** A rule id of one of the packs, e.g. `AwsSolutions-IAM5[Resource::*]` or `NIST.800.53.R5-LambdaDLQ`. */
const PACK_RULE_ID = /^(Annotation::)?(AwsSolutions-[A-Z]+\d+|NIST\.800\.53\.R5-[A-Za-z0-9]+)/;

describe('cdk-nag AWS Solutions and NIST 800-53 rev. 5 checks on the app', () => {
  let app: App;
  let report: ValidationReport;
  let assembly: CloudAssembly;

  beforeAll(() => {
    // The packs of lib/nag-packs.ts; bin/app.ts registers AWS Solutions for `cdk synth`.
    ({ app } = buildApp({ nag: false }));
    Validations.of(app).addPlugins(...complianceChecks(app));
    // Throws "Validation failed" with the whole report when an unacknowledged error remains.
    assembly = app.synth();
    report = readReport(assembly);
  });

  it.each(NAG_PACK_NAMES)('%s leaves no unacknowledged error', (pack) => {
    expect(findingsOf(report, pack, 'error')).toEqual([]);
  });

  it.each(NAG_PACK_NAMES)('%s leaves no unacknowledged warning', (pack) => {
    expect(findingsOf(report, pack, 'warning')).toEqual([]);
  });

  it("leaves nothing in the report of CDK's own checks either (CloudFormation schemas, annotations)", () => {
    expect(report.pluginReports.flatMap((plugin) => plugin.violations)).toEqual([]);
  });

  it('gives a written reason for every acknowledgement', () => {
    // Act
    const acks = acknowledgements(app);

    // Assess
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.id, ack.path).toMatch(PACK_RULE_ID);
      expect(ack.reason.trim().split(/\s+/).length, `${ack.id} at ${ack.path}`).toBeGreaterThanOrEqual(12);
    }
  });

  it('acknowledges findings on the constructs they concern, never the whole stack or app', () => {
    const stackPaths = new Set(['', ...app.node.children.filter(Stack.isStack).map((s) => s.node.path)]);
    for (const ack of acknowledgements(app)) expect(stackPaths.has(ack.path), ack.path).toBe(false);
  });

  it('acknowledges a route without an API Gateway authorizer only where the contract names no auth', () => {
    // Prepare
    const routeKeyAt = (path: string) => {
      const route = app.node.findAll().find((construct) => construct.node.path === path);
      return (route?.node.defaultChild as CfnRoute | undefined)?.routeKey;
    };

    // Act
    const acknowledgedRoutes = acknowledgements(app)
      .filter((ack) => ack.id.endsWith('AwsSolutions-APIG4'))
      .map((ack) => routeKeyAt(ack.path));

    // Assess: each public route once; no agent route, no API-wide acknowledgement
    expect(acknowledgedRoutes.sort()).toEqual(
      API_ROUTES.filter((route) => !route.auth)
        .map((route) => `${route.method} ${route.path}`)
        .sort(),
    );
  });

  it('synthesized with the functions bundled as ESM with source maps', () => {
    const bundles = readdirSync(assembly.directory, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(assembly.directory, entry.name, 'index.mjs')))
      .map((entry) => join(assembly.directory, entry.name));
    expect(bundles).toHaveLength(Object.values(FunctionName).length);
    for (const dir of bundles) expect(existsSync(join(dir, 'index.mjs.map')), dir).toBe(true);
  });
});

describe('the check harness', () => {
  it('does catch a finding, so an empty report above means a clean app', () => {
    // Prepare: an unencrypted queue with no dead-letter queue and no TLS policy
    const app = new App();
    const stack = new Stack(app, 'Control');
    new sqs.Queue(stack, 'Queue', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

    // Act & Assess
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS/);
  });

  it('runs both packs of lib/nag-packs.ts, each of which catches a finding', () => {
    // Prepare: an SNS topic without a KMS key or a TLS-only policy
    const app = new App({ builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'Control');
    new sns.Topic(stack, 'Topic');
    Validations.of(app).addPlugins(...complianceChecks(app));

    // Act & Assess
    expect(() => app.synth()).toThrow(/AwsSolutions-SNS3[\s\S]*NIST\.800\.53\.R5-SNSEncryptedKMS/);
  });
});
