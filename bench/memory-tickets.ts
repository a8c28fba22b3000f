/**
 * In-memory tickets, guests and dedupe keys for benchmarks: the ports of the ticket domain
 * without DynamoDB Local, each write metered in the DynamoDB write request units the DynamoDB
 * adapters (functions/adapters/dynamodb-*.ts) would spend on it:
 * - a standard write costs 1 WRU per started KB of the item (a failed conditional write too);
 * - a write in a transaction costs 2 WRU per started KB of each item;
 * - a write to a ticket in the open-tickets index (gsi1, projection ALL) also writes the index,
 *   twice when it moves the ticket in it (delete + put of the index entry).
 * Item size is modelled as the JSON size of its attributes plus 100 bytes of keys.
 */
import { MemoryDedupeStore } from '../functions/adapters/memory-dedupe-store';
import type { DedupeStore } from '../functions/domain/ports';
import type {
  Conversation,
  GuestDirectory,
  GuestIdentity,
  OpenTicketResult,
  OpenTicketsPage,
  TicketStore,
} from '../functions/domain/tickets/ports';
import { recordNumberOf } from '../functions/domain/tickets/record-number';
import type { Channel } from '../schemas/events';
import type { Csat, CsatStatus, Ticket, TicketMessage } from '../schemas/ticket';

const KEY_BYTES = 100;
const unitsOf = (item: unknown) => Math.max(1, Math.ceil((JSON.stringify(item).length + KEY_BYTES) / 1024));

/** Where the write units go; the bench moves `phase` to tell ingest, intake and workflow apart. */
export class WriteMeter<Phase extends string> {
  readonly units = new Map<Phase, number>();

  constructor(public phase: Phase) {}

  add(units: number): void {
    this.units.set(this.phase, (this.units.get(this.phase) ?? 0) + units);
  }

  of(phase: Phase): number {
    return this.units.get(phase) ?? 0;
  }
}

interface Meter {
  add(units: number): void;
}

export class MemoryTicketStore implements TicketStore {
  private readonly conversations = new Map<string, string>();
  private readonly tickets = new Map<string, Ticket>();
  private readonly messages = new Map<string, TicketMessage[]>();
  private readonly messageIds = new Set<string>();
  private readonly counters = new Map<string, number>();
  /** The open-tickets index: ticket key -> sort key. */
  private readonly queue = new Map<string, string>();

  constructor(private readonly meter: Meter) {}

  async getConversation(tenantId: string, conversationKey: string): Promise<Conversation | undefined> {
    const key = `${tenantId}#${conversationKey}`;
    if (!this.conversations.has(key)) return undefined;
    return { conversationKey, currentTicketId: this.conversations.get(key) };
  }

  async getTicket(tenantId: string, ticketId: string): Promise<Ticket | undefined> {
    const ticket = this.tickets.get(`${tenantId}#${ticketId}`);
    return ticket && structuredClone(ticket);
  }

  async openTicket(
    draft: Omit<Ticket, 'ticketId' | 'number'>,
    hotelCode: string,
    expectedCurrentTicketId: string | undefined,
  ): Promise<OpenTicketResult> {
    const { tenantId, conversationKey } = draft;
    const conversation = `${tenantId}#${conversationKey}`;
    // One transaction: counter, conversation pointer and ticket (2 WRU per item), plus the index entry.
    if (this.conversations.get(conversation) !== expectedCurrentTicketId) {
      this.meter.add(2 * 3);
      return { opened: false, currentTicketId: this.conversations.get(conversation) };
    }
    const year = new Date(draft.openedAt).getUTCFullYear();
    const sequence = (this.counters.get(`${tenantId}#${year}`) ?? 0) + 1;
    const number = recordNumberOf(hotelCode, year, sequence);
    const ticket: Ticket = { ...structuredClone(draft), ticketId: number, number };
    this.counters.set(`${tenantId}#${year}`, sequence);
    this.conversations.set(conversation, number);
    this.tickets.set(`${tenantId}#${number}`, ticket);
    this.queue.set(`${tenantId}#${number}`, `${draft.openedAt}#${number}`);
    this.meter.add(2 + 2 + 2 * unitsOf(ticket) + unitsOf(ticket));
    return { opened: true, ticket: structuredClone(ticket) };
  }

  async appendMessage(tenantId: string, ticketId: string, message: TicketMessage): Promise<boolean> {
    // One transaction: the message-id marker and the message.
    this.meter.add(2 + 2 * unitsOf(message));
    const id = `${tenantId}#${ticketId}#${message.messageId}`;
    if (this.messageIds.has(id)) return false;
    this.messageIds.add(id);
    const list = this.messages.get(`${tenantId}#${ticketId}`) ?? [];
    list.push(structuredClone(message));
    this.messages.set(`${tenantId}#${ticketId}`, list);
    return true;
  }

