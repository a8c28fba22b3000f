import type {
  Basket,
  GuestLanguage,
  HotelLexicon,
  Lexicon,
  Priority,
  TriagePolicy,
  TriageResult,
} from '../../../schemas/triage';
import { compileLexicons, type LexiconMatcher } from './compile-lexicons';
import { detectLanguage, type LanguageGuess } from './detect-language';
import { DEFAULT_LEXICONS, DEFAULT_POLICY, withHotelLexicon } from './load-lexicons';
import { matchRules, matchWords, type RuleHit } from './match-lexicon';
import { tokenize } from './normalize-text';
import type { TriageClassifier, TriageOptions } from './types';

/** Why a message was triaged the way it was: for the eval report and for tuning a hotel's lexicon. */
export interface TriageExplanation {
  result: TriageResult;
  languageScores: LanguageGuess['scores'];
  basketScores: Record<Basket, number>;
  hits: { rule: string; language: string; term: string; quality: number }[];
}

const PRIORITY_RANK: Record<Priority, number> = { low: 0, normal: 1, high: 2, urgent: 3 };
const BASKETS: readonly Basket[] = ['sales', 'support', 'complaint'];

/**
 * Triage by lexicon rules: detect the language, match the rules of that language (and of any other
 * language that scored close, for mixed lines), add up each basket's weights, take the best basket;
 * priority from the basket, raised by rule floors and by reputation risk. Deterministic, no I/O.
 */
export class RuleBasedTriageClassifier implements TriageClassifier {
  private readonly defaults: LexiconMatcher;
  private readonly perHotel = new WeakMap<HotelLexicon, LexiconMatcher>();

  constructor(
    private readonly lexicons: readonly Lexicon[] = DEFAULT_LEXICONS,
    private readonly policy: TriagePolicy = DEFAULT_POLICY,
  ) {
    this.defaults = compileLexicons(lexicons, policy);
  }

  async classify(text: string, options?: TriageOptions): Promise<TriageResult> {
    return this.classifySync(text, options);
  }

  classifySync(text: string, options?: TriageOptions): TriageResult {
    return this.explain(text, options).result;
  }

  explain(text: string, options?: TriageOptions): TriageExplanation {
    const matcher = this.matcherFor(options?.hotelLexicon);
    const tokens = tokenize(text);
    const words = matchWords(matcher, tokens);
    const guess = detectLanguage(matcher, tokens, words);
    const hits = matchRules(matcher, tokens, words, this.languagesToMatch(guess));
    const basketScores = this.scoreBaskets(hits, text);
    const basket = this.chooseBasket(basketScores);
    const reputationRisk = hits.some(
      ({ rule }) =>
        rule.flags?.includes('reputation') ||
        (basket === 'complaint' && rule.flags?.includes('reputation-if-complaint')),
    );
    const topics = topicsOf(hits);
    const result: TriageResult = {
      basket,
      intent: this.policy.intentOf[basket],
      language: guess.language,
      topics,
      priority: this.priorityOf(basket, hits, reputationRisk),
      reputationRisk,
    };
    return {
      result,
      languageScores: guess.scores,
      basketScores,
      hits: hits.map(({ rule, term, quality }) => ({
        rule: rule.id,
        language: rule.language,
        term,
        quality,
      })),
    };
  }

  private matcherFor(hotelLexicon: HotelLexicon | undefined): LexiconMatcher {
    if (!hotelLexicon) return this.defaults;
    let matcher = this.perHotel.get(hotelLexicon);
    if (!matcher) {
      matcher = compileLexicons(withHotelLexicon(this.lexicons, hotelLexicon), this.policy);
      this.perHotel.set(hotelLexicon, matcher);
    }
    return matcher;
  }

  /** The detected language, plus any language close behind it; every language when unknown. */
  private languagesToMatch({ language, scores }: LanguageGuess): Set<GuestLanguage> {
    const all = Object.keys(scores) as GuestLanguage[];
    if (language === 'unknown') return new Set(all);
    const floor = scores[language] * this.policy.language.secondaryShare;
    return new Set(all.filter((l) => l === language || (scores[l] > 0 && scores[l] >= floor)));
  }

  private scoreBaskets(hits: readonly RuleHit[], text: string): Record<Basket, number> {
    const scores: Record<Basket, number> = { sales: 0, support: 0, complaint: 0 };
    for (const { rule, quality } of hits) {
      for (const basket of BASKETS) scores[basket] += (rule.weights?.[basket] ?? 0) * quality;
    }
    if (/!{2,}/.test(text)) {
      for (const basket of BASKETS) scores[basket] += this.policy.emphasis[basket] ?? 0;
    }
    return scores;
  }

  private chooseBasket(scores: Record<Basket, number>): Basket {
    let best: Basket | undefined;
    for (const basket of this.policy.tieOrder) {
      if (scores[basket] > 0 && (best === undefined || scores[basket] > scores[best])) best = basket;
    }
    return best ?? this.policy.defaultBasket;
  }

  private priorityOf(basket: Basket, hits: readonly RuleHit[], reputationRisk: boolean): Priority {
    const floors = hits.flatMap(({ rule }) => (rule.priority ? [rule.priority] : []));
    if (reputationRisk) floors.push(this.policy.reputationRiskPriority);
    const base = this.policy.priorityOf[basket];
    // Lowered when everything that voted for the basket is a low-priority topic (a thank-you).
    const voters = hits.filter(({ rule }) => (rule.weights?.[basket] ?? 0) > 0);
    const lowered =
      floors.length === 0 &&
      voters.length > 0 &&
      voters.every(
        ({ rule }) => rule.topic !== undefined && this.policy.lowPriorityTopics.includes(rule.topic),
      );
    if (lowered) return 'low';
    return [base, ...floors].reduce((a, b) => (PRIORITY_RANK[b] > PRIORITY_RANK[a] ? b : a));
  }
}

/** The topics of the rules that fired, the strongest rule's first. */
function topicsOf(hits: readonly RuleHit[]): string[] {
  const strength = (hit: RuleHit) =>
    hit.quality * Math.max(0.1, ...Object.values(hit.rule.weights ?? {}).map((w) => Math.abs(w ?? 0)));
  const ordered = [...hits].sort((a, b) => strength(b) - strength(a));
  return [...new Set(ordered.flatMap((hit) => (hit.rule.topic ? [hit.rule.topic] : [])))];
}
