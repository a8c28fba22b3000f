import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { Keys } from '../../functions/contracts/table';
import type { InboxTable } from './inbox-table';

/**
 * The partition keys of the audit log (`Keys.auditEntry`: `TENANT#<hotel>#AUDIT#<month>`) as an
 * IAM `StringLike` pattern, derived from the contract so that the two cannot drift apart.
 */
export const AUDIT_LEADING_KEYS_PATTERN = Keys.auditEntry('*', '*').pk;

/**
 * What the guard denies on audit items: changing one (UpdateItem) and removing one, alone
 * (DeleteItem, also what each delete of a TransactWriteItems is authorized as) or in a batch
 * (BatchWriteItem, authorized as itself). Putting a new entry stays allowed; the audit log
 * puts only where no item is (`attribute_not_exists(pk)`, functions/adapters/dynamodb-audit-log.ts).
 */
export const AUDIT_DENIED_ACTIONS = [
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;

export interface AuditLogGuardProps {
  table: InboxTable;
  /** Every function of the stack: the policy is attached to each one's role. */
  functions: readonly lambda.IFunction[];
  /**
   * The functions that record audit entries (the agent API, the retention purge); every other
   * function may not even put one, so that no role but theirs could write over an entry.
   */
  auditWriters: readonly lambda.IFunction[];
}

/**
 * One customer managed policy, attached to every function's role, that explicitly denies
 * updating or deleting items of the audit log in the table (`dynamodb:LeadingKeys` matching
 * `AUDIT_LEADING_KEYS_PATTERN`), whatever a role's table grant allows. An explicit deny wins over
 * every allow, so a later, broader table grant cannot undo it.
 *
 * A second policy denies even putting an audit item to every function but the two that record
 * entries, whose puts are conditional on no item being there: a PutItem cannot be told apart
 * from an overwrite by IAM, so only those two roles could write over an entry.
 *
 * No function needs more: entries are only ever put, and a data-subject erasure deletes the
 * guest's items, never audit entries (its own audit entry records the erasure). Entries past their
 * hotel's `auditLogDays` are removed by the table's TTL, which the DynamoDB service carries out
 * itself, under no function's role, so this deny does not stop it and no role needs a delete.
 */
export class AuditLogGuard extends Construct {
  readonly policy: iam.ManagedPolicy;
  /** Denies putting audit items to the functions that never record an entry. */
  readonly readOnlyPolicy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: AuditLogGuardProps) {
    super(scope, id);
    const roles = roleOf(props.functions);
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'hotel-inbox: no function may update or delete an audit log entry in the table',
      statements: [
        new iam.PolicyStatement({
          sid: 'NeverChangeOrRemoveAuditEntries',
          effect: iam.Effect.DENY,
          actions: [...AUDIT_DENIED_ACTIONS],
          resources: [props.table.table.tableArn],
          conditions: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [AUDIT_LEADING_KEYS_PATTERN] } },
        }),
      ],
      roles,
    });
    const writers = new Set(props.auditWriters);
    this.readOnlyPolicy = new iam.ManagedPolicy(this, 'ReadOnlyPolicy', {
      description: 'hotel-inbox: functions that record no audit entry may not put one either',
      statements: [
        new iam.PolicyStatement({
          sid: 'NeverWriteAuditEntries',
          effect: iam.Effect.DENY,
          actions: ['dynamodb:PutItem'],
          resources: [props.table.table.tableArn],
          conditions: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [AUDIT_LEADING_KEYS_PATTERN] } },
        }),
      ],
      roles: roleOf(props.functions.filter((fn) => !writers.has(fn))),
    });
  }
}

function roleOf(functions: readonly lambda.IFunction[]): iam.IRole[] {
  return functions.map((fn) => {
    if (!fn.role) throw new Error(`${fn.node.path} has no role to attach the audit log guard to`);
    return fn.role;
  });
}
