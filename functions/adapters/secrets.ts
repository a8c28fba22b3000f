import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

const REFRESH_MILLIS = 5 * 60_000;
const cache = new Map<string, { value: Promise<string>; until: number }>();
let client: SecretsManagerClient | undefined;

/**
 * A secret from Secrets Manager when `<name>_ARN` is set (AWS), else from `<name>` (local
 * runtime, tests). Cached per process and refreshed every few minutes so a rotation lands.
 */
export function secret(name: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const arn = env[`${name}_ARN`];
  if (!arn) {
    const value = env[name];
    return value ? Promise.resolve(value) : Promise.reject(new Error(`Secret ${name} is not configured`));
  }
  const cached = cache.get(arn);
  if (cached && cached.until > Date.now()) return cached.value;
  client ??= new SecretsManagerClient({});
  const value = client.send(new GetSecretValueCommand({ SecretId: arn })).then((r) => {
    if (!r.SecretString) throw new Error(`Secret ${name} is empty`);
    return r.SecretString;
  });
  value.catch(() => cache.delete(arn));
  cache.set(arn, { value, until: Date.now() + REFRESH_MILLIS });
  return value;
}
