import { exportHotelDay, type KpiExportDeps } from '../domain/kpi/export-kpis';
import { guestKeyOf } from '../domain/kpi/lake-rows';
import type { PseudonymousLake } from '../domain/privacy/data-subject-request';

/**
 * The KPI lake for data-subject requests, through the lake export itself: a guest's pseudonym is
 * the export's `guest_key`, and a day is rewritten by exporting it again from the table.
 */
export function pseudonymousLakeOf(deps: KpiExportDeps): PseudonymousLake {
  return {
    guestKey: (tenantId, guestId) => guestKeyOf(deps.salt, tenantId, guestId),
    rewriteDays: async (hotel, days) => {
      for (const dt of days) await exportHotelDay(deps, hotel, dt);
    },
  };
}
