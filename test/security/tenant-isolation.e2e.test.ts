/**
 * Tenant isolation, tested as an attack (issue 7), against a real `hotel-inbox start` over HTTP
 * with two hotels' data: hotel A (aurora-belek, AUB-…) is attacked, hotel B (lykia-kemer, LYK-…)
 * and outsiders attack it. One runtime for the file; independent requests go in parallel.
 *
 * - Every route of API_ROUTES has a case in route-cases.ts (a new route fails the suite until it
 *   gets one). Staff routes are tried with every bad token (401), with hotel B's tokens on hotel
 *   A's numbers and numbers guessed around them (and the other way round), with roles that may
 *   not use them, and with a hotel named in the query, the headers or the body. A refusal on
 *   scope must be byte-for-byte the answer for a record that does not exist at all (request ids,
 *   and the time a privacy document was made, masked).
 * - Webhooks, the web chat and the PMS are tried with missing, foreign and replayed-then-edited
 *   signatures, visitor tokens of the other hotel or edited after signing, another visitor's
 *   session, and a site key or body naming another hotel.
 * - Nothing an attack sends may change anything: every ticket of both hotels, both web-chat
 *   transcripts, the event bus, the Graph API and both audit logs are read back afterwards. Then
 *   the very same requests are sent by their rightful callers, proving that the attacks reached
 *   the guard they were meant for (a 400 for a malformed request would have proven nothing).
 * - Tests a bug outside this suite keeps from running are skipped through BLOCKED, which says why.
 *
 * The CLI: the issue asks for "every API route and CLI command with tokens", but the local CLI
 * takes no tokens. Its commands are operator tools that read the local data folder directly
 * (whoever runs them can read DynamoDB Local's files anyway), so a token would protect nothing.
 * What can go wrong is crossing hotels by argument: a command given `--hotel` of an unknown
 * hotel must fail cleanly instead of falling back to every hotel's data, a hotel's listing
 * must hold only that hotel's records, a privacy export under one hotel must not find another
 * hotel's guest, and `token` must refuse to mint for an unknown hotel or role rather than drop
 * the unknown part. Every command of `hotel-inbox --help` is listed in CLI_COMMANDS with what is
 * checked of it or why there is nothing to check; a new command fails the suite until it is
 * added there. `--help` runs as a real process; the other commands run in this process
 * (cli-commands.ts), since each `hotel-inbox` process costs seconds of start-up.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { API_ROUTES } from '../../functions/contracts/routes';
import { type Role, RoleSchema } from '../../functions/domain/auth/principal';
import { signMetaBody } from '../../functions/domain/ingest/signature';
import { signPmsBody } from '../../functions/domain/surveys/pms-signature';
import { parseRecordNumber, recordNumberOf } from '../../functions/domain/tickets/record-number';
import { signVisitorToken } from '../../functions/domain/webchat/visitor-token';
import type { DevTokenSubject } from '../../local/auth/dev-token';
import {
  AGENT_API,
  type AgentRouteSpec,
  type AuditResponse,
  type QueueResponse,
  type TicketViewResponse,
} from '../../schemas/agent-api';
import { type RuntimeProcess, runCli, startRuntimeProcess } from '../support/local-runtime-process';
import { type CommandRun, runCommand } from './cli-commands';
import {
  AGENT_TOKEN_SECRET,
  badTokenHeaders,
  claimsOf,
  LONG_AGO_MILLIS,
  OTHER_KEY,
  signedJwt,
  staffToken,
  tamperedVisitorToken,
} from './forged-tokens';
import {
  type Answer,
  bearer,
  comparable,
  inParallel,
  jsonBody,
  type Probe,
  send,
  withHeaders,
  withQuery,
} from './http-probe';
import {
  caseOf,
  publicRoutes,
  ROUTE_CASES,
  routeKeyOf,
  type StaffRoute,
  staffProbe,
  staffRoutes,
} from './route-cases';
import {
  chattingVisitor,
  eventually,
  HOTEL_A,
  HOTEL_B,
  hotelNamed,
  isSettled,
  queueNumbers,
  readTicket,
  SHARED_GUEST,
  signedWebhook,
  stateOf,
  type WebchatVisitor,
  whatsappText,
} from './two-hotels';

const ENV = {
  META_APP_SECRET: 'security-meta-app-secret',
  META_VERIFY_TOKEN: 'security-meta-verify-token',
  WEBCHAT_TOKEN_SECRET: 'security-webchat-token-secret',
  PMS_WEBHOOK_SECRET: 'security-pms-webhook-secret',
  AGENT_TOKEN_SECRET,
  // Nothing in the background may touch a ticket while the attacks run and state is compared.
  LEAD_SWEEP_SECONDS: '86400',
  SURVEY_SWEEP_SECONDS: '86400',
  KPI_EXPORT_SECONDS: '86400',
  LOG_LEVEL: 'WARN',
};

/** A staff member of the hotel in the role (an owner works for housekeeping unless told). */
const staff = (
  hotel: { tenantId: string; hotelCode: string },
  role: Role,
  department = role === 'owner' ? 'housekeeping' : undefined,
): DevTokenSubject => ({
  userId: `${hotel.hotelCode.toLowerCase()}-${role}${department ? `-${department}` : ''}`,
  role,
  hotels: [hotel.tenantId],
  ...(department && { department }),
});

/** A member of hotel A's staff in each role. */
const A_STAFF = Object.fromEntries(RoleSchema.options.map((role) => [role, staff(HOTEL_A, role)])) as Record<
  Role,
  DevTokenSubject
>;
const A_OWNER_TECHNICAL = staff(HOTEL_A, 'owner', 'technical');
const B_ADMIN = staff(HOTEL_B, 'admin');
const B_FRONTLINE = staff(HOTEL_B, 'frontline');

const STAFF_ROUTES = staffRoutes();
const TICKET_ROUTES = STAFF_ROUTES.filter((route) => route.namesTicket);
/** Where a staff route takes a hotel by name: the queue's filter, the audit log's, a privacy request's. */
const hotelParameterOf = (route: StaffRoute): 'query' | 'body' | undefined => {
  const spec = (AGENT_API as Record<string, AgentRouteSpec>)[route.key];
  const names = (schema: unknown) => schema instanceof z.ZodObject && 'hotel' in schema.shape;
  if (names(spec?.query)) return 'query';
  if (names(spec?.body)) return 'body';
  return undefined;
};
const HOTEL_NAMING_ROUTES = STAFF_ROUTES.filter((route) => hotelParameterOf(route) !== undefined);

const specOf = (route: StaffRoute): AgentRouteSpec => {
  const spec = (AGENT_API as Record<string, AgentRouteSpec>)[route.key];
  if (!spec) throw new Error(`${route.key} is in AGENT_ROUTES but not in the AGENT_API registry`);
  return spec;
};
const mayUse = (route: StaffRoute, subject: DevTokenSubject) => specOf(route).roles.includes(subject.role);

