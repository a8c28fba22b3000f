import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEVELOPMENT_DEFAULTS, loadConfig, parseDotEnv } from '../../local/runtime/config';

describe('local configuration', () => {
  it('reads .env lines with comments, export and quotes', () => {
    expect(
      parseDotEnv('# comment\nPORT=4000\nexport META_APP_SECRET="s3cret"\nEMPTY=\n  DATA_DIR = \'/tmp/x\'  '),
    ).toEqual({
      PORT: '4000',
      META_APP_SECRET: 's3cret',
      EMPTY: '',
      DATA_DIR: '/tmp/x',
    });
  });

  it('takes the environment over .env over the development defaults', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'hotel-inbox-config-'));
    writeFileSync(join(cwd, '.env'), 'PORT=4000\nMETA_VERIFY_TOKEN=from-dotenv\n');

    const config = loadConfig({ PORT: '5000' }, cwd);

    expect(config.port).toBe(5000);
    expect(config.metaVerifyToken).toBe('from-dotenv');
    expect(config.metaAppSecret).toBe(DEVELOPMENT_DEFAULTS.META_APP_SECRET);
    expect(config.dataDir).toBe(join(cwd, '.data'));
  });

  it('makes its own staff-token secret in DATA_DIR unless one is configured', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'hotel-inbox-config-'));

    const first = loadConfig({}, cwd).agentTokenSecret;

    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(loadConfig({}, cwd).agentTokenSecret).toBe(first);
    expect(readFileSync(join(cwd, '.data', 'agent-token-secret'), 'utf8')).toBe(first);
    expect(loadConfig({ AGENT_TOKEN_SECRET: 'configured' }, cwd).agentTokenSecret).toBe('configured');
  });

  it('refuses a port that is not a number', () => {
    expect(() => loadConfig({ PORT: 'eighty' }, tmpdir())).toThrow(/PORT must be a whole number/);
  });
});
