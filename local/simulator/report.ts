import type { Survey } from '../../schemas/surveys';
import type { Ticket } from '../../schemas/ticket';
import type { Conversation, Scenario } from './scenario';

/** What the driver did (counts only: no guest data is ever printed). */
export interface DriverCounts {
  conversations: number;
  guestMessages: number;
  replies: number;
  /** First replies the scenario planned after the SLA deadline. */
  lateReplies: number;
  resolutions: number;
  leadsBooked: number;
  leadsLost: number;
  csatAnswers: number;
  checkOuts: number;
  surveysAnswered: number;
  followUps: number;
  /** Planned actions the pipeline's state made pointless (a CSAT question that was not sent…). */
  skipped: number;
  failed: number;
}

export const noCounts = (): DriverCounts => ({
  conversations: 0,
  guestMessages: 0,
  replies: 0,
  lateReplies: 0,
  resolutions: 0,
  leadsBooked: 0,
  leadsLost: 0,
  csatAnswers: 0,
  checkOuts: 0,
  surveysAnswered: 0,
  followUps: 0,
  skipped: 0,
  failed: 0,
});

/** What the pipeline recorded for the simulated days. */
export interface PipelineTally {
  tickets: number;
  followUpTickets: number;
  open: number;
  firstResponse: { met: number; breached: number };
  resolution: { met: number; breached: number };
  escalated: number;
  firstResponseMinutes: number[];
  surveys: Record<Survey['status'], number>;
  promoters: number;
  detractors: number;
}

export function tallyPipeline(tickets: readonly Ticket[], surveys: readonly Survey[]): PipelineTally {
  const tally: PipelineTally = {
    tickets: tickets.length,
    followUpTickets: 0,
    open: 0,
    firstResponse: { met: 0, breached: 0 },
    resolution: { met: 0, breached: 0 },
    escalated: 0,
    firstResponseMinutes: [],
    surveys: { scheduled: 0, sent: 0, answered: 0, expired: 0, skipped: 0 },
    promoters: 0,
    detractors: 0,
  };
  for (const ticket of tickets) {
    if (ticket.origin) tally.followUpTickets++;
    if (ticket.status !== 'resolved' && ticket.status !== 'closed') tally.open++;
    const { firstResponse, resolution } = ticket.sla ?? {};
    if (firstResponse?.outcome) tally.firstResponse[firstResponse.outcome]++;
    if (resolution?.outcome) tally.resolution[resolution.outcome]++;
    if (ticket.escalationLevel > 0) tally.escalated++;
    if (ticket.firstResponseSeconds !== undefined)
      tally.firstResponseMinutes.push(ticket.firstResponseSeconds / 60);
  }
  for (const survey of surveys) {
    tally.surveys[survey.status]++;
    if (survey.category === 'promoter') tally.promoters++;
    if (survey.category === 'detractor') tally.detractors++;
  }
  return tally;
}

/** One line of progress: where the run is and what it did so far. */
export function progressLine(scenario: Scenario, day: number, played: number, c: DriverCounts): string {
  return (
    `day ${day}/${scenario.days.length} (${scenario.days[day - 1] ?? ''})  events ${played}/${scenario.events.length}  ` +
    `conversations ${c.conversations}  replies ${c.replies}  resolved ${c.resolutions}  ` +
    `check-outs ${c.checkOuts}  surveys answered ${c.surveysAnswered}`
  );
}

/** The closing report: what was sent, and what the pipeline made of it. */
export function summaryLines(
  scenario: Scenario,
  c: DriverCounts,
  p: PipelineTally,
  failures: readonly [string, number][],
  elapsedMillis: number,
): string[] {
  const spread = (key: (conversation: Conversation) => string) => {
    const counts = new Map<string, number>();
    for (const conversation of scenario.conversations)
      counts.set(key(conversation), (counts.get(key(conversation)) ?? 0) + 1);
    return [...counts].map(([name, count]) => `${name} ${count}`).join(', ');
  };
  const minutes = [...p.firstResponseMinutes].sort((a, b) => a - b);
  const median = minutes[Math.floor(minutes.length / 2)];
  const answered = p.surveys.answered;
  const nps = answered ? Math.round(((p.promoters - p.detractors) / answered) * 100) : undefined;
  const seconds = Math.round(elapsedMillis / 1000);
  const row = (label: string, value: string | number) => `  ${label.padEnd(20)} ${value}`;
  const lines = [
    '',
    `Simulated ${scenario.days[0]} to ${scenario.days.at(-1)} in ${Math.floor(seconds / 60)} min ${seconds % 60} s.`,
    'Sent:',
    row('conversations', `${c.conversations}  (${spread((x) => x.channel)}; ${spread((x) => x.language)})`),
    row('guest messages', c.guestMessages),
    row('agent replies', `${c.replies}  (${c.lateReplies} first replies planned late)`),
    row('resolutions', c.resolutions),
    row('leads booked / lost', `${c.leadsBooked} / ${c.leadsLost}`),
    row('CSAT answers', c.csatAnswers),
    row('check-outs', c.checkOuts),
    row('surveys answered', c.surveysAnswered),
    row('survey follow-ups', `${c.followUps} called back and resolved`),
    row('skipped', `${c.skipped}  (a survey question the pipeline did not send, a lead triage did not see)`),
    'Recorded by the pipeline:',
    row(
      'tickets',
      `${p.tickets}  (${p.followUpTickets} survey follow-ups), ${p.open} open, ${p.escalated} escalated`,
    ),
    row(
      'first response',
      `${p.firstResponse.met} met, ${p.firstResponse.breached} breached` +
        (median === undefined ? '' : `, median ${median.toFixed(1)} min`),
    ),
    row('resolution', `${p.resolution.met} met, ${p.resolution.breached} breached`),
    row(
      'surveys',
      Object.entries(p.surveys)
        .map(([status, count]) => `${count} ${status}`)
        .join(', '),
    ),
    row('NPS', nps === undefined ? 'n/a' : `${nps > 0 ? '+' : ''}${nps} (${answered} answers)`),
  ];
  if (c.failed > 0) {
    lines.push(`Failed: ${c.failed}`);
    for (const [reason, count] of failures) lines.push(`  ${count}x ${reason}`);
  }
  return lines;
}
