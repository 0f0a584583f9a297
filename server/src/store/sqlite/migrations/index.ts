import { initialSchema } from './001-initial-schema';
import { mailingImports } from './002-mailing-imports';
import { dialer } from './003-dialer';
import { contactPolicy } from './004-contact-policy';
import { payments } from './005-payments';
import { callerIdPool } from './006-caller-id-pool';
import { outbox } from './007-outbox';
import { bureauRemoval } from './008-bureau-removal';
import { negotiation } from './009-negotiation';
import { agentStateLog } from './010-agent-state-log';
import { installmentPayments } from './011-installment-payments';
import { teamsAndAssignments } from './012-teams-and-assignments';
import { dispositionsPromises } from './013-dispositions-promises';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Applied in order; a shipped migration is never edited, only followed by a new one. */
export const MIGRATIONS: readonly Migration[] = [initialSchema, mailingImports, dialer, contactPolicy, payments, callerIdPool, outbox, bureauRemoval, negotiation, agentStateLog, installmentPayments, teamsAndAssignments, dispositionsPromises];