/**
 * Routes whose tests cannot run until a bug outside this suite is fixed: the tests are skipped,
 * not changed. Delete the entry once the bug is fixed to run them again.
 */
const BLOCKED: Record<string, string> = {};
const isBlocked = (route: { key: string }) => route.key in BLOCKED;

/** `it.each` over routes, with the BLOCKED ones skipped. */
function eachRoute<R extends { key: string }>(
  routes: readonly R[],
  name: string,
  fn: (route: R) => Promise<void>,
) {
  const open = routes.filter((route) => !isBlocked(route));
  const blocked = routes.filter(isBlocked);
  if (open.length > 0) it.each(open)(name, fn);
  if (blocked.length > 0) it.skip.each(blocked)(`${name} (skipped: see BLOCKED)`, fn);
}

interface World {
  url: string;
  year: number;
  /** Hotel A's ticket numbers, and the ones set up for particular attacks. */
  a: { numbers: string[]; sales: string; technical: string; escalated: string; visitor: WebchatVisitor };
  /** `shared`: the ticket of the guest who also wrote to hotel A (`sales` there). */
  b: { numbers: string[]; shared: string; visitor: WebchatVisitor };
  /** What no attack may change: each ticket's state by number, each transcript, the logs' lengths. */
  before: { tickets: Map<string, string>; transcripts: string[]; events: number; graph: number };
}

let runtime: RuntimeProcess;
let world: World;

const lineCount = (file: string) =>
  existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
const eventsFile = () => join(runtime.dataDir, 'events.jsonl');
const graphFile = () => join(runtime.dataDir, 'graph-api-requests.jsonl');

/** Every ticket of both hotels, read by their own admins. */
async function ticketStates(): Promise<Map<string, string>> {
  const read = async (token: string, numbers: string[]) =>
    Promise.all(numbers.map(async (n) => [n, stateOf(await readTicket(world.url, token, n))] as const));
  const states = [
    ...(await read(staffToken(A_STAFF.admin), world.a.numbers)),
    ...(await read(staffToken(B_ADMIN), world.b.numbers)),
  ];
  return new Map(states);
}

/** Each visitor's transcript, as their own widget polls it. */
const transcripts = () =>
  Promise.all(
    [world.a.visitor, world.b.visitor].map(
      async (v) =>
        (await send(world.url, { method: 'GET', path: '/webchat/messages', headers: bearer(v.token) })).body,
    ),
  );

beforeAll(async () => {
  runtime = await startRuntimeProcess(ENV);
  const url = runtime.url;

  // Prepare: one guest number writes to both hotels, a second guest and a web-chat visitor to A.
  const deliveries = [
    whatsappText(HOTEL_A, SHARED_GUEST, 'wamid.SECURITY-A-1', 'Merhaba, 12-15 Temmuz için oda fiyatı nedir?'),
    whatsappText(HOTEL_A, '905551112233', 'wamid.SECURITY-A-2', 'Havalimanından transfer var mı?'),
    whatsappText(
      HOTEL_B,
      SHARED_GUEST,
      'wamid.SECURITY-B-1',
      'Merhaba, Ağustos için aile odası fiyatı nedir?',
    ),
  ];
  for (const answer of await Promise.all(deliveries.map((d) => signedWebhook(url, d, ENV.META_APP_SECRET))))
    if (answer.status !== 200) throw new Error(`A seed delivery answered ${answer.status}: ${answer.body}`);
  const [visitorA, visitorB] = await Promise.all([
    chattingVisitor(url, HOTEL_A, 'Is there a shuttle from Antalya airport?'),
    chattingVisitor(url, HOTEL_B, 'Do you have a kids club?'),
  ]);

  const both = staffToken({ userId: 'seeder', role: 'admin', hotels: [HOTEL_A.tenantId, HOTEL_B.tenantId] });
  const numbers = await eventually(async () => {
    const queued = await queueNumbers(url, both);
    return queued.length === 5 ? queued : undefined;
  }, 'the five seeded tickets in the queue');
  const views = await eventually(async () => {
    const read = await Promise.all(numbers.map((n) => readTicket(url, both, n)));
    return read.every(isSettled) ? read : undefined;
  }, 'the conversation workflow to triage and route the seeded tickets');

  const ofHotel = (tenantId: string) =>
    views
      .filter((v) => v.ticket.tenantId === tenantId)
      .map((v) => v.ticket.number)
      .sort();
  const numberOf = (predicate: (v: TicketViewResponse) => boolean) => {
    const found = views.find(predicate)?.ticket.number;
    if (!found) throw new Error('A seeded ticket is missing');
    return found;
  };
  const sales = numberOf((v) => v.ticket.firstMessageId === 'wamid.SECURITY-A-1');
  const technical = numberOf((v) => v.ticket.firstMessageId === 'wamid.SECURITY-A-2');
  const escalated = numberOf((v) => v.ticket.tenantId === HOTEL_A.tenantId && v.ticket.channel === 'webchat');
  world = {
    url,
    year: parseRecordNumber(sales)?.year ?? 0,
    a: { numbers: ofHotel(HOTEL_A.tenantId), sales, technical, escalated, visitor: visitorA },
    b: {
      numbers: ofHotel(HOTEL_B.tenantId),
      shared: numberOf((v) => v.ticket.firstMessageId === 'wamid.SECURITY-B-1'),
      visitor: visitorB,
    },
    before: { tickets: new Map(), transcripts: [], events: 0, graph: 0 },
  };

  // Prepare: a ticket of the technical department, and one a supervisor escalated.
  const supervisor = staffToken(A_STAFF.supervisor);
  const setUp = await Promise.all([
    send(url, {
      method: 'POST',
      path: `/agent/tickets/${technical}/assignment`,
      headers: bearer(supervisor),
      body: jsonBody({ team: 'owner', department: 'technical' }),
    }),
    send(url, {
      method: 'POST',
      path: `/agent/tickets/${escalated}/escalation`,
      headers: bearer(supervisor),
      body: jsonBody({ level: 1, reason: 'VIP guest' }),
    }),
  ]);
  for (const answer of setUp)
    if (answer.status !== 200) throw new Error(`Setting up answered ${answer.status}: ${answer.body}`);

  world.before = {
    tickets: await ticketStates(),
    transcripts: await transcripts(),
    events: lineCount(eventsFile()),
    graph: lineCount(graphFile()),
  };
}, 90_000);

afterAll(async () => {
  await runtime?.stop();
});

/** Sends each probe, at most 16 at a time. */
const sendAll = (probes: readonly Probe[]) => inParallel(probes.map((p) => () => send(world.url, p)));

/** The one answer all of these got, or a failure listing which got what. */
function sameAnswer(
  answers: readonly Answer[],
  labels: readonly string[],
  fields: readonly string[] = [],
): Answer {
  const forms = answers.map((answer) => comparable(answer, fields));
  const distinct = [...new Set(forms)];
  if (distinct.length > 1) {
    const groups = distinct.map((form) => ({
      answer: JSON.parse(form) as unknown,
      for: labels.filter((_, i) => forms[i] === form),
    }));
    expect.fail(`Different answers reveal which records exist:\n${JSON.stringify(groups, null, 2)}`);
  }
  return answers[0] as Answer;
}

