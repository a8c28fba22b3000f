import * as z from 'zod';

/** Seed 001's roles, plus `admin` (runs the hotels' configuration, sees everything of its hotels). */
export const RoleSchema = z.enum(['frontline', 'coordinator', 'owner', 'supervisor', 'admin']);
export type Role = z.infer<typeof RoleSchema>;

/**
 * The claims of a staff member's token, as the JWT authorizer hands them over: Cognito ID-token
 * custom attributes in AWS, the same names in the local development token.
 */
export const StaffClaim = {
  userId: 'sub',
  hotels: 'custom:hotels',
  role: 'custom:role',
  department: 'custom:department',
} as const;

/** Who is calling: a staff member, their role and the hotels (tenant ids) they work for. */
export const PrincipalSchema = z.object({
  userId: z.string().min(1),
  role: RoleSchema,
  hotels: z.array(z.string().min(1)).min(1),
  /** An owner's department (`housekeeping`, `technical`…): owners see only its tickets. */
  department: z.string().min(1).optional(),
});
export type Principal = z.infer<typeof PrincipalSchema>;

/** The principal from authorizer claims (strings); `custom:hotels` is a comma-separated list. */
export const principalFromClaims = (claims: Record<string, unknown>): Principal =>
  PrincipalSchema.parse({
    userId: claims[StaffClaim.userId],
    role: claims[StaffClaim.role],
    hotels: String(claims[StaffClaim.hotels] ?? '')
      .split(',')
      .map((hotel) => hotel.trim())
      .filter(Boolean),
    ...(claims[StaffClaim.department] !== undefined && { department: claims[StaffClaim.department] }),
  });
