import { describe, expect, it } from 'vitest';
import { categoryOf, npsOf, npsReport } from '../../functions/domain/surveys/nps-report';
import type { Survey, SurveyChannel, SurveyStatus } from '../../schemas/surveys';

let count = 0;
function survey(
  status: SurveyStatus,
  options: { score?: number; via?: SurveyChannel; market?: string } = {},
): Survey {
  count++;
  return {
    tenantId: 'aurora-belek',
    surveyId: `nps_${count}`,
    kind: 'nps',
    reservationId: `R-${count}`,
    guestId: `g_${count}`,
    language: 'tr',
    status,
    scheduledFor: '2026-07-19T13:00:00.000Z',
    segment: { stage: 'post-stay', channel: 'whatsapp', ...(options.market && { market: options.market }) },
    ...(options.via && { sentVia: options.via }),
    ...(options.score !== undefined && { score: options.score, category: categoryOf(options.score) }),
    createdAt: '2026-07-19T09:00:00.000Z',
    updatedAt: '2026-07-19T09:00:00.000Z',
  };
}
const answered = (score: number, via: SurveyChannel = 'whatsapp', market?: string) =>
  survey('answered', { score, via, ...(market && { market }) });

describe('the NPS report', () => {
  it('puts 0–6 with detractors, 7–8 with passives and 9–10 with promoters (seed 002)', () => {
    expect([0, 6, 7, 8, 9, 10].map(categoryOf)).toEqual([
      'detractor',
      'detractor',
      'passive',
      'passive',
      'promoter',
      'promoter',
    ]);
  });

  it('is promoters% minus detractors% of the answered surveys', () => {
    const surveys = [answered(10), answered(9), answered(9), answered(8), answered(3), answered(6)];

    expect(npsOf(surveys)).toBeCloseTo(((3 - 2) / 6) * 100);
  });

  it('has no NPS without an answer', () => {
    expect(npsReport([survey('sent', { via: 'whatsapp' }), survey('scheduled')]).nps).toBeUndefined();
  });

  it('counts surveys per status and answers per category, leaving unanswered ones out of the NPS', () => {
    const report = npsReport([
      answered(10),
      answered(7),
      answered(2),
      survey('sent', { via: 'email' }),
      survey('expired', { via: 'whatsapp' }),
      survey('scheduled'),
      survey('skipped'),
    ]);

    expect(report.byStatus).toEqual({ scheduled: 1, sent: 1, answered: 3, expired: 1, skipped: 1 });
    expect(report.byCategory).toEqual({ detractor: 1, passive: 1, promoter: 1 });
    expect(report.answered).toBe(3);
    expect(report.nps).toBe(0);
  });

  it('gives the response rate per channel the survey went out on: answered / sent', () => {
    const report = npsReport([
      answered(9, 'whatsapp'),
      answered(10, 'whatsapp'),
      survey('expired', { via: 'whatsapp' }),
      survey('sent', { via: 'whatsapp' }),
      answered(4, 'email'),
      survey('expired', { via: 'email' }),
      survey('scheduled'),
      survey('skipped'),
    ]);

    expect(report.responseByChannel).toEqual([
      { channel: 'email', sent: 2, answered: 1, rate: 0.5 },
      { channel: 'whatsapp', sent: 4, answered: 2, rate: 0.5 },
    ]);
  });

  it('breaks the NPS down by segment', () => {
    const report = npsReport([
      answered(10, 'whatsapp', 'DE'),
      answered(3, 'whatsapp', 'DE'),
      answered(9, 'sms', 'TR'),
    ]);

    expect(report.bySegment.market).toEqual([
      { value: 'DE', answered: 2, nps: 0 },
      { value: 'TR', answered: 1, nps: 100 },
    ]);
    expect(report.bySegment.channel.map((s) => s.value)).toEqual(['whatsapp', 'sms']);
  });
});
