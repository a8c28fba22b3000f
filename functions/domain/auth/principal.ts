import * as z from 'zod';

/**
 * Seed 001's roles, plus `admin` (runs the hotels' configuration, sees everything of its hotels)
 * and `dpo` (the data protection officer: data-subject requests and the audit log, no tickets work).
 */
export const RoleSchema = z.enum(['frontline', 'coordinator', 'owner', 'supervisor', 'admin', 'dpo']);
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
  grants: 'custom:grants',
} as const;

/** Extra permissions beside the role: `sensitive` reads special-category message text (KVKK art. 6). */
export const GrantSchema = z.enum(['sensitive']);
export type Grant = z.infer<typeof GrantSchema>;

/** Who is calling: a staff member, their role and the hotels (tenant ids) they work for. */
export const PrincipalSchema = z.object({
  userId: z.string().min(1),
  role: RoleSchema,
  hotels: z.array(z.string().min(1)).min(1),
  /** An owner's department (`housekeeping`, `technical`…): owners see only its tickets. */
  department: z.string().min(1).optional(),
  grants: z.array(GrantSchema).optional(),
});
export type Principal = z.infer<typeof PrincipalSchema>;

/** The principal from authorizer claims (strings); `custom:hotels` is a comma-separated list. */
export const principalFromClaims = (claims: Record<string, unknown>): Principal =>
  PrincipalSchema.parse({
    userId: claims[StaffClaim.userId],
    role: claims[StaffClaim.role],
    hotels: listClaim(claims[StaffClaim.hotels]),
    ...(claims[StaffClaim.department] !== undefined && { department: claims[StaffClaim.department] }),
    ...(claims[StaffClaim.grants] !== undefined && { grants: listClaim(claims[StaffClaim.grants]) }),
  });

/** A comma-separated claim as a list, blanks dropped. */
const listClaim = (value: unknown): string[] =>
  String(value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

export const hasGrant = (principal: Principal, grant: Grant): boolean =>
  principal.grants?.includes(grant) ?? false;
