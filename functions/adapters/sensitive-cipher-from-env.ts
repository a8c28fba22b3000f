import { KMSClient } from '@aws-sdk/client-kms';
import { Env } from '../contracts/environment';
import type { SensitiveTextCipher } from '../domain/privacy/sensitive-text-cipher';
import { KmsSensitiveCipher } from './kms-sensitive-cipher';
import { LocalSensitiveCipher } from './local-sensitive-cipher';

/**
 * The sensitive-text cipher of the environment: AWS KMS with `SENSITIVE_DATA_KEY_ARN` (the stack
 * sets it on the functions that seal or open), else the local key file `SENSITIVE_DATA_KEY_FILE`
 * (the local runtime). A function given neither gets a cipher that refuses on use, so functions
 * that share deps with the intake but never seal (the ticket workflow) start without the key.
 */
export function sensitiveCipherFromEnv(env = process.env): SensitiveTextCipher {
  const keyArn = env[Env.sensitiveDataKeyArn];
  if (keyArn) return new KmsSensitiveCipher(new KMSClient({}), keyArn);
  const keyFile = env[Env.sensitiveDataKeyFile];
  if (keyFile) return new LocalSensitiveCipher(keyFile);
  const unconfigured = () =>
    Promise.reject(new Error(`Neither ${Env.sensitiveDataKeyArn} nor ${Env.sensitiveDataKeyFile} is set`));
  return { encrypt: unconfigured, decrypt: unconfigured };
}
