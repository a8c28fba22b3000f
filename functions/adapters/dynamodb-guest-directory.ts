import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Channel } from '../../schemas/events';
import { Keys } from '../contracts/table';
import type { GuestDirectory, GuestIdentity } from '../domain/tickets/ports';
import { applied } from './conditional-write';

/**
 * Guests of a hotel: a profile per guest, an identity item per channel account and a phone
 * item, each written only if absent so two racing messages agree on one guest.
 */
export class DynamoDbGuestDirectory implements GuestDirectory {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async guestIdByIdentity(tenantId: string, channel: Channel, platformId: string) {
    return this.guestIdAt(Keys.guestIdentity(tenantId, channel, platformId));
  }

  async guestIdByPhone(tenantId: string, phoneNumber: string) {
    return this.guestIdAt(Keys.guestPhone(tenantId, phoneNumber));
  }

  async linkIdentity(
    tenantId: string,
    guestId: string,
    identity: GuestIdentity,
    at: string,
  ): Promise<string> {
    const winner =
      (await this.putIfAbsent(Keys.guestIdentity(tenantId, identity.channel, identity.platformId), {
        guestId,
        channel: identity.channel,
        platformId: identity.platformId,
        linkedAt: at,
      })) ?? guestId;
    if (identity.phoneNumber) {
      await this.putIfAbsent(Keys.guestPhone(tenantId, identity.phoneNumber), {
        guestId: winner,
        linkedAt: at,
      });
    }
    await this.putIfAbsent(Keys.guest(tenantId, winner), {
      tenantId,
      guestId: winner,
      createdAt: at,
      ...(identity.profileName && { name: identity.profileName }),
      ...(identity.phoneNumber && { phoneNumber: identity.phoneNumber }),
      ...(identity.email && { email: identity.email }),
    });
    return winner;
  }

  private async guestIdAt(key: Record<string, string>): Promise<string | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key }));
    return Item?.guestId as string | undefined;
  }

  /** Writes the item unless it exists; returns the guest id of the existing item when it does. */
  private async putIfAbsent(key: Record<string, string>, attributes: Record<string, unknown>) {
    const put = this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...key, ...attributes },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return (await applied(put)) ? undefined : this.guestIdAt(key);
  }
}