const year = () => world.year;
const number = (code: string, sequence: number, y = year()) => recordNumberOf(code, y, sequence);

/**
 * Ticket ids hotel B's staff try on hotel A: A's real numbers (they exist, in another hotel),
 * numbers guessed around them, other spellings of them, and ids that exist nowhere.
 */
function idsGuessedByB(): string[] {
  const [first = ''] = world.a.numbers;
  const sequence = world.a.numbers.length;
  return [
    ...world.a.numbers,
    number('AUB', sequence + 1),
    number('AUB', 0),
    number('AUB', 1, year() - 1),
    number('AUB', 999_999),
    first.toLowerCase(),
    first.replace(/-(\d+)$/, '-0$1'),
    ` ${first}`,
    number('LYK', 999_999),
    number('SDP', 1),
    number('ZZZ', 1),
    'not-a-ticket',
    'A'.repeat(41),
  ];
}

/** Ticket ids hotel A's staff try on hotel B: B's numbers, B's code with A's sequence, and nothing. */
function idsGuessedByA(): string[] {
  return [
    ...world.b.numbers,
    ...world.a.numbers.map((n) => n.replace(/^AUB-/, 'LYK-')),
    number('LYK', world.a.numbers.length + 1),
    (world.b.numbers[0] ?? '').toLowerCase(),
    number('AUB', 999_999),
  ];
}

describe('the attack surface', () => {
  it('has an attack case for every route of API_ROUTES, and none for a route that is gone', () => {
    // Re-read at run time: a route added by anyone shows up here first.
    expect(Object.keys(ROUTE_CASES).sort()).toEqual(API_ROUTES.map(routeKeyOf).sort());
  });

  it('has a staff-token case for every staff route and a guard for every public one', () => {
    for (const route of STAFF_ROUTES) caseOf(route);
    for (const route of publicRoutes()) expect(route.routeCase?.guard, route.key).not.toBe('staff-token');
  });

  it('seeded two hotels whose record numbers overlap in sequence', () => {
    expect(world.a.numbers).toEqual([1, 2, 3].map((s) => number('AUB', s)));
    expect(world.b.numbers).toEqual([1, 2].map((s) => number('LYK', s)));
  });
});

describe('a staff route answers every bad token with 401 before anything runs', () => {
  it.each(STAFF_ROUTES)('$key', async (route) => {
    // Prepare: tokens that would admit hotel A's admin, had they been right.
    const tokens = badTokenHeaders(A_STAFF.admin, {
      webchat: ENV.WEBCHAT_TOKEN_SECRET,
      meta: ENV.META_APP_SECRET,
      visitorToken: world.a.visitor.token,
    });
    const probe = staffProbe(route, world.a.sales);

    // Act
    const answers = await sendAll(Object.values(tokens).map((headers) => withHeaders(probe, headers)));

    // Assess
    const got = Object.keys(tokens).map((name, i) => ({
      name,
      status: answers[i]?.status,
      body: answers[i]?.body,
    }));
    expect(got).toEqual(
      Object.keys(tokens).map((name) => ({ name, status: 401, body: '{"message":"Unauthorized"}' })),
    );
  });
});

describe("another hotel's ticket answers byte for byte as a ticket that does not exist", () => {
  it.each(TICKET_ROUTES)('$key', async (route) => {
    const attacks = [
      { attacker: B_ADMIN, ids: idsGuessedByB() },
      { attacker: B_FRONTLINE, ids: idsGuessedByB() },
      { attacker: A_STAFF.admin, ids: idsGuessedByA() },
      { attacker: A_STAFF.frontline, ids: idsGuessedByA() },
    ];
    for (const { attacker, ids } of attacks) {
      // Act
      const token = staffToken(attacker);
      const answers = await sendAll(ids.map((id) => withHeaders(staffProbe(route, id), bearer(token))));

      // Assess: one answer for all, the not-found one (or the role's refusal, before any lookup).
      const answer = sameAnswer(
        answers,
        ids.map((id) => `${attacker.userId} on ${JSON.stringify(id)}`),
      );
      expect(answer.status, `${attacker.userId}: ${answer.body}`).toBe(mayUse(route, attacker) ? 404 : 403);
    }
  });
});

describe('a role cannot do more than it may', () => {
  it.each(STAFF_ROUTES)('$key refuses the roles it does not admit, alike for every ticket', async (route) => {
    const refused = RoleSchema.options.filter((role) => !mayUse(route, A_STAFF[role]));
    const ids = route.namesTicket ? [...world.a.numbers, number('AUB', 999_999), ...world.b.numbers] : [''];
    for (const role of refused) {
      // Act
      const token = staffToken(A_STAFF[role]);
      const answers = await sendAll(ids.map((id) => withHeaders(staffProbe(route, id), bearer(token))));

      // Assess
      const answer = sameAnswer(
        answers,
        ids.map((id) => `${role} on ${id}`),
      );
      expect(answer.status, `${role}: ${answer.body}`).toBe(403);
    }
  });

  it.each(TICKET_ROUTES)(
    "$key: an owner sees another department's ticket as one that does not exist",
    async (route) => {
      // Prepare: the ticket belongs to technical; the owner works for housekeeping.
      const owner = A_STAFF.owner;
      const ids = [world.a.technical, number('AUB', 999_999)];

      // Act
      const answers = await sendAll(
        ids.map((id) => withHeaders(staffProbe(route, id), bearer(staffToken(owner)))),
      );

      // Assess
      const answer = sameAnswer(answers, ids);
      expect(answer.status).toBe(mayUse(route, owner) ? 404 : 403);
    },
  );

  it("lets the technical department's owner read that ticket (the control of the case above)", async () => {
    const view = await readTicket(world.url, staffToken(A_OWNER_TECHNICAL), world.a.technical);

    expect(view.ticket.department).toBe('technical');
  });

  it('lets only a supervisor lower an escalation, and hotel B not even find the ticket', async () => {
    // Prepare
    const lower = (subject: DevTokenSubject, id: string) =>
      withHeaders(
        {
          method: 'POST',
          path: `/agent/tickets/${id}/escalation`,
          body: jsonBody({ level: 0, reason: 'not that bad' }),
        },
        bearer(staffToken(subject)),
      );

    // Act
    const [frontline, coordinator, fromB, missingForB] = await sendAll([
      lower(A_STAFF.frontline, world.a.escalated),
      lower(A_STAFF.coordinator, world.a.escalated),
      lower(B_ADMIN, world.a.escalated),
      lower(B_ADMIN, number('AUB', 999_999)),
    ]);

    // Assess
    expect([frontline?.status, coordinator?.status]).toEqual([403, 403]);
    expect(comparable(fromB as Answer)).toBe(comparable(missingForB as Answer));
    expect(fromB?.status).toBe(404);
  });

  it('lets the DPO see who they are (what the DPO may not use is refused above)', async () => {
    const me = await send(world.url, {
      method: 'GET',
      path: '/agent/me',
      headers: bearer(staffToken(A_STAFF.dpo)),
    });

    expect(me.status).toBe(200);
    expect(JSON.parse(me.body)).toMatchObject({ principal: { role: 'dpo', hotels: [HOTEL_A.tenantId] } });
  });
});

