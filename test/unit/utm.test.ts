import { describe, expect, it } from 'vitest';
import { npsCampaign, npsReviewTags, withUtm } from '../../functions/domain/surveys/utm';

const TAGS = npsReviewTags('whatsapp', 'aurora-belek-2026-07');

describe('UTM tags on review links', () => {
  it('adds source, medium and campaign to a link without a query', () => {
    expect(withUtm('https://g.page/r/CXa1b2/review', TAGS)).toBe(
      'https://g.page/r/CXa1b2/review?utm_source=whatsapp&utm_medium=nps&utm_campaign=aurora-belek-2026-07',
    );
  });

  it('keeps the existing query parameters byte for byte and the fragment at the end', () => {
    const link = 'https://search.google.com/local/writereview?placeid=ChIJ%2Bx_y&hl=tr#reviews';

    expect(withUtm(link, TAGS)).toBe(
      'https://search.google.com/local/writereview?placeid=ChIJ%2Bx_y&hl=tr' +
        '&utm_source=whatsapp&utm_medium=nps&utm_campaign=aurora-belek-2026-07#reviews',
    );
  });

  it('replaces UTM tags the link already carries, whatever their case, and keeps the others', () => {
    const link = 'https://www.tripadvisor.com/UserReviewEdit-g1-d2.html?UTM_Source=site&m=1&utm_campaign=old';

    expect(withUtm(link, npsReviewTags('email', 'side-palace-2026-08'))).toBe(
      'https://www.tripadvisor.com/UserReviewEdit-g1-d2.html?m=1' +
        '&utm_source=email&utm_medium=nps&utm_campaign=side-palace-2026-08',
    );
  });

  it('encodes tag values and ignores an empty query', () => {
    expect(
      withUtm('https://example.com/review?', { source: 'web chat', medium: 'nps', campaign: 'a&b' }),
    ).toBe('https://example.com/review?utm_source=web%20chat&utm_medium=nps&utm_campaign=a%26b');
  });

  it('names the campaign after the hotel and the month on the hotel clock', () => {
    // 22:30 UTC on 31 July is already 1 August in Istanbul (UTC+3).
    expect(npsCampaign('aurora-belek', new Date('2026-07-31T22:30:00Z'), 'Europe/Istanbul')).toBe(
      'aurora-belek-2026-08',
    );
    expect(npsCampaign('aurora-belek', new Date('2026-07-31T20:30:00Z'), 'Europe/Istanbul')).toBe(
      'aurora-belek-2026-07',
    );
  });

  it('tags promoter links with the channel as source and nps as medium', () => {
    expect(npsReviewTags('sms', 'lykia-kemer-2026-09')).toEqual({
      source: 'sms',
      medium: 'nps',
      campaign: 'lykia-kemer-2026-09',
    });
  });
});
