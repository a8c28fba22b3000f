import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DynamoDbSurveyStore } from '../../../functions/adapters/dynamodb-survey-store';
import type { Hotel } from '../../../functions/domain/hotels';
import { conversationKeyOf } from '../../../functions/domain/ingest/keys';
import { signMetaBody } from '../../../functions/domain/ingest/signature';
import { addDays, fromZoned, type LocalDate, toZoned } from '../../../functions/domain/sla/time-zone';
import { signPmsBody } from '../../../functions/domain/surveys/pms-signature';
import { surveyIdOf } from '../../../functions/domain/surveys/survey-ids';
import type { Ticket } from '../../../schemas/ticket';
import { mintDevToken } from '../../auth/dev-token';
import { CLOCK_PATH } from '../../runtime/clock-endpoint';
import { type LocalConfig, loadConfig } from '../../runtime/config';
import { LOCAL_TABLE_NAME, loadHotels, runtimeFileOf } from '../../runtime/runtime';
import { checkoutsDelivery, instagramTextDelivery, whatsappTextDelivery } from '../../simulator/deliveries';
import {
  type DriverCounts,
  noCounts,
  type PipelineTally,
  progressLine,
  summaryLines,
  tallyPipeline,
} from '../../simulator/report';
import {
  AGENTS,
  type Closing,
  type Conversation,
  type Departure,
  generateScenario,
  type Scenario,
  type SimEvent,
} from '../../simulator/scenario';
import { openLocalData } from '../local-data';

export const SIMULATE_USAGE = `Usage: npx hotel-inbox simulate [--hotels N] [--days D] [--seed S] [--per-day C] [--start YYYY-MM-DD]

Drives realistic, signed traffic through the running local pipeline (npm start) over HTTP:
guests write on WhatsApp, Instagram and web chat in Turkish, English, German and Russian
(busier in season, on weekends, in the morning and the evening), agents answer through the
agent API (some after the SLA deadline), resolve and move leads, the PMS reports check-outs,
and guests answer CSAT and NPS surveys. The runtime's clock moves forward through the simulated
days (and stays there: it never goes back), so D days take minutes and every recorded time is
simulated time.

  --hotels N     the first N hotels of the running pipeline (default 3)
  --days D       simulated days (default 14)
  --seed S       the same seed gives the same traffic (default 1)
  --per-day C    conversations per hotel on an average day, before season and weekday (default 3)
  --start DATE   the first simulated day (default: tomorrow, in the first hotel's time)`;

/** `hotel-inbox simulate`: the one-command demo of the whole pipeline. */
export async function simulateCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      hotels: { type: 'string', default: '3' },
      days: { type: 'string', default: '14' },
      seed: { type: 'string', default: '1' },
      'per-day': { type: 'string', default: '3' },
      start: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${SIMULATE_USAGE}\n`);
    return 0;
  }
  const wanted = whole('--hotels', values.hotels, 1, 50);
  const days = whole('--days', values.days, 1, 365);
  const seed = whole('--seed', values.seed, 0, 2 ** 32 - 1);
  const perDay = whole('--per-day', values['per-day'], 1, 500);
  const config = loadConfig();
  const runtime = await connect(config);
  const hotels = runtime.hotels.slice(0, wanted);
  if (hotels.length < wanted)
    process.stderr.write(
      `Only ${hotels.length} hotel(s) are configured (${config.hotelsFile}): simulating ${hotels.length}.\n`,
    );
  const start = firstDay(values.start, runtime.now, (hotels[0] as Hotel).timeZone);
  const scenario = generateScenario({ seed, start, days, hotels, perDay });
  process.stdout.write(
    `Simulating ${scenario.days[0]} to ${scenario.days.at(-1)} at ${hotels.map((h) => h.hotelCode).join(', ')} ` +
      `(seed ${seed}): ${scenario.conversations.length} conversations, ${scenario.departures.length} check-outs, ` +
      `${scenario.events.length} events. The runtime's clock moves forward with them.\n`,
  );
  const began = Date.now();
  const driver = new Driver(config, runtime.url, hotels, scenario);
  try {
    await driver.run();
    const tally = await driver.tally();
    const lines = summaryLines(scenario, driver.counts, tally, driver.failureReasons(), Date.now() - began);
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    driver.close();
  }
  return driver.counts.failed > 0 ? 1 : 0;
}

