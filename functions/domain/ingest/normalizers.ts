import { instagramNormalizer } from './instagram-normalizer';
import type { DeliveryNormalizer } from './normalizer';
import { whatsAppNormalizer } from './whatsapp-normalizer';

export type MetaChannel = 'whatsapp' | 'instagram';

/** The normalizer of each Meta channel. */
export const META_NORMALIZERS: Record<MetaChannel, DeliveryNormalizer<unknown>> = {
  whatsapp: whatsAppNormalizer,
  instagram: instagramNormalizer,
};

/** `/webhooks/whatsapp` → the WhatsApp normalizer; an unknown path → undefined. */
export function normalizerForPath(path: string): DeliveryNormalizer<unknown> | undefined {
  const channel = path.replace(/\/+$/, '').split('/').pop();
  return channel === 'whatsapp' || channel === 'instagram' ? META_NORMALIZERS[channel] : undefined;
}
