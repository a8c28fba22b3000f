import { parseArgs } from 'node:util';
import { type Grant, GrantSchema, RoleSchema } from '../../../functions/domain/auth/principal';
import { mintDevToken } from '../../auth/dev-token';
import { loadConfig } from '../../runtime/config';
import { loadHotels } from '../../runtime/runtime';

const USAGE =
  'usage: hotel-inbox token --hotel H [--hotel H2] --role R --user U [--department D] [--grants G1,G2] [--ttl 8h]';
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
/** A development token lives at most a week: long enough for a demo, short enough to expire. */
const MAX_TTL_SECONDS = 7 * 86_400;

/** `90`, `90s`, `30m`, `8h`, `2d` as seconds. */
export function parseTtl(value: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(value.trim());
  const seconds = match ? Number(match[1]) * UNIT_SECONDS[(match[2] || 's') as keyof typeof UNIT_SECONDS] : 0;
  if (!(seconds > 0) || seconds > MAX_TTL_SECONDS)
    throw new Error(`--ttl must be a duration like 30m, 8h or 2d, at most 7d (got "${value}")`);
  return seconds;
}

/**
 * `hotel-inbox token`: prints a development staff token for the local agent API, signed with
 * AGENT_TOKEN_SECRET, e.g. `curl -H "authorization: Bearer $(npx hotel-inbox token …)"`.
 * Hotels are tenant ids (or hotel codes) of HOTELS_FILE.
 */
export async function tokenCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      hotel: { type: 'string', multiple: true },
      role: { type: 'string' },
      user: { type: 'string' },
      department: { type: 'string' },
      grants: { type: 'string' },
      ttl: { type: 'string', default: '8h' },
    },
  });
  if (!values.hotel?.length || !values.role || !values.user) throw new Error(USAGE);
  const config = loadConfig();
  const hotels = loadHotels(config.hotelsFile);
  const tenantIds = values.hotel.map((wanted) => {
    const hotel = hotels.find((h) => h.tenantId === wanted || h.hotelCode === wanted);
    if (!hotel) {
      throw new Error(
        `No hotel ${wanted} in ${config.hotelsFile}; known: ${hotels.map((h) => h.tenantId).join(', ')}`,
      );
    }
    return hotel.tenantId;
  });
  const role = RoleSchema.safeParse(values.role);
  if (!role.success) throw new Error(`--role must be one of ${RoleSchema.options.join(', ')}`);
  if (role.data === 'owner' && !values.department)
    throw new Error('an owner sees only their department: give --department (e.g. housekeeping)');
  const grants = parseGrants(values.grants);
  const token = mintDevToken(
    config.agentTokenSecret,
    {
      userId: values.user,
      role: role.data,
      hotels: [...new Set(tenantIds)],
      ...(values.department && { department: values.department }),
      ...(grants.length > 0 && { grants }),
    },
    new Date(),
    parseTtl(values.ttl),
  );
  process.stdout.write(`${token}\n`);
  return 0;
}

/** `--grants sensitive` (comma-separated) as grants; an unknown one is refused. */
export function parseGrants(value: string | undefined): Grant[] {
  const names = (value ?? '')
    .split(',')
    .map((grant) => grant.trim())
    .filter(Boolean);
  return names.map((name) => {
    const grant = GrantSchema.safeParse(name);
    if (!grant.success)
      throw new Error(`--grants must be among ${GrantSchema.options.join(', ')} (got "${name}")`);
    return grant.data;
  });
}
