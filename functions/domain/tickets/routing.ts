import type { RoutingRule } from '../../../schemas/routing';
import type { Team, Ticket } from '../../../schemas/ticket';

/**
 * Seed 001: the front line (call center) takes sales and questions, the coordinator (guest
 * relations) takes complaints, the owning department takes what only it can fix, and the
 * supervisor takes reputation risks.
 */
export const DEFAULT_ROUTING: readonly RoutingRule[] = [
  { when: { reputationRisk: true }, team: 'supervisor' },
  { when: { basket: 'complaint', topics: ['cleanliness'] }, team: 'owner', department: 'housekeeping' },
  { when: { basket: 'complaint', topics: ['maintenance'] }, team: 'owner', department: 'technical' },
  { when: { basket: 'complaint', topics: ['food'] }, team: 'owner', department: 'food-beverage' },
  { when: { basket: 'complaint', topics: ['noise'] }, team: 'owner', department: 'front-office' },
  { when: { basket: 'complaint' }, team: 'coordinator' },
  { when: { topics: ['lost-item', 'invoice', 'billing', 'refund'] }, team: 'coordinator' },
  { when: {}, team: 'frontline' },
];

type Routable = Pick<Ticket, 'basket' | 'topics' | 'language' | 'reputationRisk'>;

const matches = (rule: RoutingRule, ticket: Routable) => {
  const { basket, topics, language, reputationRisk } = rule.when;
  return (
    (basket === undefined || basket === ticket.basket) &&
    (language === undefined || language === ticket.language) &&
    (reputationRisk === undefined || reputationRisk === ticket.reputationRisk) &&
    (topics === undefined || topics.some((topic) => ticket.topics.includes(topic)))
  );
};

/** The owner team of a triaged ticket and the index of the rule that chose it. */
export function routeTicket(
  ticket: Routable,
  rules: readonly RoutingRule[] = DEFAULT_ROUTING,
): { team: Team; department?: string; rule: string } {
  const index = rules.findIndex((rule) => matches(rule, ticket));
  const rule = rules[index];
  return rule
    ? {
        team: rule.team,
        ...(rule.department && { department: rule.department }),
        rule: `rule ${index + 1}: ${JSON.stringify(rule.when)}`,
      }
    : { team: 'frontline', rule: 'default' };
}
