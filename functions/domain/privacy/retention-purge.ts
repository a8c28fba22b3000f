import type { AuditEntry } from '../../../schemas/audit';
import { surveyIdOfThread } from '../../../schemas/events/outbound-messages';
import type { Ticket, TicketMessage } from '../../../schemas/ticket';
import { type Hotel, retentionOf } from '../hotels';
import { asCategory } from '../kpi/lake-rows';
import type { SurveyThreadMessage } from '../surveys/survey-message';
import { DEFAULT_REOPEN_WINDOW_DAYS } from '../tickets/reopen-policy';
import type { AuditLog } from './audit-log';
import { anonymiseMessage } from './erasure-plan';
import { ERASED } from './mask-personal';

const DAY_MILLIS = 86_400_000;

/** A resolved ticket or an answered or expired survey (`survey:<id>`) whose words are still kept. */
export interface FinishedThread {
  threadId: string;
  finishedAt: string;
}

/** A message of a ticket's or a survey's thread. */
export type ThreadMessage = TicketMessage | SurveyThreadMessage;

/** What the purge reads and writes of the single table. */
export interface RetentionStore {
  /**
   * The hotel's finished threads with words kept that finished before `before`, oldest first,
   * after `after` (the last of the previous page).
   */
  finishedThreads(
    tenantId: string,
    before: string,
    limit: number,
    after?: FinishedThread,
  ): Promise<FinishedThread[]>;
  threadMessages(tenantId: string, threadId: string): Promise<ThreadMessage[]>;
  /**
   * Writes each message over its stored item (same key), only where that item still is (an
   * erasure may have rewritten the thread meanwhile); how many it wrote.
   */
  replaceMessages(tenantId: string, threadId: string, messages: readonly ThreadMessage[]): Promise<number>;
  /** The ticket of a thread, when the thread is a ticket's. */
  getTicket(tenantId: string, ticketId: string): Promise<Ticket | undefined>;
  /**
   * Takes the thread off the purge's list and writes `changes` to its ticket, if the thread still
   * finished at `finishedAt` (a reopened ticket left the list). False when it did not.
   */
  finishPurge(tenantId: string, thread: FinishedThread, changes?: Partial<Ticket>): Promise<boolean>;
}

export interface RetentionPurgeDeps {
  store: RetentionStore;
  audit: AuditLog;
  now(): Date;
  newId(): string;
  /** Threads read per hotel and run at most; the next run goes on where this one stopped. */
  maxThreads?: number;
  /** Whether the run must stop now (its time is nearly up); the next run goes on. */
  outOfTime?: () => boolean;
  /** Told of a thread that could not be purged; it stays listed for the next run. */
  onThreadFailed?: (thread: FinishedThread, error: unknown) => void;
}

export interface RetentionPurgeOutcome {
  tenantId: string;
  /** Words of threads finished before this instant are gone. */
  before: string;
  threads: number;
  messages: number;
  /** Threads that failed (a damaged item, an error): they stay listed. */
  failed: number;
}

/** Threads read per page of the purge's list. */
const PAGE_SIZE = 100;
const DEFAULT_MAX_THREADS = 5_000;
/**
 * A day beyond the reopen window: a guest message retried from a dead-letter queue or replayed
 * from the bus archive is decided by its own receipt time, and may still reopen a ticket.
 */
const REOPEN_MARGIN_DAYS = 1;

/**
 * The instant before which a finished thread's words are past the hotel's `messageTextDays`.
 * Never within the reopen window and its margin: a ticket a guest's message may still reopen
 * keeps its words.
 */
export function wordsCutoff(hotel: Hotel, now: Date): Date {
  const reopenable = (hotel.reopenWindowDays ?? DEFAULT_REOPEN_WINDOW_DAYS) + REOPEN_MARGIN_DAYS;
  const days = Math.max(retentionOf(hotel).messageTextDays, reopenable);
  return new Date(now.getTime() - days * DAY_MILLIS);
}

/**
 * A message as kept past its period: its id, who, when, which channel and type, how its delivery
 * went, which special categories were found (never the words): what the KPIs read. No text,
 * sealed text, caption, media or location; no platform id of an outbound message.
 */