describe('a hotel named by the caller instead of by the token changes nothing', () => {
  const FORGED_QUERIES: Record<string, string>[] = [
    { hotel: 'aurora-belek' },
    { hotel: 'AUB' },
    { tenantId: 'aurora-belek' },
    { 'custom:hotels': 'aurora-belek' },
    { hotels: 'aurora-belek,lykia-kemer' },
  ];
  const FORGED_HEADERS = {
    'x-tenant-id': 'aurora-belek',
    'x-hotel': 'aurora-belek',
    'x-custom-hotels': 'aurora-belek',
    'x-amzn-oidc-data': 'aurora-belek',
  };
  const FORGED_FIELDS = [
    { hotel: 'aurora-belek' },
    { tenantId: 'aurora-belek' },
    { 'custom:hotels': 'aurora-belek' },
    { principal: { hotels: ['aurora-belek'], role: 'admin' } },
  ];

  it.each(TICKET_ROUTES)('$key with hotel B on hotel A', async (route) => {
    // Prepare: hotel B's token, and hotel A named everywhere a client can put a name.
    const token = staffToken(B_ADMIN);
    const ids = [...world.a.numbers, number('AUB', 999_999)];
    const body = caseOf(route).body;
    const variants: { name: string; probe: (id: string) => Probe; status: number }[] = [
      ...FORGED_QUERIES.map((query) => ({
        name: `?${new URLSearchParams(query)}`,
        probe: (id: string) => withQuery(staffProbe(route, id), query),
        status: 404,
      })),
      {
        name: 'hotel headers',
        probe: (id: string) => withHeaders(staffProbe(route, id), FORGED_HEADERS),
        status: 404,
      },
      ...(body !== undefined && typeof body === 'object'
        ? FORGED_FIELDS.map((fields) => ({
            name: `body ${JSON.stringify(fields)}`,
            probe: (id: string) => ({ ...staffProbe(route, id), body: jsonBody({ ...body, ...fields }) }),
            // The schemas are strict: an unknown field is refused before any ticket is looked up.
            status: 400,
          }))
        : []),
    ];

    for (const variant of variants) {
      // Act
      const answers = await sendAll(ids.map((id) => withHeaders(variant.probe(id), bearer(token))));

      // Assess
      const answer = sameAnswer(
        answers,
        ids.map((id) => `${variant.name} on ${id}`),
      );
      expect(answer.status, `${variant.name}: ${answer.body}`).toBe(variant.status);
    }
  });

  eachRoute(
    HOTEL_NAMING_ROUTES,
    "$key refuses hotel A to hotel B's staff exactly as a hotel that does not exist",
    async (route) => {
      // Prepare: every role of hotel B that may use the route, naming hotel A as it can be named.
      const names = [
        'aurora-belek',
        'AUB',
        'aub',
        'side-palace',
        'no-such-hotel',
        'aurora-belek,lykia-kemer',
      ];
      const attackers = RoleSchema.options
        .map((role) => staff(HOTEL_B, role))
        .filter((s) => mayUse(route, s));
      const naming = (hotel: string): Probe => {
        const probe = staffProbe(route, '');
        return hotelParameterOf(route) === 'query'
          ? withQuery(probe, { hotel })
          : { ...probe, body: jsonBody({ ...(caseOf(route).body as object), hotel }) };
      };

      for (const attacker of attackers) {
        // Act
        const answers = await sendAll(
          names.map((hotel) => withHeaders(naming(hotel), bearer(staffToken(attacker)))),
        );

        // Assess: refused before anything is read (403 as in the queue, or 404 as an unknown hotel).
        const answer = sameAnswer(answers, names);
        expect([403, 404], `${attacker.userId}: ${answer.status} ${answer.body}`).toContain(answer.status);
      }
    },
  );

  it("shows hotel B only its own queue, even with a cursor of hotel A's queue", async () => {
    // Prepare: a real cursor of hotel A's queue.
    const get = (token: string, query: Record<string, string>) =>
      send(world.url, { method: 'GET', path: '/agent/queue', query, headers: bearer(token) });
    const pageOfA = JSON.parse((await get(staffToken(A_STAFF.admin), { limit: '1' })).body) as QueueResponse;
    expect(pageOfA.nextCursor).toBeDefined();

    // Act
    const [own, withCursor] = await Promise.all([
      get(staffToken(B_ADMIN), { limit: '100' }),
      get(staffToken(B_ADMIN), { limit: '100', cursor: pageOfA.nextCursor ?? '' }),
    ]);

    // Assess
    const numbersOf = (a: Answer) => (JSON.parse(a.body) as QueueResponse).items.map((i) => i.number).sort();
    expect(numbersOf(own)).toEqual(world.b.numbers);
    expect(numbersOf(withCursor)).toEqual(world.b.numbers);
  });

  it('gives a validly signed token naming no configured hotel nothing at all', async () => {
    // Prepare: hotels spelt as a wildcard, a hotel code, or in capitals (a misconfigured user pool).
    const now = Math.floor(Date.now() / 1000);
    const tokens = ['*', 'AUB', 'AURORA-BELEK', 'all'].map((hotels) =>
      signedJwt({ ...claimsOf(A_STAFF.admin, now), 'custom:hotels': hotels }, AGENT_TOKEN_SECRET),
    );

    // Act
    const [queues, tickets, missing] = await Promise.all([
      sendAll(tokens.map((t) => ({ method: 'GET', path: '/agent/queue', headers: bearer(t) }))),
      sendAll(
        tokens.map((t) => ({ method: 'GET', path: `/agent/tickets/${world.a.sales}`, headers: bearer(t) })),
      ),
      sendAll(
        tokens.map((t) => ({
          method: 'GET',
          path: `/agent/tickets/${number('AUB', 999_999)}`,
          headers: bearer(t),
        })),
      ),
    ]);

    // Assess
    expect(queues.map((a) => [a.status, a.body])).toEqual(tokens.map(() => [200, '{"items":[]}']));
    expect(sameAnswer([...tickets, ...missing], [...tokens, ...tokens]).status).toBe(404);
  });
});

/** The guest ids of hotel A's tickets, as they were before the attacks. */
const guestIdsOfA = () =>
  world.a.numbers.map(
    (n) => (JSON.parse(world.before.tickets.get(n) ?? '{}') as TicketViewResponse).ticket.guestId,
  );

