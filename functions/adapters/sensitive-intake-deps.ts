import { S3Client } from '@aws-sdk/client-s3';
import { Env } from '../contracts/environment';
import type { Hotel } from '../domain/hotels';
import type { SensitiveIntakePorts } from '../domain/privacy/protect-message-text';
import { RuleBasedTriageClassifier } from '../domain/triage/rule-based-classifier';
import { lazy } from './ingest-deps';
import { FileRawArchiveRetagger, S3RawArchiveRetagger } from './raw-archive';
import { sensitiveCipherFromEnv } from './sensitive-cipher-from-env';

/**
 * The intake's sealing of sensitive texts wired from the environment: the cipher of
 * `sensitiveCipherFromEnv`, the raw archive's retagging (RAW_ARCHIVE_DIR locally, else the
 * bucket), and the same rule-based triage (with the hotel's lexicon) the
 * conversation workflow runs, for the texts it will not be able to read.
 */
export function sensitiveIntakePortsFromEnv(
  hotelOf: (tenantId: string) => Hotel | undefined,
  env = process.env,
): SensitiveIntakePorts {
  const classifier = lazy(() => new RuleBasedTriageClassifier());
  const rawDir = env[Env.rawArchiveDir];
  const rawBucket = env[Env.rawArchiveBucket];
  return {
    cipher: sensitiveCipherFromEnv(env),
    ...(rawDir
      ? { rawArchive: new FileRawArchiveRetagger(rawDir) }
      : rawBucket && { rawArchive: new S3RawArchiveRetagger(new S3Client({}), rawBucket) }),
    triage: (tenantId, text) => {
      const hotelLexicon = hotelOf(tenantId)?.triageLexicon;
      return classifier().classify(text, hotelLexicon ? { hotelLexicon } : undefined);
    },
  };
}
