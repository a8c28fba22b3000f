import { Duration, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { Env } from '../../functions/contracts/environment';
import { API_ROUTES, type ApiRoute, FunctionName } from '../../functions/contracts/routes';
import type { MetricName } from '../../functions/domain/ports';
import { alarmAboveZero, customMetric } from './alarms';
import type { InboxTable } from './inbox-table';
import { IngestSecrets, type SecretKey } from './ingest-secrets';
import { entryOf, ProjectFunction } from './project-function';
import type { RawArchiveBucket } from './raw-archive-bucket';

export interface ThrottleLimits {
  /** Steady-state requests per second across the API. */
  rateLimit: number;
  /** Requests allowed in a burst. */
  burstLimit: number;
}

export interface IngestApiProps {
  table: InboxTable;
  bus: events.IEventBus;
  rawArchive: RawArchiveBucket;
  /** Encrypts the secrets and the log groups. */
  encryptionKey: kms.IKey;
  alarmAction?: cloudwatch.IAlarmAction;
  /** The stage default; `ROUTE_THROTTLES` are capped at it. @default DEFAULT_THROTTLE (100 requests/s, bursts of 200) */
  throttle?: ThrottleLimits;
  /**
   * Functions built by other constructs that serve routes of the contract (the agent API, the
   * PMS check-outs), by name; the ingest functions are built here.
   */
  routeFunctions?: Partial<Record<FunctionName, lambda.IFunction>>;
  /** The authorizer of each kind of `auth` a route of the contract names. */
  authorizers: Record<RouteAuth, apigw.IHttpRouteAuthorizer>;
  /** Origins allowed to call the API from a browser (the web-chat widget, the inbox UI). @default ['*'] */
  allowedOrigins?: string[];
  logRetention?: logs.RetentionDays;
}

/** A route as API Gateway names it: `POST /webchat/messages`. */
export type RouteKey = `${ApiRoute['method']} ${string}`;
/** The stage-wide default (every route without its own limits): 100 requests/s, bursts of 200. */
export const DEFAULT_THROTTLE: ThrottleLimits = { rateLimit: 100, burstLimit: 200 };
/**
 * Tighter limits than the stage default on the public routes whose callers are anonymous or
 * few. HTTP API throttling counts all clients of a route together (per-client limits need a
 * REST API usage plan), so these cap what one abuser can cost, not who they are; 429 answers
 * are what the clients handle (the widget backs off, the PMS sends the batch again). A limit
 * above the stage default (`apiRateLimit`/`apiBurstLimit`) is lowered to it. Meta's webhook
 * routes keep the stage default: WhatsApp delivers statuses in bursts (up to 80 sends/s per
 * number, each with up to three statuses), Meta retries a 429, and a forged POST costs one
 * HMAC check before the 401.
 */
export const ROUTE_THROTTLES: Partial<Record<RouteKey, ThrottleLimits>> = {
  // Anyone on a hotel's site can open a chat: new sessions across all hotels are few per second.
  'POST /webchat/sessions': { rateLimit: 5, burstLimit: 10 },
  // Visitor messages: each session is also limited per minute by the function (WEBCHAT_RATE_LIMIT_PER_MINUTE).
  'POST /webchat/messages': { rateLimit: 20, burstLimit: 40 },
  // The widget polls for replies every few seconds per open chat.
  'GET /webchat/messages': { rateLimit: 50, burstLimit: 100 },
  // The hotels' PMS, server to server: a batch of up to 500 departures a call, a few calls an hour.
  'POST /pms/checkouts': { rateLimit: 5, burstLimit: 10 },
};

/** The kinds of authorization a route can ask for (`ApiRoute.auth`). */
export type RouteAuth = NonNullable<ApiRoute['auth']>;

/** The functions behind the public ingest routes, built by this construct. */
export const INGEST_FUNCTIONS = [FunctionName.metaWebhook, FunctionName.webchat] as const;
export type IngestFunctionName = (typeof INGEST_FUNCTIONS)[number];

/** Raw archive key prefixes each function writes under (see `rawArchiveKeyOf`: `<channel>/<date>/...`). */
export const RAW_ARCHIVE_PREFIXES: Record<IngestFunctionName, readonly string[]> = {
  [FunctionName.metaWebhook]: ['whatsapp/', 'instagram/'],
  [FunctionName.webchat]: ['webchat/'],
};

/** Every prefix the ingest functions write bodies under, and nothing else of the bucket. */
export const ALL_RAW_ARCHIVE_PREFIXES: readonly string[] = [
  ...new Set(Object.values(RAW_ARCHIVE_PREFIXES).flat()),
];

/** Custom metrics (emitted through Powertools Metrics) that page someone when above zero. */
const ALARMED_METRICS: Record<IngestFunctionName, readonly MetricName[]> = {
  [FunctionName.metaWebhook]: ['PublishFailed', 'UnroutableDelivery'],
  [FunctionName.webchat]: ['PublishFailed'],
};

/**
 * Why each function behind routes without an API Gateway authorizer may be public: how its
 * callers prove who they are to the function instead. A public route of another function
 * fails the synthesis.
 */
const PUBLIC_ROUTE_REASONS: Partial<Record<FunctionName, string>> = {
  [FunctionName.metaWebhook]:
    'Meta, the only caller, has no credentials an API Gateway authorizer could check: it signs each webhook POST ' +
    'with HMAC-SHA256 of the raw body (X-Hub-Signature-256, verified by the function, 401 when forged) and ' +
    'proves the GET subscription handshake with the verify token.',
  [FunctionName.webchat]:
    'Web-chat visitors are anonymous until POST /webchat/sessions issues them a signed visitor token, which the ' +
    'function verifies on every other web-chat route; there is no account an API Gateway authorizer could check.',
  [FunctionName.checkouts]:
    "The hotel's PMS calls it server to server, like Meta's webhooks, with no identity an API Gateway authorizer " +
    'could check: it signs each POST body with HMAC-SHA256 keyed with the PMS webhook secret ' +
    '(X-Hotel-Inbox-Signature-256), which the function verifies on the raw body and answers 401 when forged.',
};

/**
 * The HTTP API: every route of the contract (`functions/contracts/routes.ts`) on a throttled
 * `$default` stage with JSON access logs. It builds the Meta webhook and web-chat functions
 * behind the public ingest routes (authenticated by the functions: Meta's signature, visitor
 * tokens), the secrets they verify with and the alarms of the ingest path; the other routes
 * go to the functions of `routeFunctions` (the agent API behind the authorizer its `auth`
 * names, the PMS check-outs public and signed).
 */
export class IngestApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly functions: Record<IngestFunctionName, ProjectFunction>;
  readonly secrets: Record<SecretKey, secretsmanager.Secret>;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: IngestApiProps) {
    super(scope, id);
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;

    this.secrets = new IngestSecrets(this, 'Secrets', { encryptionKey: props.encryptionKey }).secrets;

    const common = { logEncryptionKey: props.encryptionKey, logRetention };
    const metaWebhook = new ProjectFunction(this, 'MetaWebhook', {
      ...common,
      entry: entryOf(FunctionName.metaWebhook),
      serviceName: FunctionName.metaWebhook,
      description: 'WhatsApp and Instagram webhooks: verify, archive, normalize, publish',
    })
      .grantTableReadWrite(props.table)
      .grantPutEvents(props.bus)
      .grantRawArchiveWrites(props.rawArchive, RAW_ARCHIVE_PREFIXES[FunctionName.metaWebhook])
      .grantSecretRead(Env.metaAppSecretArn, this.secrets.metaAppSecret)
      .grantSecretRead(Env.metaVerifyTokenArn, this.secrets.metaVerifyToken);
    const webchat = new ProjectFunction(this, 'Webchat', {
      ...common,
      entry: entryOf(FunctionName.webchat),
      serviceName: FunctionName.webchat,
      description: 'Web-chat widget: sessions, visitor messages, polling for replies',
    })
      .grantTableReadWrite(props.table)
      .grantPutEvents(props.bus)
      .grantRawArchiveWrites(props.rawArchive, RAW_ARCHIVE_PREFIXES[FunctionName.webchat])
      .grantSecretRead(Env.webchatTokenSecretArn, this.secrets.webchatTokenSecret);
    this.functions = { [FunctionName.metaWebhook]: metaWebhook, [FunctionName.webchat]: webchat };

    this.api = new apigw.HttpApi(this, 'Api', {
      description: 'hotel-inbox: Meta webhooks, the web-chat widget, PMS check-outs and the agent API',
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: props.allowedOrigins ?? ['*'],
        allowMethods: [apigw.CorsHttpMethod.GET, apigw.CorsHttpMethod.POST, apigw.CorsHttpMethod.OPTIONS],
        allowHeaders: ['authorization', 'content-type'],
        maxAge: Duration.minutes(10),
      },
    });
    const hosts: Partial<Record<FunctionName, lambda.IFunction>> = {
      ...props.routeFunctions,
      ...this.functions,
    };
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    const integrationOf = (name: FunctionName) => {
      const host = hosts[name];
      if (!host) return undefined;
      let integration = integrations.get(name);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${pascalCase(name)}Integration`, host);
        integrations.set(name, integration);
      }
      return integration;
    };
    const cfnRoutes = new Map<RouteKey, apigw.CfnRoute>();
    for (const route of API_ROUTES) {
      const integration = integrationOf(route.function);
      if (!integration)
        throw new Error(
          `Route ${route.method} ${route.path} names ${route.function}, which the API does not host`,
        );
      const routes = this.api.addRoutes({
        path: route.path,
        methods: [apigw.HttpMethod[route.method]],
        integration,
        ...(route.auth && { authorizer: props.authorizers[route.auth] }),
      });
      for (const added of routes)
        cfnRoutes.set(`${route.method} ${route.path}`, added.node.defaultChild as apigw.CfnRoute);
      if (route.auth) continue;
      const reason = PUBLIC_ROUTE_REASONS[route.function];
      if (!reason)
        throw new Error(
          `Route ${route.method} ${route.path} has no authorizer and ${route.function} no reason to be public`,
        );
      for (const unauthorized of routes)
        Validations.of(unauthorized).acknowledge({ id: 'AwsSolutions-APIG4', reason });
    }

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logRetention,
      encryptionKey: props.encryptionKey,
    });
    const throttle = props.throttle ?? DEFAULT_THROTTLE;
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            sourceIp: '$context.identity.sourceIp',
            routeKey: '$context.routeKey',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            // Agent routes: who called (the staff member's Cognito sub) or why the token was refused.
            staffId: '$context.authorizer.claims.sub',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });

    this.throttleRoutes(throttle, cfnRoutes);

    this.alarm(
      'Api5xx',
      'The ingest API answered with a server error (Meta retries, but something is broken)',
      this.api.metricServerError({ period: Duration.minutes(1), statistic: cloudwatch.Stats.SUM }),
      props.alarmAction,
    );
    for (const name of INGEST_FUNCTIONS) {
      const fn = this.functions[name];
      this.alarm(
        `${fn.node.id}Errors`,
        `${name} failed invocations`,
        fn.metricErrors({ period: Duration.minutes(1), statistic: cloudwatch.Stats.SUM }),
        props.alarmAction,
      );
      for (const metricName of ALARMED_METRICS[name]) {
        this.alarm(
          `${fn.node.id}${metricName}`,
          `${name} reported ${metricName}`,
          customMetric(metricName, fn.serviceName),
          props.alarmAction,
        );
      }
    }
  }

  /**
   * Per-route limits (`ROUTE_THROTTLES`, each capped at the stage default) in the stage's
   * route settings, which CDK's HttpStage does not expose. CloudFormation refuses route
   * settings that name a route it has not created yet, so the stage waits for those routes.
   */
  private throttleRoutes(stageDefault: ThrottleLimits, cfnRoutes: Map<RouteKey, apigw.CfnRoute>): void {
    const cfnStage = this.stage.node.defaultChild as apigw.CfnStage;
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const [routeKey, limits] of Object.entries(ROUTE_THROTTLES) as [RouteKey, ThrottleLimits][]) {
      const cfnRoute = cfnRoutes.get(routeKey);
      if (!cfnRoute) throw new Error(`ROUTE_THROTTLES names ${routeKey}, which is no route of the contract`);
      routeSettings[routeKey] = {
        ThrottlingRateLimit: Math.min(limits.rateLimit, stageDefault.rateLimit),
        ThrottlingBurstLimit: Math.min(limits.burstLimit, stageDefault.burstLimit),
      };
      this.stage.node.addDependency(cfnRoute);
    }
    cfnStage.routeSettings = routeSettings;
  }

  /** The public URL of a path of the API, e.g. `/webhooks/whatsapp`. */
  urlOf(path: string): string {
    return `${this.stage.url}${path.replace(/^\//, '')}`;
  }

  private alarm(
    id: string,
    description: string,
    metric: cloudwatch.IMetric,
    action?: cloudwatch.IAlarmAction,
  ) {
    const alarm = alarmAboveZero(this, `${id}Alarm`, description, metric, action);
    this.alarms.push(alarm);
    return alarm;
  }
}

/** `meta-webhook` → `MetaWebhook`. */
const pascalCase = (name: string) =>
  name
    .split('-')
    .map((part) => `${part[0]?.toUpperCase() ?? ''}${part.slice(1)}`)
    .join('');