describe("a data-subject request reaches only the caller's own hotel", () => {
  // Skipped while POST /privacy/requests is BLOCKED (see there).
  const itRuns = isBlocked({ key: 'POST /privacy/requests' }) ? it.skip : it;
  const privacy = (subject: DevTokenSubject, body: unknown): Probe =>
    withHeaders(
      { method: 'POST', path: '/privacy/requests', body: jsonBody(body) },
      bearer(staffToken(subject)),
    );
  /** Each answer says when it was made; nothing else may differ. */
  const WHEN = ['generatedAt', 'completedAt'];

  itRuns.each(['export', 'erase'] as const)(
    "hotel B's %s of hotel A's guests finds exactly what it finds of nobody",
    async (kind) => {
      // Prepare: hotel A's guests named under hotel B, by guest id and by a phone only A knows.
      const groups = {
        'by guest id': [...guestIdsOfA(), `g_${randomUUID()}`].map((guestId) => ({ guestId })),
        'by phone': ['+905551112233', '+905559990000'].map((phone) => ({ phone })),
      };
      for (const attacker of [B_ADMIN, staff(HOTEL_B, 'dpo')])
        for (const [name, subjects] of Object.entries(groups)) {
          // Act
          const answers = await sendAll(
            subjects.map((subject) => privacy(attacker, { hotel: HOTEL_B.tenantId, kind, subject })),
          );

          // Assess: an empty export, or a receipt of zeros, the same for A's guests as for nobody.
          const answer = sameAnswer(
            answers,
            subjects.map((subject) => `${attacker.userId} ${name} ${JSON.stringify(subject)}`),
            WHEN,
          );
          expect(answer.status, answer.body).toBe(200);
          expect(JSON.parse(answer.body)).toMatchObject(kind === 'export' ? { tickets: [] } : { guests: 0 });
        }
    },
  );

  itRuns(
    'exports the guest who wrote to both hotels with only the conversation of the hotel asked',
    async () => {
      // Act
      const [ofB, ofA] = await sendAll([
        privacy(B_ADMIN, { hotel: HOTEL_B.tenantId, kind: 'export', subject: { phone: `+${SHARED_GUEST}` } }),
        privacy(A_STAFF.dpo, {
          hotel: HOTEL_A.hotelCode,
          kind: 'export',
          subject: { phone: `+${SHARED_GUEST}` },
        }),
      ]);

      // Assess
      const numbersIn = (a: Answer | undefined) => [
        ...new Set(a?.body.match(/\b(AUB|LYK)-\d{4}-\d{6}\b/g) ?? []),
      ];
      expect([ofB?.status, ofA?.status]).toEqual([200, 200]);
      expect(numbersIn(ofB)).toEqual([world.b.shared]);
      expect(numbersIn(ofA)).toEqual([world.a.sales]);
      expect(ofB?.body).not.toContain('Temmuz');
      expect(ofA?.body).not.toContain('Ağustos');
    },
  );
});

describe('the Meta webhooks take only what Meta signed', () => {
  const instagramText = (accountId: string, text: string) =>
    JSON.stringify({
      object: 'instagram',
      entry: [
        {
          time: 1_751_360_401_023,
          id: accountId,
          messaging: [
            {
              sender: { id: '6931824916859299' },
              recipient: { id: accountId },
              timestamp: 1_751_360_400_123,
              message: { mid: `mid.security-${randomUUID()}`, text },
            },
          ],
        },
      ],
    });
  const deliveryTo = (channel: 'whatsapp' | 'instagram', hotelId: string, text: string) => {
    const hotel = hotelNamed(hotelId);
    return channel === 'whatsapp'
      ? whatsappText(hotel, SHARED_GUEST, `wamid.SECURITY-PROBE-${randomUUID()}`, text)
      : instagramText(hotel.channels.instagram?.accountId ?? '', text);
  };
  const routes = publicRoutes().flatMap(({ key, routeCase }) =>
    routeCase?.guard === 'meta-signature' ? [{ key, channel: routeCase.channel }] : [],
  );

  it.each(routes)('$key refuses a delivery without a valid signature with 401', async ({ channel }) => {
    // Prepare: what hotel B's side could send to hotel A's number.
    const body = deliveryTo(channel, HOTEL_A.tenantId, 'SECURITY PROBE: forged guest message');
    const signedForB = deliveryTo(channel, HOTEL_B.tenantId, 'SECURITY PROBE: forged guest message');
    const sha1 = `sha1=${signMetaBody(body, ENV.META_APP_SECRET).slice('sha256='.length, 47)}`;
    const signatures: Record<string, string | undefined> = {
      missing: undefined,
      empty: '',
      'bare prefix': 'sha256=',
      'another app secret': signMetaBody(body, OTHER_KEY),
      'the verify token as secret': signMetaBody(body, ENV.META_VERIFY_TOKEN),
      'a SHA-1 signature': sha1,
      "a real signature of hotel B's delivery, replayed with hotel A's number": signMetaBody(
        signedForB,
        ENV.META_APP_SECRET,
      ),
      'a real signature, body edited after signing': signMetaBody(
        body.replace('forged guest message', 'edited'),
        ENV.META_APP_SECRET,
      ),
    };

    // Act
    const answers = await sendAll(
      Object.values(signatures).map((signature) => ({
        method: 'POST',
        path: `/webhooks/${channel}`,
        body,
        ...(signature !== undefined && { headers: { 'x-hub-signature-256': signature } }),
      })),
    );

    // Assess
    expect(answers.map((a) => a.status)).toEqual(Object.keys(signatures).map(() => 401));
  });

  it.each(publicRoutes().filter((r) => r.routeCase?.guard === 'meta-verify-token'))(
    '$key answers the handshake only for the verify token, without echoing the challenge',
    async ({ route }) => {
      // Prepare
      const tokens = [
        '',
        'wrong',
        ENV.META_APP_SECRET,
        ENV.META_VERIFY_TOKEN.toUpperCase(),
        `${ENV.META_VERIFY_TOKEN} `,
      ];
      const handshake = (token: string | undefined): Probe => ({
        method: 'GET',
        path: route.path,
        query: {
          'hub.mode': 'subscribe',
          'hub.challenge': '1158201444',
          ...(token !== undefined && { 'hub.verify_token': token }),
        },
      });

      // Act
      const answers = await sendAll([handshake(undefined), ...tokens.map(handshake)]);
      const right = await send(world.url, handshake(ENV.META_VERIFY_TOKEN));

      // Assess
      expect(answers.map((a) => [a.status, a.body])).toEqual(answers.map(() => [403, 'Forbidden']));
      expect([right.status, right.body]).toEqual([200, '1158201444']);
    },
  );
});

