import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { scanAll } from '../../../functions/adapters/dynamodb-pages';
import { DetailType } from '../../../functions/contracts/bus';
import { parseRecordNumber } from '../../../functions/domain/tickets/record-number';
import { type Ticket, TicketSchema } from '../../../schemas/ticket';
import type { RoutedEvent } from '../../runtime/event-bus';
import { LOCAL_TABLE_NAME } from '../../runtime/runtime';
import { openLocalData } from '../local-data';

/** The nearest deadline still running on a ticket, if any. */
export function nextDeadline(ticket: Ticket): { clock: string; dueAt: string } | undefined {
  const sla = ticket.sla;
  if (!sla || ticket.status === 'resolved' || ticket.status === 'closed') return undefined;
  const running = (['firstResponse', 'interimUpdate', 'resolution'] as const)
    .map((clock) => ({ clock, state: sla[clock] }))
    .filter((c) => c.state && !c.state.outcome)
    .map((c) => ({ clock: c.clock, dueAt: c.state?.dueAt as string }))
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  return running[0];
}

/** "12m left", "3h 05m overdue". */
export function timeLeft(dueAt: string, now: Date): string {
  const minutes = Math.round((Date.parse(dueAt) - now.getTime()) / 60_000);
  const abs = Math.abs(minutes);
  const text = abs >= 60 ? `${Math.floor(abs / 60)}h ${String(abs % 60).padStart(2, '0')}m` : `${abs}m`;
  return minutes >= 0 ? `${text} left` : `${text} overdue`;
}

/** `hotel-inbox tickets [--hotel H] [--status open]`: tickets by nearest SLA deadline. */
export async function ticketsCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { hotel: { type: 'string' }, status: { type: 'string' } } });
  const data = openLocalData();
  try {
    const hotels = data.hotels.filter(
      (h) => !values.hotel || h.tenantId === values.hotel || h.hotelCode === values.hotel,
    );
    if (hotels.length === 0) throw new Error(`No hotel ${values.hotel} in ${data.config.hotelsFile}`);
    const tickets: Ticket[] = [];
    for (const hotel of hotels) {
      tickets.push(
        ...(values.status === 'open' || values.status === undefined
          ? await data.tickets.listOpenTickets(hotel.tenantId)
          : await allTickets(data.client, hotel.tenantId)),
      );
    }
    const now = new Date();
    const rows = tickets
      .filter((t) => !values.status || values.status === 'all' || t.status === values.status)
      .map((t) => ({ ticket: t, next: nextDeadline(t) }))
      .sort((a, b) => (a.next?.dueAt ?? '~').localeCompare(b.next?.dueAt ?? '~'));
    process.stdout.write(
      `${['NUMBER'.padEnd(16), 'STATUS'.padEnd(13), 'SLA'.padEnd(30), 'BASKET'.padEnd(10), 'CHANNEL'.padEnd(10), 'LANG', 'PRIORITY', 'ESC'].join(' ')}\n`,
    );
    for (const { ticket: t, next } of rows) {
      const sla = next ? `${next.clock} ${timeLeft(next.dueAt, now)}` : '-';
      process.stdout.write(
        `${[t.number.padEnd(16), t.status.padEnd(13), sla.padEnd(30), (t.basket ?? '-').padEnd(10), t.channel.padEnd(10), (t.language ?? '-').padEnd(4), (t.priority ?? '-').padEnd(8), String(t.escalationLevel)].join(' ')}\n`,
      );
    }
    if (rows.length === 0) process.stdout.write('No tickets.\n');
    return 0;
  } finally {
    data.close();
  }
}

async function allTickets(
  client: ReturnType<typeof openLocalData>['client'],
  tenantId: string,
): Promise<Ticket[]> {
  const items = await scanAll(client, {
    TableName: LOCAL_TABLE_NAME,
    FilterExpression: 'begins_with(pk, :prefix) AND sk = :ticket',
    ExpressionAttributeValues: { ':prefix': `TENANT#${tenantId}#TICKET#`, ':ticket': 'TICKET' },
  });
  return items.map((item) => TicketSchema.parse(item));
}

