import type { NpsCategory, Survey, SurveyStatus } from '../../../schemas/surveys';

/** Seed 002: detractor 0–6, passive 7–8, promoter 9–10. */
export const categoryOf = (score: number): NpsCategory =>
  score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';

export interface ChannelResponse {
  channel: string;
  /** Surveys that went out on the channel (sent, answered or expired). */
  sent: number;
  answered: number;
  /** answered / sent, 0–1; undefined when nothing was sent. */
  rate: number | undefined;
}

export interface SegmentNps {
  value: string;
  answered: number;
  nps: number | undefined;
}

export type SegmentDimension = 'channel' | 'market' | 'roomType' | 'stayPurpose';

export interface NpsReport {
  surveys: number;
  byStatus: Record<SurveyStatus, number>;
  /** Answered surveys with a score: the base of the NPS. */
  answered: number;
  byCategory: Record<NpsCategory, number>;
  /** promoters% − detractors% of the answered, −100 to 100; undefined with no answer. */
  nps: number | undefined;
  responseByChannel: ChannelResponse[];
  bySegment: Record<SegmentDimension, SegmentNps[]>;
}

const WENT_OUT: readonly SurveyStatus[] = ['sent', 'answered', 'expired'];
const DIMENSIONS: readonly SegmentDimension[] = ['channel', 'market', 'roomType', 'stayPurpose'];

type Answered = Survey & { score: number };
const isAnswered = (s: Survey): s is Answered => s.status === 'answered' && s.score !== undefined;
const channelOf = (s: Survey) => s.sentVia ?? s.segment.channel ?? 'unknown';

/** The NPS of a set of surveys: promoters% − detractors% of those answered. */
export function npsOf(surveys: readonly Survey[]): number | undefined {
  const answered = surveys.filter(isAnswered);
  if (answered.length === 0) return undefined;
  const count = (category: NpsCategory) =>
    answered.filter((s) => (s.category ?? categoryOf(s.score)) === category).length;
  return ((count('promoter') - count('detractor')) / answered.length) * 100;
}

/** Seed 002's report over a hotel's surveys: NPS, counts per category, response rate per channel. */
export function npsReport(surveys: readonly Survey[]): NpsReport {
  const byStatus: Record<SurveyStatus, number> = {
    scheduled: 0,
    sent: 0,
    answered: 0,
    expired: 0,
    skipped: 0,
  };
  const byCategory: Record<NpsCategory, number> = { detractor: 0, passive: 0, promoter: 0 };
  for (const survey of surveys) byStatus[survey.status]++;
  const answered = surveys.filter(isAnswered);
  for (const survey of answered) byCategory[survey.category ?? categoryOf(survey.score)]++;

  const channels = new Map<string, ChannelResponse>();
  for (const survey of surveys.filter((s) => WENT_OUT.includes(s.status))) {
    const channel = channelOf(survey);
    const row = channels.get(channel) ?? { channel, sent: 0, answered: 0, rate: undefined };
    row.sent++;
    if (survey.status === 'answered') row.answered++;
    row.rate = row.answered / row.sent;
    channels.set(channel, row);
  }

  return {
    surveys: surveys.length,
    byStatus,
    answered: answered.length,
    byCategory,
    nps: npsOf(answered),
    responseByChannel: [...channels.values()].sort((a, b) => a.channel.localeCompare(b.channel)),
    bySegment: Object.fromEntries(
      DIMENSIONS.map((dimension) => [dimension, segmentNps(answered, dimension)]),
    ) as Record<SegmentDimension, SegmentNps[]>,
  };
}

function segmentNps(answered: readonly Answered[], dimension: SegmentDimension): SegmentNps[] {
  const groups = new Map<string, Answered[]>();
  for (const survey of answered) {
    const value = dimension === 'channel' ? channelOf(survey) : (survey.segment[dimension] ?? 'unknown');
    groups.set(value, [...(groups.get(value) ?? []), survey]);
  }
  return [...groups.entries()]
    .map(([value, group]) => ({ value, answered: group.length, nps: npsOf(group) }))
    .sort((a, b) => b.answered - a.answered || a.value.localeCompare(b.value));
}
