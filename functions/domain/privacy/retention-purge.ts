import type { AuditEntry } from '../../../schemas/audit';
import type { Ticket, TicketMessage } from '../../../schemas/ticket';
import { type Hotel, retentionOf } from '../hotels';
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
  /** The hotel's finished threads with words kept that finished before `before`, oldest first. */
  finishedThreads(tenantId: string, before: string, limit: number): Promise<FinishedThread[]>;
  threadMessages(tenantId: string, threadId: string): Promise<ThreadMessage[]>;
  /** Writes each message over its stored item (same key). */
  replaceMessages(tenantId: string, threadId: string, messages: readonly ThreadMessage[]): Promise<void>;
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
  /** Threads purged per hotel and run at most; the next run goes on where this one stopped. */
  maxThreads?: number;
}

export interface RetentionPurgeOutcome {
  tenantId: string;
  /** Words finished before this instant are gone. */
  before: string;
  threads: number;
  messages: number;
}

/** Threads read per page of the purge's list. */
const PAGE_SIZE = 100;
const DEFAULT_MAX_THREADS = 5_000;

/**
 * The instant before which a finished thread's words are past the hotel's `messageTextDays`. Never
 * within the reopen window: a ticket a guest's message may still reopen keeps its words.
 */
export function wordsCutoff(hotel: Hotel, now: Date): Date {
  const days = Math.max(
    retentionOf(hotel).messageTextDays,
    hotel.reopenWindowDays ?? DEFAULT_REOPEN_WINDOW_DAYS,
  );
  return new Date(now.getTime() - days * DAY_MILLIS);
}

/**
 * A message as kept past its period: who, when, which channel and type, how its delivery went,
 * which special categories were found (never the words): what the KPIs read. No text, sealed text,
 * caption, media or location; no platform message id (a WhatsApp id encodes the guest's number).
 */
export const withoutWords = <M extends ThreadMessage>(message: M): M => ({
  ...anonymiseMessage(message, message.messageId),
  ...(message.sensitive && { sensitive: { categories: message.sensitive.categories } }),
});

/**
 * A ticket's own words past their period: the complaint's account, the compensation's description,
 * where replies went (a WhatsApp recipient id is the guest's number). Its KPI fields stay.
 */
export function ticketWordsRemoved(ticket: Ticket, at: string): Partial<Ticket> {
  return {
    complaint: undefined,
    recipientId: undefined,
    webchatSessionId: undefined,
    ...(ticket.compensation && { compensation: { ...ticket.compensation, description: ERASED } }),
    wordsRemovedAt: at,
  };
}

/**
 * One hotel's purge of words past their retention (the data class `messageTextDays`): each finished
 * thread on the list, oldest first, loses the words of its messages, then leaves the list. Messages
 * first: a run stopped half-way leaves the thread listed, and the next run finishes it. Recorded in
 * the audit log as counts, when anything was purged.
 */
export async function purgeExpiredWords(
  deps: RetentionPurgeDeps,
  hotel: Hotel,
): Promise<RetentionPurgeOutcome> {
  const { tenantId } = hotel;
  const now = deps.now();
  const before = wordsCutoff(hotel, now).toISOString();
  const maxThreads = deps.maxThreads ?? DEFAULT_MAX_THREADS;
  const outcome: RetentionPurgeOutcome = { tenantId, before, threads: 0, messages: 0 };
  while (outcome.threads < maxThreads) {
    const page = await deps.store.finishedThreads(
      tenantId,
      before,
      Math.min(PAGE_SIZE, maxThreads - outcome.threads),
    );
    if (page.length === 0) break;
    for (const thread of page) {
      const messages = await deps.store.threadMessages(tenantId, thread.threadId);
      await deps.store.replaceMessages(tenantId, thread.threadId, messages.map(withoutWords));
      const ticket = isSurveyThread(thread.threadId)
        ? undefined
        : await deps.store.getTicket(tenantId, thread.threadId);
      await deps.store.finishPurge(tenantId, thread, ticket && ticketWordsRemoved(ticket, now.toISOString()));
      outcome.threads++;
      outcome.messages += messages.length;
    }
  }
  if (outcome.threads > 0) await deps.audit.record(purgeAuditEntry(outcome, now, deps.newId()));
  return outcome;
}

const isSurveyThread = (threadId: string) => threadId.startsWith('survey:');

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
