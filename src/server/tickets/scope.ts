import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Actor } from '../../shared/domain/user';
import type { Database } from '../store/schema';

/**
 * canSeeTicket (src/shared/permissions.ts) as a SQL condition on `tickets`, so lists filter in the
 * database. The two must agree; tests/integration/tickets-scope.test.ts checks it on random data.
 */
export function ticketScope(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'tickets'>): Expression<SqlBool> => {
    switch (actor.role) {
      case 'admin':
      case 'supervisor':
        return sql<SqlBool>`true`;
      case 'agent': {
        const anyOf = [
          eb('tickets.group_id', 'is', null),
          eb('tickets.assignee_id', '=', actor.id),
          eb('tickets.requester_id', '=', actor.id),
        ];
        if (actor.groupIds.length) anyOf.push(eb('tickets.group_id', 'in', [...actor.groupIds]));
        return eb.or(anyOf);
      }
      case 'end_user':
        return eb.or([eb('tickets.requester_id', '=', actor.id), sql<SqlBool>`${actor.id}::uuid = any(tickets.cc)`]);
    }
  };
}
