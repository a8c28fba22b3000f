import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Keys } from '../contracts/table';
import {
  CORRECTABLE_FIELDS,
  type CorrectableProfile,
  type GuestProfileCorrections,
  type ProfileCorrection,
} from '../domain/privacy/profile-correction';
import type { GuestProfiles } from '../domain/surveys/departures';
import { applied } from './conditional-write';

/**
 * Guest profiles with no messaging identity yet, in the same items the guest directory keeps
 * (`Keys.guest`), so a guest known by e-mail is an ordinary guest of the hotel.
 */
export class DynamoDbGuestProfiles implements GuestProfiles, GuestProfileCorrections {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async ensureGuest(
    tenantId: string,
    guestId: string,
    profile: { name: string; email?: string },
    at: string,
  ): Promise<void> {
    await applied(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...Keys.guest(tenantId, guestId), tenantId, guestId, createdAt: at, ...profile },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async read(tenantId: string, guestId: string): Promise<CorrectableProfile | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: Keys.guest(tenantId, guestId),
        ConsistentRead: true,
        // Only the correctable fields (and the key, to tell an empty profile from none) are read.
        ProjectionExpression: ['pk', ...CORRECTABLE_FIELDS.map((field) => `#${field}`)].join(', '),
        ExpressionAttributeNames: Object.fromEntries(CORRECTABLE_FIELDS.map((field) => [`#${field}`, field])),
      }),
    );
    return Item ? correctableOf(Item) : undefined;
  }

  /**
   * Sets or removes the corrected fields and stamps `correctedAt`, in one update conditional on the
   * profile existing and still holding `expected`'s correctable values (never creates a profile).
   */
  async correct(
    tenantId: string,
    guestId: string,
    correction: ProfileCorrection,
    expected: CorrectableProfile,
    at: string,
  ): Promise<boolean> {
    const names: Record<string, string> = { '#correctedAt': 'correctedAt' };
    const values: Record<string, unknown> = { ':at': at };
    const set = ['#correctedAt = :at'];
    const remove: string[] = [];
    const conditions = ['attribute_exists(pk)'];
    for (const field of CORRECTABLE_FIELDS) {
      names[`#${field}`] = field;
      const old = expected[field];
      if (old === undefined) conditions.push(`attribute_not_exists(#${field})`);
      else {
        values[`:old_${field}`] = old;
        conditions.push(`#${field} = :old_${field}`);
      }
      const value = correction[field];
      if (value === null) remove.push(`#${field}`);
      else if (value !== undefined) {
        values[`:${field}`] = value;
        set.push(`#${field} = :${field}`);
      }
    }
    return applied(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: Keys.guest(tenantId, guestId),
          UpdateExpression: `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
          ConditionExpression: conditions.join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      ),
    );
  }
}

/** The correctable fields of a profile item; the phone number and the rest are left behind. */
function correctableOf(item: Record<string, unknown>): CorrectableProfile {
  const profile: CorrectableProfile = {};
  for (const field of CORRECTABLE_FIELDS) {
    const value = item[field];
    if (typeof value === 'string') profile[field] = value;
  }
  return profile;
}
