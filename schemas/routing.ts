import * as z from 'zod';
import { TeamSchema } from './ticket';
import { BasketSchema, LanguageSchema } from './triage';

/**
 * One routing rule: when a ticket matches every condition given, the team owns it.
 * @example { "when": { "basket": "complaint", "topics": ["cleanliness", "maintenance"] }, "team": "owner" }
 */
export const RoutingRuleSchema = z.strictObject({
  when: z.strictObject({
    basket: BasketSchema.optional(),
    /** Matches when the ticket has any of these topics. */
    topics: z.array(z.string()).min(1).optional(),
    language: LanguageSchema.optional(),
    reputationRisk: z.boolean().optional(),
  }),
  team: TeamSchema,
  /** The department that owns the ticket when the team is `owner` (its owners see it). */
  department: z
    .string()
    .regex(/^[a-z][a-z-]*$/, 'lower case, e.g. housekeeping')
    .optional(),
});
export type RoutingRule = z.infer<typeof RoutingRuleSchema>;