function whole(name: string, value: string | undefined, min: number, max: number): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max)
    throw new Error(`${name} must be a whole number from ${min} to ${max} (got "${value}")`);
  return number;
}

/** Midnight (hotel time) of `--start`, or of tomorrow: simulated days are whole days. */
function firstDay(start: string | undefined, now: Date, timeZone: string): Date {
  const match = start === undefined ? undefined : /^(\d{4})-(\d{2})-(\d{2})$/.exec(start);
  if (start !== undefined && !match) throw new Error(`--start must be a date YYYY-MM-DD (got "${start}")`);
  const date: LocalDate = match
    ? { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) }
    : addDays(toZoned(now.getTime(), timeZone), 1);
  const midnight = new Date(fromZoned(date, timeZone));
  if (midnight < now)
    throw new Error(
      `the runtime's clock is at ${now.toISOString()} already and never goes back: --start must be later`,
    );
  return midnight;
}

interface RunningRuntime {
  url: string;
  now: Date;
  hotels: Hotel[];
}

/** The running `hotel-inbox start`, or an error that says how to start it. */
async function connect(config: LocalConfig): Promise<RunningRuntime> {
  const file = runtimeFileOf(config.dataDir);
  if (!existsSync(file))
    throw new Error(`hotel-inbox is not running (no ${file}); start it with npm start in another terminal`);
  const { url, slaClockSpeed } = JSON.parse(readFileSync(file, 'utf8')) as {
    url: string;
    slaClockSpeed?: number;
  };
  let clock: Response;
  let status: Response;
  try {
    [clock, status] = await Promise.all([fetch(`${url}${CLOCK_PATH}`), fetch(`${url}/`)]);
  } catch {
    throw new Error(`hotel-inbox is not answering at ${url}; start it with npm start in another terminal`);
  }
  if (clock.status !== 200)
    throw new Error(
      `the hotel-inbox at ${url} has no clock control (${CLOCK_PATH}); restart it with npm start`,
    );
  if (slaClockSpeed !== undefined && slaClockSpeed !== 1)
    throw new Error(
      `the runtime runs its clocks at ${slaClockSpeed}x (SLA_CLOCK_SPEED); simulate moves the clock itself: restart it without SLA_CLOCK_SPEED`,
    );
  const { now } = (await clock.json()) as { now: string };
  const running = (await status.json()) as { hotels: { tenantId: string }[] };
  // The runtime's hotels, in its order, with their accounts from the same HOTELS_FILE.
  const configured = new Map(loadHotels(config.hotelsFile).map((h) => [h.tenantId, h]));
  const hotels = running.hotels.flatMap((h) => configured.get(h.tenantId) ?? []);
  if (hotels.length === 0)
    throw new Error(`none of the running pipeline's hotels is in ${config.hotelsFile}`);
  return { url, now: new Date(now), hotels };
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** The fields a complaint is closed with when triage saw one the scenario did not plan. */
const UNPLANNED_COMPLAINT = {
  complaint: {
    event: 'Guest dissatisfied with the service',
    impact: 'The stay fell short of expectations',
    expectation: 'A quick fix and an apology',
  },
  rootCause: 'communication gap',
};

/**
 * Plays a scenario against the running pipeline, event by event: first the runtime's clock moves
 * to the event's time (answering once what came due has run), then the guest, the agent or the
 * PMS acts over HTTP exactly as in production (signed webhooks, staff tokens). What an agent
 * needs to know about a ticket (its number, its basket, whether a survey question went out) is
 * read from the runtime's table, as the inbox would show it.
 */
class Driver {
  readonly counts: DriverCounts = noCounts();
  private readonly failures = new Map<string, number>();
  private readonly data: ReturnType<typeof openLocalData>;
  private readonly surveys: DynamoDbSurveyStore;
  private readonly tokens: Map<string, string>;
  private readonly hotelsById: Map<string, Hotel>;
  private readonly webchatSessions = new Map<number, { sessionId: string; token: string }>();
  private readonly started = new Set<number>();
  private readonly progress: Progress;

  constructor(
    private readonly config: LocalConfig,
    private readonly url: string,
    private readonly hotels: Hotel[],
    private readonly scenario: Scenario,
  ) {
    this.data = openLocalData(config);
    this.surveys = new DynamoDbSurveyStore(this.data.client, LOCAL_TABLE_NAME);
    this.hotelsById = new Map(hotels.map((h) => [h.tenantId, h]));
    // Minted as `hotel-inbox token` does; the authorizer checks them against real time.
    const subject = (userId: string) => ({
      userId,
      role: 'frontline' as const,
      hotels: hotels.map((h) => h.tenantId),
    });
    this.tokens = new Map(
      AGENTS.map((agent) => [
        agent,
        mintDevToken(config.agentTokenSecret, subject(agent), new Date(), 12 * 3600),
      ]),
    );
    this.progress = new Progress(scenario);
  }

  async run() {
    for (const event of this.scenario.events) {
      await this.advanceTo(new Date(event.at));
      try {
        await this.play(event);
      } catch (error) {
        this.fail(`${event.kind}: ${error instanceof Error ? error.message : String(error)}`);
      }
      this.progress.update(event, this.counts);
    }
    // To the end of the last day: the deadlines that fall before it are decided.
    await this.advanceTo(new Date(this.scenario.end));
    this.progress.done(this.counts);
  }

  close() {
    this.data.close();
  }

  /** What the pipeline recorded for this run's days: its tickets and its guests' surveys. */
  async tally(): Promise<PipelineTally> {
    const { start, end, runTag } = this.scenario;
    // A survey is listed by its send time: the last day's check-outs are asked a day later.
    const surveysUntil = new Date(Date.parse(end) + 2 * 86_400_000).toISOString();
    const tickets: Ticket[] = [];
    const surveys = [];
    for (const { tenantId } of this.hotels) {
      tickets.push(...(await this.data.tickets.listTicketsOpenedBetween(tenantId, start, end)));
      for (const survey of await this.surveys.listSurveys(tenantId, start, surveysUntil))
        if (survey.reservationId.startsWith(`SIM-${runTag.toUpperCase()}-`)) surveys.push(survey);
    }
    return tallyPipeline(tickets, surveys);
  }

  failureReasons(): [string, number][] {
    return [...this.failures];
  }

  private async advanceTo(at: Date) {
    let answer = await this.post(CLOCK_PATH, JSON.stringify({ advanceTo: at.toISOString() }));
    // Real time runs on: an event the clock has just passed is played now, once the runtime is quiet.
    if (answer.status === 400 && answer.body.error === 'clock_backwards')
      answer = await this.post(CLOCK_PATH, '{}');
    if (answer.status !== 200) throw new Error(`the runtime's clock answered ${answer.status}`);
  }

  private async play(event: SimEvent) {
    switch (event.kind) {
      case 'guest-message': {
        const conversation = this.conversation(event.conversation);
        if (!this.started.has(conversation.index)) {
          this.started.add(conversation.index);
          this.counts.conversations++;
        }
        await this.guestWrites(conversation, event.text, event.messageId, new Date(event.at));
        this.counts.guestMessages++;
        return;
      }
      case 'agent-reply': {
        const conversation = this.conversation(event.conversation);
        const ticket = await this.ticketOf(conversation);
        if (!(await this.reply(event.agent, ticket, event.message))) return;
        this.counts.replies++;
        if (event.first && conversation.lateReply) this.counts.lateReplies++;
        return;
      }
      case 'resolve': {
        const ticket = await this.ticketOf(this.conversation(event.conversation));
        await this.resolve(event.agent, ticket, event.closing, event);
        this.counts.resolutions++;
        return;
      }
      case 'lead-stage': {
        const ticket = await this.ticketOf(this.conversation(event.conversation));
        if (ticket.basket !== 'sales') return this.skip();
        const { stage, lostReason } = event;
        const moved = await this.agent(event.agent, ticket, 'lead-stage', {
          stage,
          ...(lostReason && { lostReason }),
        });
        this.expect(moved, 200, 'lead stage');
        if (stage === 'booked') this.counts.leadsBooked++;
        else this.counts.leadsLost++;
        return;
      }
      case 'csat-answer': {
        const conversation = this.conversation(event.conversation);
        const ticket = await this.ticketOf(conversation);
        // Only a question that went out is answered: a lone digit would otherwise reopen the ticket.
        if (ticket.csat?.status !== 'sent') return this.skip();
        await this.guestWrites(conversation, String(event.score), event.messageId, new Date(event.at));
        this.counts.csatAnswers++;
        return;
      }
      case 'check-out': {
        const body = checkoutsDelivery(this.departure(event.departure));
        const answer = await this.post('/pms/checkouts', body, {
          'x-hotel-inbox-signature-256': signPmsBody(body, this.config.pmsWebhookSecret),
        });
        if (answer.status === 401)
          throw new Error(
            'the runtime refused the PMS signature: give simulate the PMS_WEBHOOK_SECRET of npm start',
          );
        this.expect(answer, 200, 'check-out');
        this.counts.checkOuts++;
        return;
      }
      case 'survey-answer': {
        const departure = this.departure(event.departure);
        const survey = await this.surveyOf(departure);
        const whatsapp = this.hotel(departure.tenantId).channels.whatsapp;
        // The guest answers the question where it reached them: here, WhatsApp (they gave a phone).
        if (survey?.status !== 'sent' || survey.sentVia !== 'whatsapp' || !departure.phone || !whatsapp)
          return this.skip();
        const guest = { waId: departure.phone.slice(1), name: departure.guestName };
        const body = whatsappTextDelivery(whatsapp, guest, {
          id: event.messageId,
          text: event.text,
          at: new Date(event.at),
        });
        this.expect(await this.webhook('whatsapp', body), 200, 'survey answer');
        this.counts.surveysAnswered++;
        return;
      }
      case 'follow-up-reply':
      case 'follow-up-resolve': {
        const departure = this.departure(event.departure);
        const ticketId = (await this.surveyOf(departure))?.followUpTicketId;
        const ticket = ticketId && (await this.data.tickets.getTicket(departure.tenantId, ticketId));
        if (!ticket) return this.skip();
        if (event.kind === 'follow-up-reply') {
          await this.reply(event.agent, ticket, event.message);
          return;
        }
        await this.resolve(event.agent, ticket, event.closing, event);
        this.counts.followUps++;
        return;
      }
    }
  }

  /** False when the messaging window allows no such reply now (422): the agent lets it be. */
  private async reply(agent: string, ticket: Ticket, message: unknown): Promise<boolean> {
    const answer = await this.agent(agent, ticket, 'replies', message);
    if (answer.status === 422) {
      this.skip();
      return false;
    }
    this.expect(answer, 202, 'reply');
    return true;
  }

  private async resolve(
    agent: string,
    ticket: Ticket,
    closing: Closing,
    planned: { complaint?: Record<string, string>; rootCause?: string },
  ) {
    // Triage decides the basket: a complaint is closed with its fields, planned or not.
    const complaint =
      ticket.basket !== 'complaint'
        ? {}
        : planned.complaint && planned.rootCause
          ? { complaint: planned.complaint, rootCause: planned.rootCause }
          : UNPLANNED_COMPLAINT;
    this.expect(await this.agent(agent, ticket, 'resolve', { closing, ...complaint }), 200, 'resolve');
  }

  private async guestWrites(conversation: Conversation, text: string, messageId: string, at: Date) {
    const { channels, hotelCode } = this.hotel(conversation.tenantId);
    const message = { id: messageId, text, at };
    if (conversation.channel === 'whatsapp' && channels.whatsapp) {
      const guest = { waId: conversation.platformId, name: conversation.guestName };
      const body = whatsappTextDelivery(channels.whatsapp, guest, message);
      return this.expect(await this.webhook('whatsapp', body), 200, 'WhatsApp webhook');
    }
    if (conversation.channel === 'instagram' && channels.instagram) {
      const body = instagramTextDelivery(
        channels.instagram,
        { instagramId: conversation.platformId },
        message,
      );
      return this.expect(await this.webhook('instagram', body), 200, 'Instagram webhook');
    }
    if (conversation.channel === 'webchat' && channels.webchat) {
      const session = await this.webchatSession(conversation, channels.webchat.siteKey);
      const sent = await this.post('/webchat/messages', JSON.stringify({ text }), {
        authorization: `Bearer ${session.token}`,
      });
      return this.expect(sent, 202, 'web-chat message');
    }
    throw new Error(`${hotelCode} has no ${conversation.channel} account`);
  }

  /** The visitor's web-chat session, opened by the widget with their first message. */
  private async webchatSession(conversation: Conversation, siteKey: string) {
    let session = this.webchatSessions.get(conversation.index);
    if (!session) {
      const visitor = { name: conversation.guestName, locale: conversation.language };
      const opened = await this.post('/webchat/sessions', JSON.stringify({ siteKey, visitor }));
      this.expect(opened, 201, 'web-chat session');
      session = { sessionId: String(opened.body.sessionId), token: String(opened.body.token) };
      this.webchatSessions.set(conversation.index, session);
    }
    return session;
  }

  /** The conversation's current ticket. */
  private async ticketOf(conversation: Conversation): Promise<Ticket> {
    const platformId =
      conversation.channel === 'webchat'
        ? `wc_${this.webchatSessions.get(conversation.index)?.sessionId}`
        : conversation.platformId;
    const { tenantId } = conversation;
    const pointer = await this.data.tickets.getConversation(
      tenantId,
      conversationKeyOf(tenantId, conversation.channel, platformId),
    );
    const ticket =
      pointer?.currentTicketId && (await this.data.tickets.getTicket(tenantId, pointer.currentTicketId));
    if (!ticket) throw new Error('the conversation has no ticket');
    return ticket;
  }

  private surveyOf(departure: Departure) {
    return this.surveys.getSurvey(
      departure.tenantId,
      surveyIdOf(departure.tenantId, departure.reservationId),
    );
  }

  private async webhook(channel: 'whatsapp' | 'instagram', body: string): Promise<Answer> {
    const answer = await this.post(`/webhooks/${channel}`, body, {
      'x-hub-signature-256': signMetaBody(Buffer.from(body), this.config.metaAppSecret),
    });
    if (answer.status === 401)
      throw new Error(
        'the runtime refused the webhook signature: give simulate the META_APP_SECRET of npm start',
      );
    return answer;
  }

  private agent(agent: string, ticket: Ticket, action: string, body: unknown): Promise<Answer> {
    return this.post(`/agent/tickets/${ticket.ticketId}/${action}`, JSON.stringify(body), {
      authorization: `Bearer ${this.tokens.get(agent)}`,
    });
  }

  private async post(path: string, body: string, headers: Record<string, string> = {}): Promise<Answer> {
    const response = await fetch(`${this.url}${path}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
    }).catch((error: unknown) => {
      throw new Error(`hotel-inbox stopped answering at ${this.url} (${path}): is npm start still running?`, {
        cause: error,
      });
    });
    const text = await response.text();
    try {
      return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    } catch {
      return { status: response.status, body: {} };
    }
  }

  /** Another status is a failure, named by what was tried and the error code and field (no guest data). */
  private expect(answer: Answer, status: number, what: string) {
    if (answer.status === status) return;
    const { error, path } = answer.body;
    throw new Error(
      [what, 'answered', answer.status, error, path].filter((part) => part !== undefined).join(' '),
    );
  }

  private fail(reason: string) {
    this.counts.failed++;
    this.failures.set(reason, (this.failures.get(reason) ?? 0) + 1);
  }

  private skip() {
    this.counts.skipped++;
  }

  private conversation(index: number): Conversation {
    return this.scenario.conversations[index] as Conversation;
  }

  private departure(index: number): Departure {
    return this.scenario.departures[index] as Departure;
  }

  private hotel(tenantId: string): Hotel {
    return this.hotelsById.get(tenantId) as Hotel;
  }
}

/** A single line redrawn on a terminal; a line per simulated day otherwise. */
class Progress {
  private played = 0;
  private day = 0;

  constructor(
    private readonly scenario: Scenario,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(event: SimEvent, counts: DriverCounts) {
    this.played++;
    // Whole days since the start (a day of a time-zone change is an hour off: fine for progress).
    const elapsed = Date.parse(event.at) - Date.parse(this.scenario.start);
    const day = Math.min(this.scenario.days.length, Math.floor(elapsed / 86_400_000) + 1);
    if (this.stream.isTTY)
      this.stream.write(`\r${progressLine(this.scenario, day, this.played, counts)}\u001b[K`);
    else if (day > this.day) {
      if (this.day > 0) this.stream.write(`${progressLine(this.scenario, this.day, this.played, counts)}\n`);
      this.day = day;
    }
  }

  done(counts: DriverCounts) {
    const last = progressLine(this.scenario, this.scenario.days.length, this.played, counts);
    this.stream.write(this.stream.isTTY ? `\r${last}\u001b[K\n` : `${last}\n`);
  }
}
