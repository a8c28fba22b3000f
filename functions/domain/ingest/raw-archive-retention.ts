/** How long the raw archive keeps a body: the stack's default, and the hotels that set their own. */
export interface RawArchiveRetention {
  defaultDays: number;
  /** Days by tenant id; a hotel not in it keeps bodies `defaultDays`. */
  byHotel: ReadonlyMap<string, number>;
}

/**
 * The days a delivery body is kept: the shortest of the hotels its events go to, since one body
 * may carry several hotels' guests and each hotel's limit binds; the default for a body no hotel
 * owns.
 */
export function rawArchiveRetentionDaysFor(
  tenantIds: Iterable<string>,
  retention: RawArchiveRetention,
): number {
  let days: number | undefined;
  for (const tenantId of tenantIds) {
    const hotelDays = retention.byHotel.get(tenantId) ?? retention.defaultDays;
    if (days === undefined || hotelDays < days) days = hotelDays;
  }
  return days ?? retention.defaultDays;
}
