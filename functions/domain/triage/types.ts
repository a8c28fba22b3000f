import type { HotelLexicon, TriageResult } from '../../../schemas/triage';

export type {
  Basket,
  GuestLanguage,
  HotelLexicon,
  Intent,
  Language,
  Priority,
  TriageResult,
} from '../../../schemas/triage';

export interface TriageOptions {
  /** The hotel's additions to the default lexicons (its restaurant names, its own OTA partners...). */
  hotelLexicon?: HotelLexicon;
}

/**
 * Decides the basket, intent, language, topics, priority and reputation risk of one guest message.
 * The rule-based classifier answers at once; a model-based one (Amazon Bedrock) can take its place
 * behind the same promise.
 */
export interface TriageClassifier {
  classify(text: string, options?: TriageOptions): Promise<TriageResult>;
}