/** `hotel-inbox ticket <number>`: one ticket with its messages and SLA history. */
export async function ticketCommand(args: string[]): Promise<number> {
  const number = args[0];
  const parsed = number ? parseRecordNumber(number) : undefined;
  if (!number || !parsed) throw new Error('usage: hotel-inbox ticket <number>, e.g. AUB-2026-000001');
  const data = openLocalData();
  try {
    const hotel = data.hotels.find((h) => h.hotelCode === parsed.hotelCode);
    const ticket = hotel ? await data.tickets.getTicket(hotel.tenantId, number.toUpperCase()) : undefined;
    if (!hotel || !ticket) {
      process.stderr.write(`No ticket ${number}\n`);
      return 1;
    }
    const out = (line = '') => process.stdout.write(`${line}\n`);
    out(`${ticket.number}  ${hotel.name}  ${ticket.status}  ${ticket.channel}`);
    out(
      `basket ${ticket.basket ?? '-'} (${ticket.intent ?? '-'})  language ${ticket.language ?? '-'}  stage ${ticket.stage ?? '-'}  priority ${ticket.priority ?? '-'}${ticket.reputationRisk ? '  REPUTATION RISK' : ''}`,
    );
    out(
      `topics ${ticket.topics.join(', ') || '-'}  team ${ticket.ownerTeam ?? '-'}  escalation level ${ticket.escalationLevel}`,
    );
    out(
      `opened ${ticket.openedAt}  first response ${ticket.firstResponseAt ?? '-'}  resolved ${ticket.resolvedAt ?? '-'}  reopened ${ticket.reopenCount}x`,
    );
    if (ticket.leadStage)
      out(
        `lead ${ticket.leadStage}${ticket.lostReason ? ` (${ticket.lostReason})` : ''}${ticket.lostOpportunityAt ? `  LOST OPPORTUNITY since ${ticket.lostOpportunityAt}` : ''}`,
      );
    if (ticket.csat)
      out(
        `CSAT ${ticket.csat.status}${ticket.csat.score ? ` ${ticket.csat.score}/5` : ''}${ticket.csat.reason ? ` (${ticket.csat.reason})` : ''}`,
      );
    if (ticket.tags.length > 0) out(`tags ${ticket.tags.join(', ')}`);
    out();
    out('SLA');
    for (const [clock, state] of Object.entries({
      'first response': ticket.sla?.firstResponse,
      'interim update': ticket.sla?.interimUpdate,
      resolution: ticket.sla?.resolution,
    })) {
      if (state)
        out(
          `  ${clock.padEnd(15)} due ${state.dueAt}  ${state.outcome ?? timeLeft(state.dueAt, new Date())}`,
        );
    }
    for (const event of ticketEvents(data.config.dataDir, ticket.ticketId)) out(`  ${event}`);
    out();
    out('Messages');
    for (const m of await data.tickets.listMessages(hotel.tenantId, ticket.ticketId)) {
      const arrow = { inbound: '<', outbound: '>', internal: '#' }[m.direction];
      const delivery = m.delivery
        ? `  [${m.delivery.status}${m.delivery.error ? ` ${m.delivery.error.code}: ${m.delivery.error.title}` : ''}]`
        : '';
      out(`  ${m.at}  ${arrow} ${m.author.padEnd(9)} ${m.text ?? `[${m.type}]`}${delivery}`);
    }
    return 0;
  } finally {
    data.close();
  }
}

const HISTORY_TYPES: readonly string[] = [
  DetailType.ticketOpened,
  DetailType.ticketAssigned,
  DetailType.slaBreached,
  DetailType.ticketEscalated,
  DetailType.ticketResolved,
  DetailType.ticketReopened,
  DetailType.leadStageChanged,
  DetailType.lostOpportunityFlagged,
  DetailType.outboundMessageFailed,
  DetailType.csatRecorded,
];

/** The ticket's lifecycle events from the local bus log. */
function ticketEvents(dataDir: string, ticketId: string): string[] {
  let lines: string[] = [];
  try {
    lines = readFileSync(join(dataDir, 'events.jsonl'), 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
  return lines
    .map((line) => JSON.parse(line) as RoutedEvent)
    .filter((e) => e.detail.ticketId === ticketId && HISTORY_TYPES.includes(e['detail-type']))
    .map((e) => {
      const d = e.detail as { clock?: string; level?: number; team?: string; reason?: string };
      const extra = [
        d.clock,
        d.level !== undefined ? `level ${d.level}` : undefined,
        d.team,
        d.reason,
      ].filter(Boolean);
      return `${e.time}  ${e['detail-type']}${extra.length ? ` (${extra.join(', ')})` : ''}`;
    });
}