describe('the web chat keeps each visitor to their own session of their own hotel', () => {
  const chatProbe = (method: 'GET' | 'POST', token: string | undefined, body?: unknown): Probe => ({
    method,
    path: '/webchat/messages',
    ...(token !== undefined && { headers: bearer(token) }),
    ...(method === 'POST' && { body: jsonBody(body ?? { text: 'SECURITY PROBE: not my session' }) }),
  });
  const validlySigned = (tenantId: string, sessionId: string, expiresAt = Date.UTC(2100, 0, 1)) =>
    signVisitorToken(
      { tenantId, sessionId, siteKey: hotelNamed(tenantId).channels.webchat?.siteKey ?? '', expiresAt },
      ENV.WEBCHAT_TOKEN_SECRET,
    );
  const routes = publicRoutes()
    .filter((r) => r.routeCase?.guard === 'webchat-visitor-token')
    .map((r) => ({ key: r.key, method: r.route.method }));

  it.each(routes)(
    '$key refuses a missing, foreign, edited or expired visitor token with 401',
    async ({ method }) => {
      // Prepare: hotel B's visitor goes after hotel A's visitor's session.
      const { a, b } = world;
      const tokens: Record<string, string | undefined> = {
        missing: undefined,
        malformed: 'not-a-visitor-token',
        "B's token naming A's hotel and session": tamperedVisitorToken(b.visitor.token, {
          tenantId: a.visitor.tenantId,
          sessionId: a.visitor.sessionId,
        }),
        "B's token naming A's session": tamperedVisitorToken(b.visitor.token, {
          sessionId: a.visitor.sessionId,
        }),
        "B's token naming A's hotel": tamperedVisitorToken(b.visitor.token, { tenantId: a.visitor.tenantId }),
        "B's token with its expiry extended": tamperedVisitorToken(b.visitor.token, {
          expiresAt: Date.UTC(2100, 0, 1),
        }),
        "A's session signed with another key": signVisitorToken(
          {
            tenantId: a.visitor.tenantId,
            sessionId: a.visitor.sessionId,
            siteKey: 'x',
            expiresAt: Date.UTC(2100, 0, 1),
          },
          OTHER_KEY,
        ),
        "A's session signed with the staff token key": signVisitorToken(
          {
            tenantId: a.visitor.tenantId,
            sessionId: a.visitor.sessionId,
            siteKey: 'x',
            expiresAt: Date.UTC(2100, 0, 1),
          },
          AGENT_TOKEN_SECRET,
        ),
        "A's visitor token, expired": validlySigned(a.visitor.tenantId, a.visitor.sessionId, LONG_AGO_MILLIS),
        "a staff token of hotel A's admin": staffToken(A_STAFF.admin),
      };

      // Act
      const answers = await sendAll(Object.values(tokens).map((token) => chatProbe(method, token)));

      // Assess
      expect(Object.keys(tokens).map((name, i) => [name, answers[i]?.status])).toEqual(
        Object.keys(tokens).map((name) => [name, 401]),
      );
    },
  );

  it("refuses another visitor's session id in the body, and ignores it in the query", async () => {
    const { a, b } = world;

    // Act
    const [inBody, inQuery] = await Promise.all([
      send(
        world.url,
        chatProbe('POST', b.visitor.token, { text: 'SECURITY PROBE', sessionId: a.visitor.sessionId }),
      ),
      send(
        world.url,
        withQuery(chatProbe('GET', b.visitor.token), {
          sessionId: a.visitor.sessionId,
          tenantId: a.visitor.tenantId,
        }),
      ),
    ]);

    // Assess
    expect(inBody.status).toBe(400);
    expect(inQuery.status).toBe(200);
    expect(inQuery.body).toContain(b.visitor.text);
    expect(inQuery.body).not.toContain(a.visitor.text);
  });

  it.each(routes)(
    "$key finds another hotel's session, even under a validly signed token, no more than a session that does not exist",
    async ({ method }) => {
      // Prepare: the token secret leaked; does the store still keep the hotels apart?
      const { a, b } = world;
      const tokens = {
        "hotel A with B's session": validlySigned(a.visitor.tenantId, b.visitor.sessionId),
        'hotel A with no such session': validlySigned(a.visitor.tenantId, randomUUID()),
        "hotel B with A's session": validlySigned(b.visitor.tenantId, a.visitor.sessionId),
        'hotel B with no such session': validlySigned(b.visitor.tenantId, randomUUID()),
      };

      // Act
      const answers = await sendAll(Object.values(tokens).map((token) => chatProbe(method, token)));

      // Assess
      const answer = sameAnswer(answers, Object.keys(tokens));
      expect(answer.status).toBe(method === 'POST' ? 404 : 200);
    },
  );

  it.each(publicRoutes().filter((r) => r.routeCase?.guard === 'webchat-site-key'))(
    '$key opens a session only for the hotel its site key names',
    async ({ route }) => {
      // Act
      const answers = await sendAll(
        [
          { siteKey: 'wk_no_such_site' },
          { siteKey: HOTEL_B.channels.webchat?.siteKey, tenantId: HOTEL_A.tenantId },
          { siteKey: HOTEL_B.channels.webchat?.siteKey, hotel: HOTEL_A.tenantId },
        ].map((body) => ({ method: route.method, path: route.path, body: jsonBody(body) })),
      );

      // Assess
      expect(answers.map((a) => a.status)).toEqual([404, 400, 400]);
    },
  );
});

/** A PMS batch of one departure (no consent: nothing is sent to the guest). */
const departures = (hotel: string, guestName: string) =>
  jsonBody({
    departures: [
      {
        hotel,
        reservationId: 'SECURITY-PMS-1',
        guestName,
        checkInDate: '2031-07-12',
        checkOutDate: '2031-07-19',
        consent: { service: false, surveys: false, marketing: false },
      },
    ],
  });

describe('PMS check-outs are taken only as the PMS signed them', () => {
  it.each(publicRoutes().filter((r) => r.routeCase?.guard === 'pms-signature'))(
    '$key refuses a missing, foreign or replayed-then-edited signature with 401',
    async ({ route }) => {
      // Prepare
      const body = departures(HOTEL_A.tenantId, 'Forged Guest');
      const signed = departures(HOTEL_B.tenantId, 'Forged Guest');
      const signatures: Record<string, string | undefined> = {
        missing: undefined,
        malformed: 'sha256=xyz',
        'another secret': signPmsBody(body, OTHER_KEY),
        'the Meta app secret': signPmsBody(body, ENV.META_APP_SECRET),
        "a real signature of hotel B's batch, replayed with hotel A in the body": signPmsBody(
          signed,
          ENV.PMS_WEBHOOK_SECRET,
        ),
      };

      // Act
      const answers = await sendAll(
        Object.values(signatures).map((signature) => ({
          method: route.method,
          path: route.path,
          body,
          ...(signature !== undefined && { headers: { 'x-hotel-inbox-signature-256': signature } }),
        })),
      );

      // Assess: refused, and (below) the reservation is new to the rightful PMS.
      expect(answers.map((a) => a.status)).toEqual(Object.keys(signatures).map(() => 401));
    },
  );
});

