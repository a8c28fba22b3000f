import { join } from 'node:path';
import type { Hotel } from '../../functions/domain/hotels';
import { signMetaBody } from '../../functions/domain/ingest/signature';
import { loadHotels } from '../../local/runtime/runtime';
import { whatsappTextDelivery } from '../../local/simulator/deliveries';
import type { QueueResponse, TicketViewResponse } from '../../schemas/agent-api';
import { bearer, jsonBody, send } from './http-probe';

const HOTELS = loadHotels(join(import.meta.dirname, '..', '..', 'config', 'hotels.json'));

export const hotelNamed = (tenantId: string): Hotel => {
  const hotel = HOTELS.find((h) => h.tenantId === tenantId);
  if (!hotel) throw new Error(`config/hotels.json has no ${tenantId}`);
  return hotel;
};

/** Hotel A, whose records the attacks go after, and hotel B, whose staff attack them. */
export const HOTEL_A = hotelNamed('aurora-belek');
export const HOTEL_B = hotelNamed('lykia-kemer');

/** One WhatsApp number writes to both hotels: its two conversations must stay two tickets. */
export const SHARED_GUEST = '905321234567';

/** A WhatsApp Cloud API delivery of one guest text to a hotel's business number. */
export function whatsappText(hotel: Hotel, guest: string, messageId: string, text: string): string {
  const whatsapp = hotel.channels.whatsapp;
  if (!whatsapp) throw new Error(`${hotel.tenantId} has no WhatsApp number`);
  return whatsappTextDelivery(
    whatsapp,
    { waId: guest, name: 'Guest' },
    { id: messageId, text, at: new Date() },
  );
}

/** A delivery exactly as Meta posts it, signed with the app secret over the exact bytes. */
export const signedWebhook = (baseUrl: string, body: string, appSecret: string) =>
  send(baseUrl, {
    method: 'POST',
    path: '/webhooks/whatsapp',
    headers: { 'x-hub-signature-256': signMetaBody(Buffer.from(body), appSecret) },
    body,
  });

export interface WebchatVisitor {
  tenantId: string;
  sessionId: string;
  token: string;
  /** What the visitor wrote: it must never show in the other hotel. */
  text: string;
}

/** A visitor opens the hotel's web chat and writes once. */
export async function chattingVisitor(baseUrl: string, hotel: Hotel, text: string): Promise<WebchatVisitor> {
  const siteKey = hotel.channels.webchat?.siteKey;
  if (!siteKey) throw new Error(`${hotel.tenantId} has no web chat`);
  const opened = await send(baseUrl, {
    method: 'POST',
    path: '/webchat/sessions',
    body: jsonBody({ siteKey }),
  });
  if (opened.status !== 201) throw new Error(`Opening a web-chat session answered ${opened.status}`);
  const { sessionId, token } = JSON.parse(opened.body) as { sessionId: string; token: string };
  const sent = await send(baseUrl, {
    method: 'POST',
    path: '/webchat/messages',
    headers: bearer(token),
    body: jsonBody({ text }),
  });
  if (sent.status !== 202) throw new Error(`Posting a web-chat message answered ${sent.status}`);
  return { tenantId: hotel.tenantId, sessionId, token, text };
}

/** Polls until `probe` yields a value (the pipeline is asynchronous); bounded, not a timing assertion. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let attempt = 0; attempt < 300; attempt++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Gave up waiting for ${what}`);
}

/** The queue of a staff member who works for every hotel: the ticket numbers of each, in the queue. */
export async function queueNumbers(baseUrl: string, token: string): Promise<string[]> {
  const answer = await send(baseUrl, {
    method: 'GET',
    path: '/agent/queue',
    query: { limit: '100' },
    headers: bearer(token),
  });
  if (answer.status !== 200) throw new Error(`The queue answered ${answer.status}: ${answer.body}`);
  return (JSON.parse(answer.body) as QueueResponse).items.map((item) => item.number);
}

/** A ticket with its messages, read by a staff member entitled to it. */
export async function readTicket(
  baseUrl: string,
  token: string,
  number: string,
): Promise<TicketViewResponse> {
  const answer = await send(baseUrl, {
    method: 'GET',
    path: `/agent/tickets/${number}`,
    headers: bearer(token),
  });
  if (answer.status !== 200) throw new Error(`Reading ${number} answered ${answer.status}: ${answer.body}`);
  return JSON.parse(answer.body) as TicketViewResponse;
}

/**
 * Whether the conversation workflow is done with a new ticket: triaged, routed to a team, and
 * escalated when its priority or reputation risk calls for it. After that, nothing changes a
 * ticket until its first SLA deadline (hours away) or a person acts on it.
 */
export function isSettled({ ticket }: TicketViewResponse): boolean {
  if (!ticket.sla || !ticket.ownerTeam) return false;
  if (ticket.reputationRisk) return ticket.escalationLevel >= 2;
  if (ticket.priority === 'urgent') return ticket.escalationLevel >= 1;
  return true;
}

/** What an attack must not change: the ticket and its messages (replyOptions follow the clock). */
export const stateOf = (view: TicketViewResponse) =>
  JSON.stringify({ ticket: view.ticket, messages: view.messages });
