import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { Keys } from '../contracts/table';
import type { GuestProfiles } from '../domain/surveys/departures';
import { applied } from './conditional-write';

/**
 * Guest profiles with no messaging identity yet, in the same items the guest directory keeps
 * (`Keys.guest`), so a guest known by e-mail is an ordinary guest of the hotel.
 */
export class DynamoDbGuestProfiles implements GuestProfiles {
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
}
