import { toZoned } from '../sla/time-zone';

/** The UTM tags seed 002 §10 asks for, so that GA4 tells the channels of a review click apart. */
export interface UtmTags {
  source: string;
  medium: string;
  campaign: string;
}

const UTM_NAMES = ['utm_source', 'utm_medium', 'utm_campaign'] as const;

/**
 * The NPS campaign of a hotel for a month, the month read on the hotel's wall clock.
 * @example npsCampaign('aurora-belek', new Date('2026-07-31T22:30:00Z'), 'Europe/Istanbul') === 'aurora-belek-2026-08'
 */
export function npsCampaign(tenantId: string, at: Date, timeZone: string): string {
  const { year, month } = toZoned(at.getTime(), timeZone);
  return `${tenantId}-${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** The tags of a promoter's review link: `utm_source=<channel>&utm_medium=nps&utm_campaign=<hotel>-<yyyy-mm>`. */
export const npsReviewTags = (channel: string, campaign: string): UtmTags => ({
  source: channel,
  medium: 'nps',
  campaign,
});

/**
 * `link` with the three UTM tags set. Tags already on the link are replaced; every other query
 * parameter and the fragment stay byte for byte (review sites sign or parse their own parameters,
 * so the query is not re-encoded).
 * @example withUtm('https://g.page/r/abc/review?hl=tr#top', { source: 'whatsapp', medium: 'nps', campaign: 'aurora-belek-2026-07' })
 *   === 'https://g.page/r/abc/review?hl=tr&utm_source=whatsapp&utm_medium=nps&utm_campaign=aurora-belek-2026-07#top'
 */
export function withUtm(link: string, tags: UtmTags): string {
  const hashAt = link.indexOf('#');
  const fragment = hashAt >= 0 ? link.slice(hashAt) : '';
  const beforeFragment = hashAt >= 0 ? link.slice(0, hashAt) : link;
  const queryAt = beforeFragment.indexOf('?');
  const base = queryAt >= 0 ? beforeFragment.slice(0, queryAt) : beforeFragment;
  const kept = (queryAt >= 0 ? beforeFragment.slice(queryAt + 1) : '')
    .split('&')
    .filter((pair) => pair !== '' && !isUtmTag(pair));
  const added = [tags.source, tags.medium, tags.campaign].map(
    (value, i) => `${UTM_NAMES[i]}=${encodeURIComponent(value)}`,
  );
  return `${base}?${[...kept, ...added].join('&')}${fragment}`;
}

function isUtmTag(pair: string): boolean {
  const name = pair.split('=', 1)[0] ?? '';
  let decoded = name;
  try {
    decoded = decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    // A malformed escape is not one of ours: keep the pair as it is.
  }
  return (UTM_NAMES as readonly string[]).includes(decoded.toLowerCase());
}