describe('after all the attacks', () => {
  it('every ticket of both hotels, both transcripts, the bus and the Graph API are as they were', async () => {
    // Act
    const [tickets, chats] = await Promise.all([ticketStates(), transcripts()]);

    // Assess
    expect(Object.fromEntries(tickets)).toEqual(Object.fromEntries(world.before.tickets));
    expect(chats).toEqual(world.before.transcripts);
    const published = readFileSync(eventsFile(), 'utf8')
      .split('\n')
      .filter(Boolean)
      .slice(world.before.events);
    expect(published).toEqual([]);
    expect(lineCount(graphFile())).toBe(world.before.graph);
  });

  it("each hotel's audit log names only its own staff and its own tickets", async () => {
    // Prepare: a range around the seeded tickets' opening (taken from the data, not the clock).
    const opened = Date.parse(JSON.parse(world.before.tickets.get(world.a.sales) ?? '{}').ticket.openedAt);
    const range = {
      from: new Date(opened - 3_600_000).toISOString(),
      to: new Date(opened + 2 * 86_400_000).toISOString(),
      limit: '500',
    };
    const logOf = async (subject: DevTokenSubject, hotel: string) => {
      const answer = await send(world.url, {
        method: 'GET',
        path: '/agent/audit',
        query: { ...range, hotel },
        headers: bearer(staffToken(subject)),
      });
      expect(answer.status, answer.body).toBe(200);
      return (JSON.parse(answer.body) as AuditResponse).entries;
    };

    // Act
    const [ofA, ofB] = await Promise.all([
      logOf(A_STAFF.admin, HOTEL_A.tenantId),
      logOf(B_ADMIN, HOTEL_B.tenantId),
    ]);

    // Assess: the failed attempts of the other hotel's staff left no entry anywhere.
    const strangers = (entries: AuditResponse['entries'], code: string) => [
      ...new Set(
        entries.flatMap((e) => [
          ...(e.actor.userId.startsWith(`${code.toLowerCase()}-`) || e.actor.userId === 'seeder'
            ? []
            : [e.actor.userId]),
          ...(e.target.ticketId && !e.target.ticketId.startsWith(`${code}-`) ? [e.target.ticketId] : []),
        ]),
      ),
    ];
    expect(ofA.length * ofB.length).toBeGreaterThan(0);
    expect(strangers(ofA, HOTEL_A.hotelCode)).toEqual([]);
    expect(strangers(ofB, HOTEL_B.hotelCode)).toEqual([]);
  });
});

describe('the rightful callers get through the very same guards (the controls of the attacks)', () => {
  /** A role of hotel A that the route admits: admin where it may, else the first one it names. */
  const rightfulFor = (route: StaffRoute) => {
    const roles = specOf(route).roles;
    return A_STAFF[roles.includes('admin') ? 'admin' : (roles[0] as Role)];
  };

  it('every staff route takes the request its attacks sent, from hotel A on its own ticket', async () => {
    // Act: one after the other, in the table's order (resolve, then reopen, …), on one ticket.
    const got: Record<string, Answer> = {};
    for (const route of STAFF_ROUTES.filter((r) => !isBlocked(r))) {
      const probe = withHeaders(staffProbe(route, world.a.sales), bearer(staffToken(rightfulFor(route))));
      got[route.key] = await send(world.url, probe);
    }

    // Assess: past the token, role and tenant checks, and valid (a conflict of state is fine).
    for (const [key, { status, body }] of Object.entries(got))
      expect([200, 201, 202, 409, 422], `${key} answered ${status} ${body}`).toContain(status);
    // The guest's profile is not in the state compared above: the very correction the attacks
    // sent still changes it, so none of them was applied.
    const corrected = got['POST /agent/tickets/{ticketId}/guest'];
    if (corrected) expect(JSON.parse(corrected.body)).toMatchObject({ changed: ['name'] });
  });

  it.skip.each(STAFF_ROUTES.filter(isBlocked))(
    '$key takes the request its attacks sent, from hotel A (skipped: see BLOCKED)',
    async (route) => {
      const probe = withHeaders(staffProbe(route, world.a.sales), bearer(staffToken(rightfulFor(route))));

      const { status, body } = await send(world.url, probe);

      expect([200, 201, 202, 409, 422], `${status} ${body}`).toContain(status);
    },
  );

  it("a delivery signed with Meta's app secret, and a visitor's message in their own session, go through", async () => {
    // Act
    const [delivery, chat] = await Promise.all([
      signedWebhook(
        world.url,
        whatsappText(HOTEL_A, SHARED_GUEST, 'wamid.SECURITY-CONTROL', 'Teşekkürler, fiyat için bekliyorum.'),
        ENV.META_APP_SECRET,
      ),
      send(world.url, {
        method: 'POST',
        path: '/webchat/messages',
        headers: bearer(world.b.visitor.token),
        body: jsonBody({ text: 'And a babysitter?' }),
      }),
    ]);

    // Assess
    expect([delivery.status, chat.status]).toEqual([200, 202]);
  });

  it('records nothing for a forged batch: the same departure sent rightfully is new, then a duplicate', async () => {
    // The forged batches named this reservation of hotel A: had one been recorded, this is a duplicate.
    const body = departures(HOTEL_A.tenantId, 'Rightful Guest');
    const post = () =>
      send(world.url, {
        method: 'POST',
        path: '/pms/checkouts',
        headers: { 'x-hotel-inbox-signature-256': signPmsBody(body, ENV.PMS_WEBHOOK_SECRET) },
        body,
      });

    const first = await post();
    const replayed = await post();

    expect([first.status, JSON.parse(first.body)]).toEqual([
      200,
      { accepted: 1, duplicates: 0, rejected: [] },
    ]);
    expect([replayed.status, JSON.parse(replayed.body)]).toEqual([
      200,
      { accepted: 0, duplicates: 1, rejected: [] },
    ]);
  });
});

describe('the same WhatsApp number in two hotels is two guests', () => {
  it("a correction of the guest in hotel A leaves hotel B's profile of that number as it was", async () => {
    // Prepare
    const correct = (subject: DevTokenSubject, ticketId: string) =>
      send(world.url, {
        method: 'POST',
        path: `/agent/tickets/${ticketId}/guest`,
        headers: bearer(staffToken(subject)),
        body: jsonBody({ name: 'Ayşe Kaya', email: 'ayse.kaya@example.com' }),
      });

    // Act
    const inA = await correct(A_STAFF.admin, world.a.sales);
    const inB = await correct(B_ADMIN, world.b.shared);

    // Assess: hotel B's profile still held its own values, so the same correction changes it too.
    expect([inA.status, inB.status]).toEqual([200, 200]);
    expect(JSON.parse(inB.body).changed).toEqual(JSON.parse(inA.body).changed);
    expect(JSON.parse(inA.body).changed).toContain('email');
    expect(JSON.parse(inB.body).profile.guestId).not.toBe(JSON.parse(inA.body).profile.guestId);
  });
});

/**
 * Every command of `hotel-inbox --help`: what is checked of it below, or why there is nothing to
 * check. A command added to the CLI fails the suite until it is listed here.
 */
