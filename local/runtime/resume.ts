import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { scanAll } from '../../functions/adapters/dynamodb-pages';
import type { TicketStore } from '../../functions/domain/tickets/ports';
import type { LocalWorkflowRunner } from './workflow-runner';

/**
 * After a restart no SLA clock is lost: every open ticket's workflow starts again from what
 * the table holds. Its steps are idempotent: triage and routing are kept, decided clocks stay
 * decided, and the next undecided deadline is waited for.
 */
export async function resumeOpenTickets(
  tickets: TicketStore,
  tenantIds: readonly string[],
  runner: LocalWorkflowRunner,
): Promise<number> {
  let resumed = 0;
  for (const tenantId of tenantIds) {
    for (const ticket of await tickets.listOpenTickets(tenantId)) {
      void runner.start({ detail: { tenantId, ticketId: ticket.ticketId }, resumed: true });
      resumed++;
    }
  }
  return resumed;
}

/**
 * Nor is a CSAT survey lost: each one still to be asked or answered runs its workflow again
 * from the resolution it belongs to; its steps keep the stored send time and send once.
 */
export async function resumeSurveys(
  client: DynamoDBDocumentClient,
  tableName: string,
  runner: LocalWorkflowRunner,
): Promise<number> {
  const tickets = await scanAll(client, {
    TableName: tableName,
    FilterExpression: 'sk = :ticket AND csat.#status IN (:scheduled, :sent)',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':ticket': 'TICKET', ':scheduled': 'scheduled', ':sent': 'sent' },
    ProjectionExpression: 'tenantId, ticketId, resolvedAt',
  });
  for (const { tenantId, ticketId, resolvedAt } of tickets)
    void runner.start({ detail: { tenantId, ticketId, resolvedAt }, resumed: true });
  return tickets.length;
}

/**
 * Nor an NPS survey waiting for its answer or its promoter's review invitation: its workflow
 * starts again and, the survey being past `scheduled`, goes straight back to waiting.
 */
export async function resumeNpsSurveys(
  client: DynamoDBDocumentClient,
  tableName: string,
  runner: LocalWorkflowRunner,
): Promise<number> {
  const surveys = await scanAll(client, {
    TableName: tableName,
    FilterExpression:
      'sk = :survey AND (#status = :sent OR (#status = :answered AND category = :promoter ' +
      'AND attribute_not_exists(reviewInvitationSentAt)))',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: {
      ':survey': 'SURVEY',
      ':sent': 'sent',
      ':answered': 'answered',
      ':promoter': 'promoter',
    },
    ProjectionExpression: 'tenantId, surveyId',
  });
  for (const { tenantId, surveyId } of surveys) void runner.start({ tenantId, surveyId });
  return surveys.length;
}
