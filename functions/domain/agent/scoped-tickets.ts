import type { Ticket, TicketMessage } from '../../../schemas/ticket';
import type { Principal } from '../auth/principal';
import { NotFoundError } from '../errors';
import type { Hotel } from '../hotels';
import type { TicketStore } from '../tickets/ports';
import { parseRecordNumber, recordNumberOf } from '../tickets/record-number';

/** What one read of a hotel's queue gave the caller. */
export interface QueueStretch {
  /** The tickets read that the caller may see, in queue order. */
  tickets: Ticket[];
  /**
   * Where to read on within this request when the index may hold more. Never for a cursor: it
   * may be the place of a ticket the caller may not see (another department's).
   */
  readOnAfter?: string;
}

/** The one answer for a ticket the caller may not see: the same as for one that does not exist. */
export const noSuchTicket = () => new NotFoundError('No such ticket');

/**
 * The tickets a staff member may touch, and nothing else: those of the hotels they work for
 * (a record number's prefix names the hotel) and, for an owner, of their department. Every read
 * and write of the agent API goes through here; out of scope behaves exactly like missing.
 * It offers the TicketStore methods the ticket use cases need, so they run on it unchanged.
 */
export class ScopedTickets
  implements
    Pick<
      TicketStore,
      | 'getTicket'
      | 'appendMessage'
      | 'updateTicket'
      | 'recordFirstResponse'
      | 'recordOutbound'
      | 'raiseEscalation'
      | 'setLeadFollowUp'
      | 'relistWords'
      | 'listMessages'
    >
{
  /** The caller's hotels that the configuration knows. */
  readonly hotels: readonly Hotel[];
  private readonly byCode: ReadonlyMap<string, Hotel>;
  /** Tickets read through this scope and found in it, so writes need not read them again. */
  private readonly seen = new Set<string>();

  constructor(
    readonly principal: Principal,
    private readonly store: TicketStore,
    configured: readonly Hotel[],
  ) {
    this.hotels = configured.filter((hotel) => principal.hotels.includes(hotel.tenantId));
    this.byCode = new Map(this.hotels.map((hotel) => [hotel.hotelCode, hotel]));
  }

  /** The ticket with this record number, or NotFoundError. */
  async find(ticketId: string): Promise<Ticket> {
    const record = parseRecordNumber(ticketId);
    const hotel = record && this.byCode.get(record.hotelCode);
    if (!record || !hotel) throw noSuchTicket();
    const ticket = await this.getTicket(
      hotel.tenantId,
      recordNumberOf(record.hotelCode, record.year, record.sequence),
    );
    if (!ticket) throw noSuchTicket();
    return ticket;
  }

  /** One of the caller's hotels, or NotFoundError. */
  hotelOf(tenantId: string): Hotel {
    const hotel = this.hotels.find((h) => h.tenantId === tenantId);
    if (!hotel) throw noSuchTicket();
    return hotel;
  }

  async getTicket(tenantId: string, ticketId: string): Promise<Ticket | undefined> {
    if (!this.inHotels(tenantId, ticketId)) return undefined;
    const ticket = await this.store.getTicket(tenantId, ticketId);
    if (!ticket || ticket.tenantId !== tenantId || !this.seesDepartmentOf(ticket)) return undefined;
    this.seen.add(keyOf(tenantId, ticketId));
    return ticket;
  }

  /**
   * Reads on in the open queue of one of the caller's hotels (TicketStore.readOpenTickets): the
   * tickets they may see among at most `limit` read after `after`.
   */
  async readQueue(tenantId: string, after: string | undefined, limit: number): Promise<QueueStretch> {
    const hotel = this.hotelOf(tenantId);
    const { tickets, more } = await this.store.readOpenTickets(hotel.tenantId, {
      ...(after !== undefined && { after }),
      limit,
    });
    const last = tickets.at(-1)?.queueKey;
    return {
      tickets: tickets.filter((t) => t.tenantId === hotel.tenantId && this.seesDepartmentOf(t)),
      ...(more && last !== undefined && { readOnAfter: last }),
    };
  }

  async listMessages(tenantId: string, ticketId: string): Promise<TicketMessage[]> {
    await this.admit(tenantId, ticketId);
    return this.store.listMessages(tenantId, ticketId);
  }

  async appendMessage(tenantId: string, ticketId: string, message: TicketMessage): Promise<boolean> {
    await this.admit(tenantId, ticketId);
    return this.store.appendMessage(tenantId, ticketId, message);
  }

  async updateTicket(
    tenantId: string,
    ticketId: string,
    changes: Partial<Ticket>,
    ifStatusIn?: readonly Ticket['status'][],
  ): Promise<boolean> {
    await this.admit(tenantId, ticketId);
    return this.store.updateTicket(tenantId, ticketId, changes, ifStatusIn);
  }

  async recordFirstResponse(
    tenantId: string,
    ticketId: string,
    at: string,
    seconds: number,
  ): Promise<boolean> {
    await this.admit(tenantId, ticketId);
    return this.store.recordFirstResponse(tenantId, ticketId, at, seconds);
  }

  async recordOutbound(tenantId: string, ticketId: string, at: string): Promise<boolean> {
    await this.admit(tenantId, ticketId);
    return this.store.recordOutbound(tenantId, ticketId, at);
  }

  async raiseEscalation(
    tenantId: string,
    ticketId: string,
    level: number,
    at: string,
    by?: string,
  ): Promise<boolean> {
    await this.admit(tenantId, ticketId);
    return this.store.raiseEscalation(tenantId, ticketId, level, at, by);
  }

  async setLeadFollowUp(tenantId: string, ticketId: string, dueAt: string | undefined): Promise<void> {
    await this.admit(tenantId, ticketId);
    return this.store.setLeadFollowUp(tenantId, ticketId, dueAt);
  }

  async relistWords(tenantId: string, ticketId: string, at: string): Promise<void> {
    await this.admit(tenantId, ticketId);
    return this.store.relistWords(tenantId, ticketId, at);
  }

  /** A ticket of one of the caller's hotels whose record number names that hotel. */
  private inHotels(tenantId: string, ticketId: string): boolean {
    const record = parseRecordNumber(ticketId);
    return record !== undefined && this.byCode.get(record.hotelCode)?.tenantId === tenantId;
  }

  private seesDepartmentOf(ticket: Ticket): boolean {
    if (this.principal.role !== 'owner') return true;
    return this.principal.department !== undefined && ticket.department === this.principal.department;
  }

  private async admit(tenantId: string, ticketId: string): Promise<void> {
    if (this.seen.has(keyOf(tenantId, ticketId))) return;
    if (!(await this.getTicket(tenantId, ticketId))) throw noSuchTicket();
  }
}

const keyOf = (tenantId: string, ticketId: string) => `${tenantId}#${ticketId}`;

export const scopedTickets = (principal: Principal, store: TicketStore, hotels: readonly Hotel[]) =>
  new ScopedTickets(principal, store, hotels);
