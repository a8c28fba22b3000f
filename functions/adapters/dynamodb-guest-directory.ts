import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Channel } from '../../schemas/events';
import { Keys } from '../contracts/table';
import { emailDigestOf } from '../domain/privacy/email-digest';
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
    const existing = await this.putIfAbsent(
      Keys.guestIdentity(tenantId, identity.channel, identity.platformId),
      { guestId, channel: identity.channel, platformId: identity.platformId, linkedAt: at },
    );
    const winner = existing ?? guestId;
    if (existing === undefined) await this.pointGuestAt(tenantId, winner, identity, at);
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

  /**
   * The guest's pointers to a new identity (and to its e-mail address in the e-mail index), so a
   * data-subject request finds every identity of a guest and a guest by their address.
   */
  private async pointGuestAt(tenantId: string, guestId: string, identity: GuestIdentity, at: string) {
    const { channel, platformId, email } = identity;
    const digest = email ? emailDigestOf(email) : undefined;
    const items: Record<string, unknown>[] = [
      {
        ...Keys.guestIdentityLink(tenantId, guestId, channel, platformId),
        channel,
        platformId,
        linkedAt: at,
      },
      ...(digest
        ? [
            { ...Keys.guestEmail(tenantId, digest, guestId), guestId, linkedAt: at },
            { ...Keys.guestEmailLink(tenantId, guestId, digest), linkedAt: at },
          ]
        : []),
    ];
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: items.map((Item) => ({ Put: { TableName: this.tableName, Item } })),
      }),
    );
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
