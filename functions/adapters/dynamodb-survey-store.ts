import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { surveyThreadId } from '../../schemas/events/outbound-messages';
import { DepartureSchema, type Survey, SurveySchema, type SurveyStatus } from '../../schemas/surveys';
import { GLOBAL_INDEXES, Keys } from '../contracts/table';
import { emailDigestOf } from '../domain/privacy/email-digest';
import type { PendingAnswer, StoredDeparture, SurveyStore } from '../domain/surveys/ports';
import { applied } from './conditional-write';
import { queryAll } from './dynamodb-pages';
import { fieldChanges, updateExpressionOf } from './field-changes';

const SURVEYS_INDEX = GLOBAL_INDEXES[0] as (typeof GLOBAL_INDEXES)[number];
/** Key attributes a change must never touch: they place the item. */
const KEY_FIELDS = new Set<string>(['tenantId', 'surveyId']);

/**
 * Departures and surveys in the single table. A departure item per hotel and reservation; a
 * survey item per survey, on the hotel's survey index (GSI1) by scheduled time; and one item
 * per guest holding the survey last sent to them (the frequency cap) and the one awaiting
 * their answer. Every write that decides something is conditional, so retries and races agree.
 */
export class DynamoDbSurveyStore implements SurveyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * With the departure, in one transaction: the guest's pointer to it and, when it gives an
   * e-mail address, the address's e-mail index item and its pointer (a data-subject request finds
   * the guest's departures, and a guest by address).
   */
  async putDeparture(stored: StoredDeparture): Promise<boolean> {
    const { tenantId, guestId, departure, receivedAt } = stored;
    const digest = departure.email ? emailDigestOf(departure.email) : undefined;
    const pointers: Record<string, unknown>[] = [
      { ...Keys.guestDeparture(tenantId, guestId, departure.reservationId), linkedAt: receivedAt },
      ...(digest
        ? [
            { ...Keys.guestEmail(tenantId, digest, guestId), guestId, linkedAt: receivedAt },
            { ...Keys.guestEmailLink(tenantId, guestId, digest), linkedAt: receivedAt },
          ]
        : []),
    ];
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...Keys.departure(tenantId, departure.reservationId), ...stored },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...pointers.map((Item) => ({ Put: { TableName: this.tableName, Item } })),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
      )
        return false;
      throw error;
    }
  }

  async getDeparture(tenantId: string, reservationId: string): Promise<StoredDeparture | undefined> {
    const item = await this.get(Keys.departure(tenantId, reservationId));
    if (!item) return undefined;
    return {
      tenantId: item.tenantId as string,
      departure: DepartureSchema.parse(item.departure),
      guestId: item.guestId as string,
      receivedAt: item.receivedAt as string,
    };
  }

  async createSurvey(survey: Survey): Promise<boolean> {
    return applied(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...Keys.survey(survey.tenantId, survey.surveyId),
            ...Keys.surveysIndex(survey.tenantId, survey.scheduledFor, survey.surveyId),
            ...survey,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async getSurvey(tenantId: string, surveyId: string): Promise<Survey | undefined> {
    const item = await this.get(Keys.survey(tenantId, surveyId));
    return item ? SurveySchema.parse(item) : undefined;
  }

  async updateSurvey(
    tenantId: string,
    surveyId: string,
    changes: Partial<Survey>,
    ifStatusIn: readonly SurveyStatus[],
  ): Promise<boolean> {
    const { names, values, sets, removes } = fieldChanges(
      Object.fromEntries(Object.entries(changes).filter(([field]) => !KEY_FIELDS.has(field))),
    );
    names['#status'] = 'status';
    // The index orders by scheduled time: moving the time moves the survey in it.
    if (changes.scheduledFor !== undefined) {
      names['#gsk'] = SURVEYS_INDEX.sortKey;
      values[':gsk'] = Keys.surveysIndex(tenantId, changes.scheduledFor, surveyId).gsi1sk;
      sets.push('#gsk = :gsk');
    }
    // An answered or expired survey's thread is finished: onto the retention purge's list.
    if (changes.status === 'answered' || changes.status === 'expired') {
      const finishedAt = changes.answeredAt ?? changes.expiredAt ?? changes.updatedAt;
      if (!finishedAt) throw new Error(`Survey ${surveyId} ends without answeredAt, expiredAt or updatedAt`);
      const kept = Keys.keptWordsIndex(tenantId, finishedAt, surveyThreadId(surveyId));
      Object.assign(names, { '#wpk': 'gsi4pk', '#wsk': 'gsi4sk' });
      Object.assign(values, { ':wpk': kept.gsi4pk, ':wsk': kept.gsi4sk });
      sets.push('#wpk = :wpk', '#wsk = :wsk');
    }
    if (ifStatusIn.length === 0 || (sets.length === 0 && removes.length === 0)) return false;
    const statuses = ifStatusIn.map((status, i) => {
      values[`:s${i}`] = status;
      return `:s${i}`;
    });
    return applied(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: Keys.survey(tenantId, surveyId),
          UpdateExpression: updateExpressionOf({ sets, removes }),
          ConditionExpression: `attribute_exists(pk) AND #status IN (${statuses.join(', ')})`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      ),
    );
  }

  async listSurveys(tenantId: string, from: string, to: string): Promise<Survey[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: SURVEYS_INDEX.name,
      // Sort keys are `<scheduledFor>#<surveyId>`: BETWEEN from AND to takes [from, to).
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
      ExpressionAttributeNames: { '#pk': SURVEYS_INDEX.partitionKey, '#sk': SURVEYS_INDEX.sortKey },
      ExpressionAttributeValues: {
        ':pk': Keys.surveysIndex(tenantId, from, '').gsi1pk,
        ':from': from,
        ':to': to,
      },
    });
    return items.map((item) => SurveySchema.parse(item));
  }

  async claimGuestSurvey(
    tenantId: string,
    guestId: string,
    surveyId: string,
    at: string,
    capSince: string,
  ): Promise<boolean> {
    const claimed = await applied(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: Keys.guestSurveys(tenantId, guestId),
          UpdateExpression:
            'SET tenantId = :tenant, guestId = :guest, lastSurveyId = :survey, lastSurveyAt = :at',
          ConditionExpression:
            'attribute_not_exists(lastSurveyId) OR (lastSurveyId <> :survey AND lastSurveyAt <= :since)',
          ExpressionAttributeValues: {
            ':tenant': tenantId,
            ':guest': guestId,
            ':survey': surveyId,
            ':at': at,
            ':since': capSince,
          },
        }),
      ),
    );
    if (claimed) return true;
    // A retry of the survey that holds the slot may go; its claim time stays the first one.
    const item = await this.get(Keys.guestSurveys(tenantId, guestId));
    return item?.lastSurveyId === surveyId;
  }

  async setPendingAnswer(tenantId: string, guestId: string, pending: PendingAnswer | undefined) {
    const update = this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: Keys.guestSurveys(tenantId, guestId),
        ...(pending
          ? {
              UpdateExpression:
                'SET tenantId = :tenant, guestId = :guest, pendingSurveyId = :survey, pendingAnswerBy = :by',
              ExpressionAttributeValues: {
                ':tenant': tenantId,
                ':guest': guestId,
                ':survey': pending.surveyId,
                ':by': pending.answerBy,
              },
            }
          : {
              UpdateExpression: 'REMOVE pendingSurveyId, pendingAnswerBy',
              // Clearing what was never set must not leave an empty item behind.
              ConditionExpression: 'attribute_exists(pk)',
            }),
      }),
    );
    await applied(update);
  }

  async getPendingAnswer(tenantId: string, guestId: string): Promise<PendingAnswer | undefined> {
    const item = await this.get(Keys.guestSurveys(tenantId, guestId));
    if (typeof item?.pendingSurveyId !== 'string' || typeof item.pendingAnswerBy !== 'string')
      return undefined;
    return { surveyId: item.pendingSurveyId, answerBy: item.pendingAnswerBy };
  }

  private async get(key: Record<string, string>): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    return Item;
  }
}
