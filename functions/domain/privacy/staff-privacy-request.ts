import type { PrivacyRequest, PrivacyResponse } from '../../../schemas/privacy';
import type { Principal } from '../auth/principal';
import { type DataSubjectDeps, handleDataSubjectRequest } from './data-subject-request';

/**
 * `POST /privacy/requests` for a staff member (the registry admits admins and DPOs): the request
 * runs with the caller's hotels only, so another hotel answers 404 exactly as an unknown one.
 */
export async function staffPrivacyRequest(
  privacy: (() => Promise<DataSubjectDeps>) | undefined,
  principal: Principal,
  request: PrivacyRequest,
): Promise<PrivacyResponse> {
  if (!privacy) throw new Error('Data-subject requests are not wired in this function');
  const deps = await privacy();
  const hotels = deps.hotels.filter((hotel) => principal.hotels.includes(hotel.tenantId));
  return handleDataSubjectRequest(
    { ...deps, hotels },
    { userId: principal.userId, role: principal.role, hotels: principal.hotels },
    request,
  );
}
