import type { NetworkOutcome } from '../../../shared/dialer';
import type { CallEnd } from './call-state';

/**
 * The dialer outcome of a call that ended before anyone spoke, from its SIP ending:
 *   486 Busy Here, 600 Busy Everywhere            → busy
 *   480, 408, and our own CANCEL after the ring timeout (487) → no_answer
 *   603 Decline, 403 Forbidden                    → rejected
 *   404, 484, 5xx, any other 4xx/6xx, no response → failed
 *   the carrier's answering-machine verdict on the 200 OK (`X-AMD: machine`) → machine
 * A CANCEL that was not a timeout (the agent hung up while ringing) is `cancelled`.
 */
export function outcomeOfUnanswered(end: CallEnd, context: { ringTimedOut: boolean; machine: boolean }): NetworkOutcome {
  if (context.machine) return 'machine';
  if (end.cause === 'local_cancelled') return context.ringTimedOut ? 'no_answer' : 'cancelled';
  const code = end.sipCode;
  if (code === null) return 'failed';
  if (code === 486 || code === 600) return 'busy';
  if (code === 480 || code === 408 || code === 487) return 'no_answer';
  if (code === 603 || code === 403) return 'rejected';
  return 'failed';
}
