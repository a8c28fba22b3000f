import type { MeResponse, TemplatesResponse } from '../../../schemas/agent-api';
import type { Channel } from '../../../schemas/events';
import { GuestLanguageSchema } from '../../../schemas/triage';
import type { AgentContext } from './context';
import { hotelRefOf } from './views';

/** The caller and the hotels they work for (those the configuration knows). */
export function describeMe(ctx: AgentContext): MeResponse {
  return {
    principal: ctx.principal,
    hotels: ctx.tickets.hotels.map((hotel) => ({
      ...hotelRefOf(hotel),
      timeZone: hotel.timeZone,
      channels: (Object.keys(hotel.channels) as Channel[]).filter((c) => hotel.channels[c] !== undefined),
    })),
  };
}

/** The template picker's catalogue: what each template is for, its fields and languages. */
export function listTemplates(ctx: AgentContext): TemplatesResponse {
  return {
    templates: ctx.catalogue.templates.map((t) => ({
      id: t.id,
      category: t.category,
      ...(t.basket && { basket: t.basket }),
      topics: t.topics ?? [],
      ...(t.description && { description: t.description }),
      fields: t.fields,
      languages: GuestLanguageSchema.options.filter((language) => t.text[language] !== undefined),
      hasWhatsAppTemplate: t.whatsapp !== undefined,
    })),
  };
}
