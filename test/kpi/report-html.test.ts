import { describe, expect, test } from 'vitest';
import { escapeHtml, renderHtml } from '../../local/kpi/report-html';
import { weeklyReport } from '../../local/kpi/weekly-report';
import { sampleResults } from './sample-results';

const HOSTILE = '<script>alert("x")</script>';

function page(name = 'Aurora Belek Resort & Spa', rootCause = 'wifi') {
  const results = sampleResults();
  results.top_root_causes?.rows.push({ week: '2026-07-20', place: 2, root_cause: rootCause, tickets: 1 });
  return renderHtml(weeklyReport({ tenantId: 'aurora-belek', name }, '2026-W30', results));
}

describe('renderHtml', () => {
  test('draws the four charts as inline SVG', () => {
    const html = page();
    expect(html.match(/<svg /g)).toHaveLength(4);
    for (const chart of [
      'First response time per channel',
      'SLA breaches per day',
      'NPS trend',
      'Lead funnel',
    ])
      expect(html).toContain(`aria-label="${chart}"`);
  });

  test("escapes every text, a hotel's name and a root cause included", () => {
    const html = page(HOSTILE, '<img src=x onerror=alert(1)>');
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(escapeHtml(`'&`)).toBe('&#39;&amp;');
  });

  test('loads nothing: no scripts, links, sources, imports or URLs', () => {
    const html = page();
    expect(html).not.toMatch(/\b(src|href|xlink:href)\s*=/i);
    expect(html).not.toMatch(/https?:|@import|url\(/i);
    expect(html).not.toMatch(/<(script|link|iframe|img|object|embed)\b/i);
  });

  test('draws empty charts for a week without data', () => {
    const html = renderHtml(weeklyReport({ tenantId: 'aurora-belek', name: 'Aurora' }, '2026-W30', {}));
    expect(html.match(/<svg /g)).toHaveLength(4);
    expect(html).toContain('no answered tickets this week');
  });
});
