import type { Priority, TriageResult } from '../../../schemas/triage';

const PRIORITY_RANK: Record<Priority, number> = { low: 0, normal: 1, high: 2, urgent: 3 };

/**
 * One triage of several results for the same ticket's first messages: those of the texts triage
 * reads, and those decided at intake for texts withheld as sensitive (`MessageSensitivity.triage`).
 * The most pressing result (highest priority, the earliest of equals) gives the basket, intent
 * and priority; the language is the first one known; the topics are all of them, the leading
 * result's first; any reputation risk counts.
 * @example combineTriageResults(info, complaint) // complaint's basket and priority, both topics
 */
export function combineTriageResults(first: TriageResult, ...others: TriageResult[]): TriageResult {
  if (others.length === 0) return first;
  const results = [first, ...others];
  const lead = results.reduce((best, result) =>
    PRIORITY_RANK[result.priority] > PRIORITY_RANK[best.priority] ? result : best,
  );
  return {
    basket: lead.basket,
    intent: lead.intent,
    language: results.find((result) => result.language !== 'unknown')?.language ?? 'unknown',
    topics: [...new Set([lead, ...results].flatMap((result) => result.topics))],
    priority: lead.priority,
    reputationRisk: results.some((result) => result.reputationRisk),
  };
}