  async updateTicket(
    tenantId: string,
    ticketId: string,
    changes: Partial<Ticket>,
    ifStatusIn?: readonly Ticket['status'][],
  ): Promise<boolean> {
    const key = `${tenantId}#${ticketId}`;
    const ticket = this.tickets.get(key);
    if (!ticket || (ifStatusIn && !ifStatusIn.includes(ticket.status))) {
      this.meter.add(ticket ? unitsOf(ticket) : 1);
      return false;
    }
    const updated = { ...ticket } as Record<string, unknown>;
    for (const [field, value] of Object.entries(changes)) {
      if (value === undefined) delete updated[field];
      else updated[field] = structuredClone(value);
    }
    const next = updated as Ticket;
    const wasQueued = this.queue.has(key);
    if (next.status === 'resolved' || next.status === 'closed') this.queue.delete(key);
    if ((next.status === 'open' || next.status === 'pending-guest') && !wasQueued) {
      this.queue.set(key, `${changes.updatedAt ?? ''}#${ticketId}`);
    }
    this.tickets.set(key, next);
    this.meterTicketWrite(ticket, next, wasQueued || this.queue.has(key));
    return true;
  }

  async recordInbound(tenantId: string, ticketId: string, at: string): Promise<void> {
    const key = `${tenantId}#${ticketId}`;
    const ticket = this.tickets.get(key);
    if (!ticket) throw new Error(`No ticket ${ticketId}`);
    const counted = { ...ticket, messageCount: ticket.messageCount + 1, updatedAt: at };
    this.meterTicketWrite(ticket, counted, this.queue.has(key));
    // The second, conditional update costs its units whether or not `at` is later.
    const moved = at > counted.lastInboundAt ? { ...counted, lastInboundAt: at } : counted;
    this.meterTicketWrite(counted, moved, this.queue.has(key));
    this.tickets.set(key, moved);
  }

  async recordFirstResponse(
    tenantId: string,
    ticketId: string,
    at: string,
    seconds: number,
  ): Promise<boolean> {
    return this.conditionalUpdate(tenantId, ticketId, (t) =>
      t.firstResponseAt
        ? undefined
        : { ...t, firstResponseAt: at, firstResponseSeconds: seconds, updatedAt: at },
    );
  }

  async recordOutbound(tenantId: string, ticketId: string, at: string): Promise<boolean> {
    return this.conditionalUpdate(tenantId, ticketId, (t) =>
      !t.lastOutboundAt || t.lastOutboundAt < at ? { ...t, lastOutboundAt: at, updatedAt: at } : undefined,
    );
  }

  async raiseEscalation(
    tenantId: string,
    ticketId: string,
    level: number,
    at: string,
    by?: string,
  ): Promise<boolean> {
    return this.conditionalUpdate(tenantId, ticketId, (t) => {
      if (t.escalationLevel >= level) return undefined;
      const { escalatedBy: _, ...rest } = t;
      return {
        ...rest,
        escalationLevel: level,
        updatedAt: at,
        escalatedAt: at,
        ...(by && { escalatedBy: by }),
      };
    });
  }

  async setQueuePosition(tenantId: string, ticketId: string, sortKey: string): Promise<void> {
    const key = `${tenantId}#${ticketId}`;
    const ticket = this.tickets.get(key);
    const units = ticket ? unitsOf(ticket) : 1;
    if (!this.queue.has(key)) {
      this.meter.add(units);
      return;
    }
    this.queue.set(key, `${sortKey}#${ticketId}`);
    // The base item, and the index entry moved: deleted and written again.
    this.meter.add(units + 2 * units);
  }

  async listMessages(tenantId: string, ticketId: string): Promise<TicketMessage[]> {
    return structuredClone(this.messages.get(`${tenantId}#${ticketId}`) ?? []).sort(
      (a, b) => a.at.localeCompare(b.at) || a.messageId.localeCompare(b.messageId),
    );
  }

  async listOpenTickets(tenantId: string): Promise<Ticket[]> {
    return this.queueOf(tenantId).map(([, ticket]) => ticket);
  }

  async readOpenTickets(
    tenantId: string,
    options: { after?: string; limit: number },
  ): Promise<OpenTicketsPage> {
    const after = this.queueOf(tenantId).filter(([place]) => !options.after || place > options.after);
    return {
      tickets: after.slice(0, options.limit).map(([, ticket]) => ticket),
      more: after.length > options.limit,
    };
  }