const CLI_COMMANDS: Record<string, string> = {
  start: 'checked: the runtime this suite attacks; it takes no hotel',
  normalize: 'nothing to check: turns a file into events, reads no stored data and takes no hotel',
  events: "nothing to check: the operator's log of every hotel's events by design, no message text",
  tickets: 'checked: --hotel of an unknown hotel fails; one hotel lists only its tickets',
  ticket: "checked: a number of an unknown hotel or a missing one fails without another hotel's data",
  triage: 'nothing to check: classifies text from stdin, reads no stored data',
  hotels: 'nothing to check: lists the configuration file the operator already reads, no guest data',
  'import-checkouts': 'checked: --hotel of an unknown hotel fails before any row is imported',
  surveys: 'checked: --hotel of an unknown hotel fails',
  nps: 'checked: --hotel of an unknown hotel fails',
  kpi: 'checked: --hotel of an unknown hotel fails',
  simulate: 'nothing to check: sends signed traffic as Meta would, reads no hotel by argument',
  token: 'checked: refuses an unknown hotel, an unknown role, an owner without a department',
  privacy: "checked: an unknown hotel fails; hotel B's export of hotel A's guests is empty",
};

describe('the CLI cannot cross hotels by argument', () => {
  const env = () => ({ ...ENV, DATA_DIR: runtime.dataDir });
  /** One command after the other, in this process (see cli-commands.ts). */
  const runAll = async (runs: string[][]) => {
    const results: CommandRun[] = [];
    for (const [name = '', ...args] of runs) results.push(await runCommand(env(), name, args));
    return results;
  };
  /** What must not show: a ticket number (but the one asked for), a seeded guest's words. */
  const leaks = (run: CommandRun, asked: readonly string[] = []) =>
    [
      ...(`${run.stdout}${run.stderr}`.match(/\b(AUB|LYK|SDP)-\d{4}-\d{6}\b/g) ?? []),
      ...(`${run.stdout}${run.stderr}`.match(/Merhaba|shuttle|kids club/g) ?? []),
    ].filter((found) => !asked.includes(found));

  it('lists in CLI_COMMANDS every command of the real `hotel-inbox --help`', async () => {
    // Act: the whole process, as an operator runs it (the other runs below are in-process).
    const help = await runCli(['--help'], { env: runtime.env });

    // Assess
    const commands = help.stderr
      .slice(help.stderr.indexOf('Commands:'))
      .split('\n')
      .flatMap((line) => /^ {2}(\S+)\s{2,}/.exec(line)?.[1] ?? []);
    expect(commands.sort()).toEqual(Object.keys(CLI_COMMANDS).sort());
  });

  it('fails cleanly, with no data of any hotel, for a hotel that does not exist', async () => {
    // Act
    const commands = [
      ['tickets', '--hotel', 'no-such-hotel'],
      ['tickets', '--hotel', 'no-such-hotel', '--status', 'all'],
      ['ticket', number('ZZZ', 1)],
      ['ticket', number('AUB', 999_999)],
      ['surveys', '--hotel', 'no-such-hotel'],
      ['nps', '--hotel', 'no-such-hotel', '--from', '2026-07-01', '--to', '2026-07-31'],
      ['kpi', '--hotel', 'no-such-hotel'],
      ['privacy', 'export', '--hotel', 'no-such-hotel', '--phone', `+${SHARED_GUEST}`],
      ['privacy', 'erase', '--hotel', 'no-such-hotel', '--phone', `+${SHARED_GUEST}`, '--yes'],
      [
        'import-checkouts',
        join(import.meta.dirname, '..', 'checkouts', 'departures.csv'),
        '--hotel',
        'nowhere',
      ],
    ];
    const runs = await runAll(commands);

    // Assess
    expect(runs.map((r) => r.code)).toEqual(runs.map(() => 1));
    expect(runs.flatMap((r, i) => leaks(r, commands[i]))).toEqual([]);
  });

  it("exports from hotel B exactly as much of hotel A's guests as of nobody", async () => {
    // Act
    const runs = await runAll(
      [...guestIdsOfA(), `g_${randomUUID()}`].map((guest) => [
        'privacy',
        'export',
        '--hotel',
        'LYK',
        '--guest',
        guest,
      ]),
    );

    // Assess
    const forms = runs.map((r) =>
      comparable({ status: r.code, headers: {}, body: r.stdout.replace(/\s+/g, ' ') }, ['generatedAt']),
    );
    expect(new Set(forms).size).toBe(1);
    expect(runs[0] && JSON.parse(runs[0].stdout)).toMatchObject({ tickets: [], guests: [] });
  });

  it("lists one hotel's tickets without the other's", async () => {
    // Act
    const [ofA, ofB] = await runAll([
      ['tickets', '--hotel', HOTEL_A.tenantId, '--status', 'all'],
      ['tickets', '--hotel', HOTEL_B.hotelCode, '--status', 'all'],
    ]);

    // Assess
    expect([ofA?.code, ofB?.code]).toEqual([0, 0]);
    expect(ofA && leaks(ofA).sort()).toEqual(world.a.numbers);
    expect(ofB && leaks(ofB).sort()).toEqual(world.b.numbers);
  });

  it('mints a token for a known hotel only, with a known role, and an owner only with a department', async () => {
    // Act
    const runs = await runAll([
      ['token', '--hotel', 'no-such-hotel', '--role', 'frontline', '--user', 'mallory'],
      [
        'token',
        '--hotel',
        HOTEL_A.tenantId,
        '--hotel',
        'no-such-hotel',
        '--role',
        'frontline',
        '--user',
        'mallory',
      ],
      ['token', '--hotel', '*', '--role', 'admin', '--user', 'mallory'],
      ['token', '--hotel', HOTEL_A.tenantId, '--role', 'root', '--user', 'mallory'],
      ['token', '--hotel', HOTEL_A.tenantId, '--role', 'owner', '--user', 'mallory'],
      ['token', '--hotel', HOTEL_A.tenantId, '--role', 'frontline', '--user', 'mallory', '--ttl', '30d'],
    ]);

    const minted = await runCommand(env(), 'token', [
      '--hotel',
      'AUB',
      '--role',
      'frontline',
      '--user',
      'cli-agent',
    ]);
    const get = (id: string) =>
      send(world.url, { method: 'GET', path: `/agent/tickets/${id}`, headers: bearer(minted.stdout.trim()) });
    const [own, other, missing] = await Promise.all([
      get(world.a.technical),
      get(world.b.shared),
      get(number('LYK', 999_999)),
    ]);

    // Assess: nothing minted when anything is wrong, and what is minted opens only hotel A.
    expect(runs.map((r) => [r.code, r.stdout])).toEqual(runs.map(() => [1, '']));
    expect([minted.code, own.status, other.status]).toEqual([0, 200, 404]);
    expect(comparable(other)).toBe(comparable(missing));
  });
});
