import { DEFAULT_RAW_ARCHIVE_RETENTION_DAYS, type Hotel, retentionOf } from '../hotels';
import type { RawArchiveRetention } from '../ingest/raw-archive-retention';

/**
 * The raw archive's retention the hotels' configuration implies, given the stack's default.
 * Only the hotels whose days differ from the default are listed: the ingest functions carry
 * the list in their environment, which Lambda caps at 4 KB.
 */
export function rawArchiveRetentionOf(
  hotels: readonly Pick<Hotel, 'tenantId' | 'retention'>[],
  defaultDays = DEFAULT_RAW_ARCHIVE_RETENTION_DAYS,
): RawArchiveRetention {
  const byHotel = new Map<string, number>();
  for (const hotel of hotels) {
    const { rawArchiveDays } = retentionOf(hotel, defaultDays);
    if (rawArchiveDays !== defaultDays) byHotel.set(hotel.tenantId, rawArchiveDays);
  }
  return { defaultDays, byHotel };
}