export const withoutWords = <M extends ThreadMessage>(message: M): M => ({
  ...anonymiseMessage(message, message.messageId),
  ...(message.sensitive && { sensitive: { categories: message.sensitive.categories } }),
});

/**
 * A ticket's own words past their period: the complaint's account, the compensation's
 * description, the lost reason, where replies went (a WhatsApp recipient id is the guest's
 * number); the root cause and tags as the lake keeps them (lower case, addresses and numbers
 * masked). Its KPI fields stay.
 */
export function ticketWordsRemoved(ticket: Ticket, at: string): Partial<Ticket> {
  return {
    complaint: undefined,
    recipientId: undefined,
    webchatSessionId: undefined,
    lostReason: undefined,
    ...(ticket.compensation && { compensation: { ...ticket.compensation, description: ERASED } }),
    ...(ticket.rootCause !== undefined && { rootCause: asCategory(ticket.rootCause) ?? undefined }),
    tags: ticket.tags.map((tag) => asCategory(tag) ?? tag),
    wordsRemovedAt: at,
  };
}

/**
 * One hotel's purge of words past their retention (the data class `messageTextDays`): each finished
 * thread on the list, oldest first, loses the words of its messages, then leaves the list. Messages
 * first: a run stopped half-way leaves the thread listed, and the next run finishes it. A thread
 * that fails stays listed and the run goes on with the next. Recorded in the audit log as counts,
 * when anything was purged.
 */
export async function purgeExpiredWords(
  deps: RetentionPurgeDeps,
  hotel: Hotel,
): Promise<RetentionPurgeOutcome> {
  const { tenantId } = hotel;
  const now = deps.now();
  const before = wordsCutoff(hotel, now).toISOString();
  const maxThreads = deps.maxThreads ?? DEFAULT_MAX_THREADS;
  const outcome: RetentionPurgeOutcome = { tenantId, before, threads: 0, messages: 0, failed: 0 };
  let after: FinishedThread | undefined;
  for (let read = 0; read < maxThreads && !deps.outOfTime?.(); ) {
    const limit = Math.min(PAGE_SIZE, maxThreads - read);
    const page = await deps.store.finishedThreads(tenantId, before, limit, after);
    for (const thread of page) {
      if (deps.outOfTime?.()) break;
      try {
        const rewritten = await purgeThread(deps, tenantId, thread, now);
        if (rewritten !== undefined) {
          outcome.threads++;
          outcome.messages += rewritten;
        }
      } catch (error) {
        outcome.failed++;
        deps.onThreadFailed?.(thread, error);
      }
    }
    if (page.length < limit) break;
    read += page.length;
    after = page.at(-1);
  }
  if (outcome.threads > 0) await deps.audit.record(purgeAuditEntry(outcome, now, deps.newId()));
  return outcome;
}

/** The messages rewritten, or undefined when the thread was no longer listed as read (reopened, done). */
async function purgeThread(
  deps: RetentionPurgeDeps,
  tenantId: string,
  thread: FinishedThread,
  now: Date,
): Promise<number | undefined> {
  const messages = await deps.store.threadMessages(tenantId, thread.threadId);
  const rewritten = await deps.store.replaceMessages(tenantId, thread.threadId, messages.map(withoutWords));
  const ticket =
    surveyIdOfThread(thread.threadId) === undefined
      ? await deps.store.getTicket(tenantId, thread.threadId)
      : undefined;
  const changes = ticket && ticketWordsRemoved(ticket, now.toISOString());
  return (await deps.store.finishPurge(tenantId, thread, changes)) ? rewritten : undefined;
}

function purgeAuditEntry(outcome: RetentionPurgeOutcome, now: Date, id: string): AuditEntry {
  const at = now.toISOString();
  return {
    tenantId: outcome.tenantId,
    auditId: `${at}#${id}`,
    at,
    actor: { userId: 'retention-purge', role: 'system' },
    action: 'retention.purge',
    target: {},
    details: {
      dataClass: 'message-text',
      finishedBefore: outcome.before,
      threads: outcome.threads,
      messages: outcome.messages,
    },
  };
}