  /** A hotel's queue in order: each ticket with its place (the index's sort key). */
  private queueOf(tenantId: string): [string, Ticket][] {
    return [...this.queue.entries()]
      .filter(([key]) => key.startsWith(`${tenantId}#`))
      .sort(([, a], [, b]) => a.localeCompare(b))
      .flatMap(([key, place]) => {
        const ticket = this.tickets.get(key);
        return ticket ? [[place, { ...structuredClone(ticket), queueKey: place }] as [string, Ticket]] : [];
      });
  }

  /** The benchmark keeps no retention list. */
  async relistWords(): Promise<void> {}

  async setLeadFollowUp(tenantId: string, ticketId: string, dueAt: string | undefined): Promise<void> {
    this.conditionalUpdate(tenantId, ticketId, (t) => {
      const { leadFollowUpDueAt: _, ...rest } = t;
      return dueAt ? { ...rest, leadFollowUpDueAt: dueAt } : rest;
    });
  }

  async listLeadFollowUpsDue(tenantId: string, now: string): Promise<Ticket[]> {
    return [...this.tickets.values()]
      .filter(
        (t) => t.tenantId === tenantId && t.leadFollowUpDueAt !== undefined && t.leadFollowUpDueAt < now,
      )
      .map((t) => structuredClone(t));
  }

  async updateCsat(
    tenantId: string,
    ticketId: string,
    csat: Csat,
    expected: readonly CsatStatus[] | 'none',
  ): Promise<boolean> {
    return this.conditionalUpdate(tenantId, ticketId, (t) => {
      const current = t.csat;
      const allowed =
        expected === 'none'
          ? !current || current.cycle < csat.cycle
          : current !== undefined && current.cycle === csat.cycle && expected.includes(current.status);
      return allowed ? { ...t, csat } : undefined;
    });
  }

  private conditionalUpdate(
    tenantId: string,
    ticketId: string,
    change: (ticket: Ticket) => Ticket | undefined,
  ): boolean {
    const key = `${tenantId}#${ticketId}`;
    const ticket = this.tickets.get(key);
    if (!ticket) throw new Error(`No ticket ${ticketId}`);
    const next = change(ticket);
    if (!next) {
      this.meter.add(unitsOf(ticket));
      return false;
    }
    this.tickets.set(key, next);
    this.meterTicketWrite(ticket, next, this.queue.has(key));
    return true;
  }

  /** An update is billed on the larger of the item before and after; the index entry is written too. */
  private meterTicketWrite(before: Ticket, after: Ticket, queued: boolean) {
    const units = Math.max(unitsOf(before), unitsOf(after));
    this.meter.add(queued ? 2 * units : units);
  }
}

/** Guests in memory; each `linkIdentity` is three conditional puts of small items, as in DynamoDB. */
export class MemoryGuestDirectory implements GuestDirectory {
  private readonly identities = new Map<string, string>();
  private readonly phones = new Map<string, string>();
  private readonly guests = new Set<string>();

  constructor(private readonly meter: Meter) {}

  async guestIdByIdentity(tenantId: string, channel: Channel, platformId: string) {
    return this.identities.get(`${tenantId}#${channel}#${platformId}`);
  }

  async guestIdByPhone(tenantId: string, phoneNumber: string) {
    return this.phones.get(`${tenantId}#${phoneNumber}`);
  }

  async linkIdentity(
    tenantId: string,
    guestId: string,
    identity: GuestIdentity,
    _at: string,
  ): Promise<string> {
    const identityKey = `${tenantId}#${identity.channel}#${identity.platformId}`;
    this.meter.add(1);
    const winner = this.identities.get(identityKey) ?? guestId;
    this.identities.set(identityKey, winner);
    if (identity.phoneNumber) {
      this.meter.add(1);
      const phoneKey = `${tenantId}#${identity.phoneNumber}`;
      if (!this.phones.has(phoneKey)) this.phones.set(phoneKey, winner);
    }
    this.meter.add(1);
    this.guests.add(`${tenantId}#${winner}`);
    return winner;
  }
}

/** The in-memory dedupe store, metered: a conditional put per claim, an update per confirm or release. */
export class MeteredDedupeStore implements DedupeStore {
  private readonly store = new MemoryDedupeStore();

  constructor(private readonly meter: Meter) {}

  claim(keys: readonly string[]): Promise<Set<string>> {
    this.meter.add(keys.length);
    return this.store.claim(keys);
  }

  confirm(keys: readonly string[]): Promise<void> {
    this.meter.add(keys.length);
    return this.store.confirm(keys);
  }

  release(keys: readonly string[]): Promise<void> {
    this.meter.add(keys.length);
    return this.store.release(keys);
  }
}
