import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

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
  };
}
