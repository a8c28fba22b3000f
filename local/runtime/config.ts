import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GRAPH_API_DEFAULTS } from '../../functions/contracts/environment';

/** The local runtime's settings: environment variables, then `.env`, then development defaults. */
export interface LocalConfig {
  port: number;
  host: string;
  dataDir: string;
  hotelsFile: string;
  metaAppSecret: string;
  metaVerifyToken: string;
  webchatTokenSecret: string;
  webchatRateLimitPerMinute: number;
  logLevel: string;
  slaClockSpeed: number;
  /** Signs the development tokens of `hotel-inbox token`; the local stand-in for Cognito. */
  agentTokenSecret: string;
  /** Where replies go; empty: the built-in fake Graph API, whose sends are logged under DATA_DIR. */
  graphApiBaseUrl: string;
  instagramApiBaseUrl: string;
  graphApiVersion: string;
  whatsappAccessToken: string;
  instagramAccessToken: string;
  /** How often the local lead sweep runs (AWS: every 15 minutes). */
  leadSweepSeconds: number;
  /** Signs the PMS's `POST /pms/checkouts` deliveries (`X-Hotel-Inbox-Signature-256`). */
  pmsWebhookSecret: string;
  /** How often the local survey sweep runs (AWS: daily). */
  surveySweepSeconds: number;
  /** The guests' pseudonym salt of the KPI lake (under DATA_DIR/lake/). */
  lakeSalt: string;
  /** How often the local KPI export runs (AWS: hourly, and a daily seal). */
  kpiExportSeconds: number;
  /** How often the retention purge runs, in the runtime's time (AWS: daily; TTL and lifecycle continuously). */
  retentionPurgeSeconds: number;
}

export const DEVELOPMENT_DEFAULTS = {
  PORT: '3000',
  HOST: '127.0.0.1',
  DATA_DIR: '.data',
  HOTELS_FILE: 'config/hotels.json',
  META_APP_SECRET: 'dev-app-secret-change-me',
  META_VERIFY_TOKEN: 'dev-verify-token',
  WEBCHAT_TOKEN_SECRET: 'dev-webchat-token-secret',
  WEBCHAT_RATE_LIMIT_PER_MINUTE: '20',
  LOG_LEVEL: 'WARN',
  SLA_CLOCK_SPEED: '1',
  AGENT_TOKEN_SECRET: '',
  GRAPH_API_BASE_URL: '',
  INSTAGRAM_API_BASE_URL: '',
  GRAPH_API_VERSION: GRAPH_API_DEFAULTS.version,
  WHATSAPP_ACCESS_TOKEN: 'dev-whatsapp-access-token',
  INSTAGRAM_ACCESS_TOKEN: 'dev-instagram-access-token',
  LEAD_SWEEP_SECONDS: '60',
  PMS_WEBHOOK_SECRET: 'dev-pms-webhook-secret',
  SURVEY_SWEEP_SECONDS: '3600',
  LAKE_SALT: '',
  KPI_EXPORT_SECONDS: '3600',
  RETENTION_PURGE_SECONDS: '86400',
} as const;

/** Reads KEY=VALUE lines; `#` comments and surrounding quotes are allowed. */
export function parseDotEnv(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = line.match(/^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/);
    if (!match?.[1]) continue;
    values[match[1]] = (match[2] ?? '').replace(/^(['"])(.*)\1$/, '$2');
  }
  return values;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): LocalConfig {
  const dotEnvPath = resolve(cwd, '.env');
  const dotEnv = existsSync(dotEnvPath) ? parseDotEnv(readFileSync(dotEnvPath, 'utf8')) : {};
  const get = (name: keyof typeof DEVELOPMENT_DEFAULTS) =>
    env[name] ?? dotEnv[name] ?? DEVELOPMENT_DEFAULTS[name];
  const number = (name: keyof typeof DEVELOPMENT_DEFAULTS) => {
    const value = Number(get(name));
    if (!Number.isInteger(value) || value < 0)
      throw new Error(`${name} must be a whole number, got "${get(name)}"`);
    return value;
  };
  const positive = (name: keyof typeof DEVELOPMENT_DEFAULTS) => {
    const value = Number(get(name));
    if (!(value > 0)) throw new Error(`${name} must be a positive number, got "${get(name)}"`);
    return value;
  };
  return {
    port: number('PORT'),
    host: get('HOST'),
    dataDir: resolve(cwd, get('DATA_DIR')),
    hotelsFile: resolve(cwd, get('HOTELS_FILE')),
    metaAppSecret: get('META_APP_SECRET'),
    metaVerifyToken: get('META_VERIFY_TOKEN'),
    webchatTokenSecret: get('WEBCHAT_TOKEN_SECRET'),
    webchatRateLimitPerMinute: number('WEBCHAT_RATE_LIMIT_PER_MINUTE'),
    logLevel: get('LOG_LEVEL'),
    slaClockSpeed: positive('SLA_CLOCK_SPEED'),
    agentTokenSecret:
      get('AGENT_TOKEN_SECRET') || dataDirSecret(resolve(cwd, get('DATA_DIR')), 'agent-token-secret'),
    graphApiBaseUrl: get('GRAPH_API_BASE_URL'),
    // A real Graph API for WhatsApp means the real Instagram API too, unless told otherwise.
    instagramApiBaseUrl:
      get('INSTAGRAM_API_BASE_URL') || (get('GRAPH_API_BASE_URL') && GRAPH_API_DEFAULTS.instagramBaseUrl),
    graphApiVersion: get('GRAPH_API_VERSION'),
    whatsappAccessToken: get('WHATSAPP_ACCESS_TOKEN'),
    instagramAccessToken: get('INSTAGRAM_ACCESS_TOKEN'),
    leadSweepSeconds: positive('LEAD_SWEEP_SECONDS'),
    pmsWebhookSecret: get('PMS_WEBHOOK_SECRET'),
    surveySweepSeconds: positive('SURVEY_SWEEP_SECONDS'),
    lakeSalt: get('LAKE_SALT') || dataDirSecret(resolve(cwd, get('DATA_DIR')), 'lake-salt'),
    kpiExportSeconds: positive('KPI_EXPORT_SECONDS'),
    retentionPurgeSeconds: positive('RETENTION_PURGE_SECONDS'),
  };
}

/**
 * A secret made on first use and kept in DATA_DIR: staff tokens must not be mintable with a value
 * published in this repository once the API is reachable through a tunnel.
 */
function dataDirSecret(dataDir: string, name: string): string {
  const file = join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
  return secret;
}
