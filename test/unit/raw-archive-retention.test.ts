import { describe, expect, it } from 'vitest';
import { rawArchiveRetentionFromEnv } from '../../functions/adapters/ingest-deps';
import { Env } from '../../functions/contracts/environment';
import {
  expirationDaysOf,
  parseRawArchiveRetentionByHotel,
  RAW_ARCHIVE_RETENTION_TAG,
  rawArchiveLifecycleRules,
  rawArchiveRetentionByHotelJson,
  SENSITIVE_RAW_BODY_DAYS,
} from '../../functions/contracts/raw-archive';
import { DEFAULT_RAW_ARCHIVE_RETENTION_DAYS } from '../../functions/domain/hotels';
import {
  type RawArchiveRetention,
  rawArchiveRetentionDaysFor,
} from '../../functions/domain/ingest/raw-archive-retention';
import { exportNotesOf } from '../../functions/domain/privacy/export-document';
import { rawArchiveRetentionOf } from '../../functions/domain/privacy/raw-archive-retention';

const RETENTION: RawArchiveRetention = {
  defaultDays: 30,
  byHotel: new Map([
    ['aurora-belek', 14],
    ['lykia-kemer', 7],
    ['side-palace', 60],
  ]),
};

/** The rule of bodies the intake retags because they carried special-category words. */
const SENSITIVE_BODY_RULE = {
  id: `ExpireRawPayloadsTagged${SENSITIVE_RAW_BODY_DAYS}Days`,
  expirationDays: SENSITIVE_RAW_BODY_DAYS,
  tagFilters: { [RAW_ARCHIVE_RETENTION_TAG]: String(SENSITIVE_RAW_BODY_DAYS) },
};

describe('the days a raw archive body is kept', () => {
  it("are its hotel's own", () => {
    expect(rawArchiveRetentionDaysFor(['aurora-belek'], RETENTION)).toBe(14);
    expect(rawArchiveRetentionDaysFor(['side-palace'], RETENTION)).toBe(60);
  });

  it('are the shortest of the hotels a shared body goes to, whatever their order', () => {
    expect(rawArchiveRetentionDaysFor(['aurora-belek', 'lykia-kemer'], RETENTION)).toBe(7);
    expect(rawArchiveRetentionDaysFor(['side-palace', 'aurora-belek'], RETENTION)).toBe(14);
  });

  it('count the default for a hotel without its own', () => {
    expect(rawArchiveRetentionDaysFor(['nordic-inn'], RETENTION)).toBe(30);
    expect(rawArchiveRetentionDaysFor(['side-palace', 'nordic-inn'], RETENTION)).toBe(30);
  });

  it('are the default for a body no hotel owns', () => {
    expect(rawArchiveRetentionDaysFor([], RETENTION)).toBe(30);
  });

  it('are not confused by a tenant id that names an object property', () => {
    expect(rawArchiveRetentionDaysFor(['constructor'], RETENTION)).toBe(30);
  });
});

describe("the hotels' raw archive retention", () => {
  it('lists only the hotels whose days differ from the default', () => {
    const retention = rawArchiveRetentionOf(
      [
        { tenantId: 'aurora-belek', retention: { rawArchiveDays: 7 } },
        { tenantId: 'lykia-kemer', retention: { rawArchiveDays: 30 } },
        { tenantId: 'side-palace', retention: { messageTextDays: 90 } },
        { tenantId: 'nordic-inn' },
      ],
      30,
    );

    expect(retention).toEqual({ defaultDays: 30, byHotel: new Map([['aurora-belek', 7]]) });
  });

  it("takes the hotels' default when the stack sets none", () => {
    expect(rawArchiveRetentionOf([]).defaultDays).toBe(DEFAULT_RAW_ARCHIVE_RETENTION_DAYS);
  });

  it('travels through the environment as a JSON object of tenant id to days', () => {
    const json = rawArchiveRetentionByHotelJson(RETENTION.byHotel);

    expect(JSON.parse(json)).toEqual({ 'aurora-belek': 14, 'lykia-kemer': 7, 'side-palace': 60 });
    expect(parseRawArchiveRetentionByHotel(json)).toEqual(RETENTION.byHotel);
  });

  it.each(['[]', '{"aurora-belek":"7"}', '{"aurora-belek":0}', '{"aurora-belek":1.5}', 'null'])(
    'refuses %s in the environment',
    (json) => {
      expect(() => parseRawArchiveRetentionByHotel(json)).toThrow(/Raw archive retention/);
    },
  );

  it('is read from RAW_ARCHIVE_RETENTION_DAYS and RAW_ARCHIVE_RETENTION_BY_HOTEL', () => {
    const retention = rawArchiveRetentionFromEnv({
      [Env.rawArchiveRetentionDays]: '30',
      [Env.rawArchiveRetentionByHotel]: '{"lykia-kemer":7}',
    });

    expect(retention).toEqual({ defaultDays: 30, byHotel: new Map([['lykia-kemer', 7]]) });
    expect(rawArchiveRetentionFromEnv({ [Env.rawArchiveRetentionDays]: '21' })).toEqual({
      defaultDays: 21,
      byHotel: new Map(),
    });
  });

  it('is none without a default in the environment, and refuses a default that is no number of days', () => {
    expect(rawArchiveRetentionFromEnv({})).toBeUndefined();
    expect(() => rawArchiveRetentionFromEnv({ [Env.rawArchiveRetentionDays]: 'thirty' })).toThrow(
      Env.rawArchiveRetentionDays,
    );
  });
});

