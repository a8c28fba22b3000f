import type { Hotel } from '../../functions/domain/hotels';
import type { Departure } from './scenario';

/** A guest's text message as WhatsApp Cloud API delivers it to the webhook (one change, one message). */
export function whatsappTextDelivery(
  whatsapp: NonNullable<Hotel['channels']['whatsapp']>,
  guest: { waId: string; name: string },
  message: { id: string; text: string; at: Date },
): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: whatsapp.businessAccountId,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '902425550100', phone_number_id: whatsapp.phoneNumberId },
              contacts: [{ profile: { name: guest.name }, wa_id: guest.waId }],
              messages: [
                {
                  from: guest.waId,
                  id: message.id,
                  timestamp: String(Math.floor(message.at.getTime() / 1000)),
                  type: 'text',
                  text: { body: message.text },
                },
              ],
            },
          },
        ],
      },
    ],
  });
}

/** A guest's Instagram direct message as the Instagram messaging webhook delivers it. */
export function instagramTextDelivery(
  instagram: NonNullable<Hotel['channels']['instagram']>,
  guest: { instagramId: string },
  message: { id: string; text: string; at: Date },
): string {
  return JSON.stringify({
    object: 'instagram',
    entry: [
      {
        time: message.at.getTime(),
        id: instagram.accountId,
        messaging: [
          {
            sender: { id: guest.instagramId },
            recipient: { id: instagram.accountId },
            timestamp: message.at.getTime(),
            message: { mid: message.id, text: message.text },
          },
        ],
      },
    ],
  });
}

/** A PMS check-out delivery (`POST /pms/checkouts`) of one departure. */
export function checkoutsDelivery(d: Departure): string {
  return JSON.stringify({
    departures: [
      {
        hotel: d.tenantId,
        reservationId: d.reservationId,
        guestName: d.guestName,
        ...(d.phone && { phone: d.phone }),
        ...(d.email && { email: d.email }),
        language: d.language,
        market: d.market,
        roomType: d.roomType,
        stayPurpose: d.stayPurpose,
        checkInDate: d.checkInDate,
        checkOutDate: d.checkOutDate,
        checkOutTime: d.checkOutTime,
        consent: d.consent,
      },
    ],
  });
}
