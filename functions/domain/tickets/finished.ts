import type { Ticket } from '../../../schemas/ticket';

/** A resolved or closed ticket: out of the queue, its clocks stopped, on the retention purge's list. */
export const isFinished = (ticket: Pick<Ticket, 'status'>): boolean =>
  ticket.status === 'resolved' || ticket.status === 'closed';