describe("the raw archive's lifecycle rules", () => {
  it('expire every object at the longest retention, and each shorter one by its tag', () => {
    const rules = rawArchiveLifecycleRules(30, [14, 7, 60, 14]);

    expect(rules).toEqual([
      { id: 'ExpireRawPayloads', expirationDays: 60 },
      SENSITIVE_BODY_RULE,
      {
        id: 'ExpireRawPayloadsTagged7Days',
        expirationDays: 7,
        tagFilters: { [RAW_ARCHIVE_RETENTION_TAG]: '7' },
      },
      {
        id: 'ExpireRawPayloadsTagged14Days',
        expirationDays: 14,
        tagFilters: { [RAW_ARCHIVE_RETENTION_TAG]: '14' },
      },
      {
        id: 'ExpireRawPayloadsTagged30Days',
        expirationDays: 30,
        tagFilters: { [RAW_ARCHIVE_RETENTION_TAG]: '30' },
      },
    ]);
  });

  it('are the rule without a filter and the day of sensitive bodies when no hotel keeps bodies otherwise', () => {
    const expected = [{ id: 'ExpireRawPayloads', expirationDays: 30 }, SENSITIVE_BODY_RULE];
    expect(rawArchiveLifecycleRules(30, [30])).toEqual(expected);
    expect(rawArchiveLifecycleRules(30, [])).toEqual(expected);
    expect(expirationDaysOf(expected, { [RAW_ARCHIVE_RETENTION_TAG]: '1' })).toBe(SENSITIVE_RAW_BODY_DAYS);
  });

  it('expire a tagged object at the earliest rule that matches it, an untagged one at the longest', () => {
    const rules = rawArchiveLifecycleRules(30, [7, 60]);
    const tagged = (days: number) => ({ [RAW_ARCHIVE_RETENTION_TAG]: String(days) });

    expect(expirationDaysOf(rules, tagged(7))).toBe(7);
    expect(expirationDaysOf(rules, tagged(30))).toBe(30);
    expect(expirationDaysOf(rules, tagged(60))).toBe(60);
    // A retention no hotel has any longer (a hotel's setting changed since), and none at all.
    expect(expirationDaysOf(rules, tagged(21))).toBe(60);
    expect(expirationDaysOf(rules, {})).toBe(60);
  });

  it.each([0, -1, 2.5, Number.NaN])('refuses %s days', (days) => {
    expect(() => rawArchiveLifecycleRules(30, [days])).toThrow(/whole number of days/);
    expect(() => rawArchiveLifecycleRules(days, [])).toThrow(/whole number of days/);
  });
});

describe("a privacy export's note on the raw archive", () => {
  it("names the hotel's own retention", () => {
    expect(exportNotesOf({ retention: { rawArchiveDays: 7 } })).toContainEqual(
      expect.stringContaining('at most 7 days'),
    );
  });

  it('names the default when the hotel has none', () => {
    expect(exportNotesOf({})).toContainEqual(
      expect.stringContaining(`at most ${DEFAULT_RAW_ARCHIVE_RETENTION_DAYS} days`),
    );
  });
});

describe("a privacy export's storage periods", () => {
  it("state the hotel's periods for words of messages and the audit log", () => {
    const [note] = exportNotesOf({ retention: { messageTextDays: 90, auditLogDays: 1095 } });
    expect(note).toMatch(/^Storage periods: /);
    expect(note).toContain('removed 90 days after their ticket is resolved');
    expect(note).toContain('kept 1095 days');
  });

  it('state the defaults when the hotel sets none', () => {
    const [note] = exportNotesOf({});
    expect(note).toContain('removed 180 days after');
    expect(note).toContain('kept 730 days');
  });
});
