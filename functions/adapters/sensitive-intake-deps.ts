import type { Hotel } from '../domain/hotels';
import type { SensitiveIntakePorts } from '../domain/privacy/protect-message-text';
import { RuleBasedTriageClassifier } from '../domain/triage/rule-based-classifier';
import { lazy } from './ingest-deps';
import { sensitiveCipherFromEnv } from './sensitive-cipher-from-env';

/**
 * The intake's sealing of sensitive texts wired from the environment: the cipher of
 * `sensitiveCipherFromEnv`, and the same rule-based triage (with the hotel's lexicon) the
 * conversation workflow runs, for the texts it will not be able to read.
 */
export function sensitiveIntakePortsFromEnv(
  hotelOf: (tenantId: string) => Hotel | undefined,
  env = process.env,
): SensitiveIntakePorts {
  const classifier = lazy(() => new RuleBasedTriageClassifier());
  return {
    cipher: sensitiveCipherFromEnv(env),
    triage: (tenantId, text) => {
      const hotelLexicon = hotelOf(tenantId)?.triageLexicon;
      return classifier().classify(text, hotelLexicon ? { hotelLexicon } : undefined);
    },
  };
}
