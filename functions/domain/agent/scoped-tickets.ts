import type { Ticket, TicketMessage } from '../../../schemas/ticket';
import type { Principal } from '../auth/principal';
import { NotFoundError } from '../errors';
import type { Hotel } from '../hotels';
import type { TicketStore } from '../tickets/ports';
import { parseRecordNumber, recordNumberOf } from '../tickets/record-number';

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
      | 'raiseEscalation'
      | 'setLeadFollowUp'
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

  /** The open and pending tickets of the caller's hotels (or of one of them) that they may see. */
  async openTickets(tenantId?: string): Promise<Ticket[]> {
    const hotels = tenantId ? [this.hotelOf(tenantId)] : this.hotels;
    const lists = await Promise.all(hotels.map((hotel) => this.store.listOpenTickets(hotel.tenantId)));
    return lists
      .flatMap((tickets, i) => tickets.filter((t) => t.tenantId === hotels[i]?.tenantId))
      .filter((ticket) => this.seesDepartmentOf(ticket));
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

  async raiseEscalation(tenantId: string, ticketId: string, level: number, at: string): Promise<boolean> {
    await this.admit(tenantId, ticketId);
    return this.store.raiseEscalation(tenantId, ticketId, level, at);
  }

  async setLeadFollowUp(tenantId: string, ticketId: string, dueAt: string | undefined): Promise<void> {
    await this.admit(tenantId, ticketId);
    return this.store.setLeadFollowUp(tenantId, ticketId, dueAt);
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
