import type { DefaultReason } from '../../../../shared/dialer';
import { centavos, formatBRL } from '../../../../shared/money';
import type { PromiseView } from '../../../../shared/promises';
import { defaultReasonText, SENSITIVE_REASONS } from '../../domain/dialer/disposition';
import type { Db } from './database';

/**
 * Promises to pay. Written with the disposition (dialer store), kept by the payment that reaches the
 * amount by the date (inside the payment's transaction, even when it arrives after the break), broken by
 * the daily sweep the day after the date.
 * Dates are Brasília dates, payments are placed on the Brasília calendar (paymentMoment).
 */

const brl = (c: number) => formatBRL(centavos(c));
/** "2026-11-30" → "30/11/2026" for the timeline (pt-BR like every stored summary). */
const br = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
/** The Brasília date (YYYY-MM-DD) of an instant. */
export const brasiliaDate = (at: number): string => new Date(at - 3 * 3_600_000).toISOString().slice(0, 10);


/** Inside the caller's transaction: the promise and its timeline event (kept at once if the call's payments reach it). */
export function insertPromise(db: Db, p: { debtorId: number; campaignId: number; attemptId: number | null; userId: number; amountCents: number; dueDate: string; defaultReason: DefaultReason | null; at: number }): number {
  const id = Number(
    db.prepare('INSERT INTO promises (debtor_id, campaign_id, attempt_id, user_id, amount_cents, due_date, default_reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(p.debtorId, p.campaignId, p.attemptId, p.userId, p.amountCents, p.dueDate, p.defaultReason, p.at).lastInsertRowid,
  );
  const reason = p.defaultReason ? ` — motivo: ${defaultReasonText(p.defaultReason)}` : '';
  db.prepare("INSERT INTO timeline_events (debtor_id, at, kind, summary, detail, user_id) VALUES (?, ?, 'promise', ?, ?, ?)")
    .run(p.debtorId, p.at, `Promessa de pagamento: ${brl(p.amountCents)} até ${br(p.dueDate)}${reason}`, JSON.stringify({ promiseId: id, status: 'open' }), p.userId);
  // paid already during the call: kept at once (open promises only: no membership row changes here)
  keepOpenPromises(db, p.debtorId, p.at);
  return id;
}

/**
 * When a payment was made, from `paid_at` as its sender gave it: its Brasília day and, when it carries a
 * time, its instant. A date alone (payoff file, manual entry) is already a Brasília day; a time with `Z` or
 * an offset is converted (a Pix at 22:30 in Brasília is 01:30Z the next day); a time with no offset is
 * read as Brasília time.
 */
export function paymentMoment(paidAt: string): { day: string; at: number | null } {
  if (paidAt.length === 10) return { day: paidAt, at: null };
  const at = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/i.test(paidAt) ? paidAt : `${paidAt}-03:00`);
  return Number.isNaN(at) ? { day: paidAt.slice(0, 10), at: null } : { day: brasiliaDate(at), at };
}

/**
 * How much of the debtor's payments each of its promises holds. Promises already kept take first, in the
 * order they were kept (what settled stays settled: the money that kept a promise is never counted again
 * for a newer one); then the others in due-date order (then the order they were given). Each takes the
 * earliest payment first, and a payment counts once: what one promise took, partial or not, no other
 * promise counts. A promise counts a payment made from the start of the call it was given in (no call: the
 * moment it was recorded; a payment with a date only: from that Brasília day) to the end of its date (Brasília).
 */
function heldByPromise(db: Db, debtorId: number): Map<number, number> {
  // a promise counts from the start of the call in which it was given: a Pix the debtor makes while still on
  // the line, before the agent records the promise, is towards it — unless an older promise it kept has it
  const promises = db
    .prepare(`SELECT p.id, p.amount_cents, p.due_date, COALESCE(a.started_at, p.created_at) AS given_at FROM promises p LEFT JOIN dial_attempts a ON a.id = p.attempt_id
               WHERE p.debtor_id = ? ORDER BY p.status <> 'kept', CASE WHEN p.status = 'kept' THEN p.settled_at END, p.due_date, p.id`)
    .all(debtorId) as { id: number; amount_cents: number; due_date: string; given_at: number }[];
  const payments = (db.prepare('SELECT amount_cents, paid_at FROM payments WHERE debtor_id = ? ORDER BY id').all(debtorId) as { amount_cents: number; paid_at: string }[])
    .map((p) => ({ ...paymentMoment(p.paid_at), left: p.amount_cents }))
    .map((p) => ({ ...p, order: p.at ?? Date.parse(`${p.day}T00:00:00-03:00`) }))
    .sort((a, b) => a.order - b.order);
  const held = new Map<number, number>();
  for (const promise of promises) {
    const givenDay = brasiliaDate(promise.given_at);
    let got = 0;
    for (const p of payments) {
      if (got === promise.amount_cents) break;
      if (p.left === 0 || p.day > promise.due_date || (p.at !== null ? p.at < promise.given_at : p.day < givenDay)) continue;
      const take = Math.min(p.left, promise.amount_cents - got);
      p.left -= take;
      got += take;
    }
    held.set(promise.id, got);
  }
  return held;
}

/** How many calendar days after its date a broken promise can still be kept by a late payment dated in time. */
export const LATE_KEEP_DAYS = 7;

/** "2026-11-30" + 7 → "2026-12-07". */
const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Inside the payment's transaction: every open promise of the debtor whose amount its payments reach is kept.
 * So is a broken one when the payment that completes it arrives within LATE_KEEP_DAYS calendar days after
 * the promise date (boletos settle a day or two later, a Pix webhook can be late: a payment dated in time may
 * arrive after the break; a payoff file months later still counts as a payment, the promise stays broken):
 * what the break did is undone — the debtor leaves again the campaign it had been returned to, if the row is
 * still as the break left it (open, next attempt not reset by an import since). Returns the campaigns the
 * debtor left again.
 */
export function keepPromisesAfterPayment(db: Db, debtorId: number, at: number): number[] {
  return keep(db, debtorId, at, ['open', 'broken']);
}

/**
 * Open promises only, when no payment arrived (a promise just recorded, the sweep before breaking): they
 * leave no campaign, so the dialer has nothing to catch up with. A broken promise is kept only by a payment,
 * whose caller applies the campaigns left to the dialer.
 */
function keepOpenPromises(db: Db, debtorId: number, at: number): void {
  keep(db, debtorId, at, ['open']);
}

function keep(db: Db, debtorId: number, at: number, statuses: readonly ('open' | 'broken')[]): number[] {
  const pending = db.prepare(`SELECT id, amount_cents, due_date, status, campaign_id, settled_at FROM promises WHERE debtor_id = ? AND status IN (${statuses.map(() => '?').join(', ')}) ORDER BY due_date, id`).all(debtorId, ...statuses) as
    { id: number; amount_cents: number; due_date: string; status: 'open' | 'broken'; campaign_id: number | null; settled_at: number | null }[];
  if (pending.length === 0) return [];
  const held = heldByPromise(db, debtorId);
  const campaignsLeft: number[] = [];
  const today = brasiliaDate(at);
  for (const p of pending) {
    const paid = held.get(p.id) ?? 0;
    if (paid < p.amount_cents) continue;
    if (p.status === 'broken' && today > addDays(p.due_date, LATE_KEEP_DAYS)) continue;
    db.prepare("UPDATE promises SET status = 'kept', settled_at = ? WHERE id = ?").run(at, p.id);
    let late = '';
    if (p.status === 'broken') {
      // the break put the debtor back in the campaign (done_reason cleared, next attempt at the break): as if it
      // had been kept in time. A row an import revived since (next attempt reset to 0) or that left otherwise stays.
      const left = p.campaign_id !== null &&
        db.prepare("UPDATE campaign_members SET done_reason = 'promise', done_at = ? WHERE campaign_id = ? AND debtor_id = ? AND done_reason IS NULL AND next_attempt_at >= ?")
          .run(at, p.campaign_id, debtorId, p.settled_at ?? 0).changes > 0;
      if (left) campaignsLeft.push(p.campaign_id!);
      late = ` — pagamento em dia recebido depois da quebra${left ? '; devedor fora da campanha de novo' : ''}`;
    }
    db.prepare("INSERT INTO timeline_events (debtor_id, at, kind, summary, detail) VALUES (?, ?, 'promise', ?, ?)")
      .run(debtorId, at, `Promessa cumprida: ${brl(paid)} pagos até ${br(p.due_date)} (prometido ${brl(p.amount_cents)})${late}`, JSON.stringify({ promiseId: p.id, status: 'kept', ...(p.status === 'broken' ? { afterBreak: true } : {}) }));
  }
  return campaignsLeft;
}

/**
 * One transaction: open promises whose date is before `today` (Brasília) are broken; each goes on the
 * timeline with its reason, and the debtor goes back to the campaign the promise took it out of.
 */
export function breakOverduePromises(db: Db, today: string, at: number): { debtorId: number; campaignId: number | null }[] {
  return db.transaction(() => {
    const overdue = "SELECT id, debtor_id, campaign_id, amount_cents, due_date, default_reason FROM promises WHERE status = 'open' AND due_date < ? ORDER BY id";
    // a promise its payments reach is kept, never broken (payments stored before a fix of the rules)
    const debtors = new Set((db.prepare(overdue).all(today) as { debtor_id: number }[]).map((p) => p.debtor_id));
    for (const debtorId of debtors) keepOpenPromises(db, debtorId, at);
    const due = db.prepare(overdue).all(today) as
      { id: number; debtor_id: number; campaign_id: number | null; amount_cents: number; due_date: string; default_reason: DefaultReason | null }[];
    const held = new Map<number, Map<number, number>>();
    for (const p of due) {
      db.prepare("UPDATE promises SET status = 'broken', settled_at = ? WHERE id = ?").run(at, p.id);
      const reason = p.default_reason ? `; motivo da inadimplência: ${defaultReasonText(p.default_reason)}` : '';
      if (!held.has(p.debtor_id)) held.set(p.debtor_id, heldByPromise(db, p.debtor_id));
      const paid = held.get(p.debtor_id)!.get(p.id) ?? 0;
      db.prepare("INSERT INTO timeline_events (debtor_id, at, kind, summary, detail) VALUES (?, ?, 'promise', ?, ?)").run(
        p.debtor_id, at,
        `Promessa quebrada: ${brl(p.amount_cents)} até ${br(p.due_date)} não pagos${paid > 0 ? ` (pagos ${brl(paid)})` : ''}${reason}; devedor de volta à campanha`,
        JSON.stringify({ promiseId: p.id, status: 'broken' }),
      );
      if (p.campaign_id !== null) {
        db.prepare("UPDATE campaign_members SET done_reason = NULL, done_at = NULL, next_attempt_at = ? WHERE campaign_id = ? AND debtor_id = ? AND done_reason = 'promise'")
          .run(at, p.campaign_id, p.debtor_id);
      }
    }
    return due.map((p) => ({ debtorId: p.debtor_id, campaignId: p.campaign_id }));
  })();
}

export function promisesOf(db: Db, debtorId: number): PromiseView[] {
  const rows = db.prepare('SELECT id, amount_cents, due_date, status, default_reason, created_at, settled_at FROM promises WHERE debtor_id = ? ORDER BY created_at DESC, id DESC LIMIT 20').all(debtorId) as
    { id: number; amount_cents: number; due_date: string; status: PromiseView['status']; default_reason: DefaultReason | null; created_at: number; settled_at: number | null }[];
  return rows.map((r) => ({ id: r.id, amountCents: r.amount_cents, dueDate: r.due_date, status: r.status, defaultReason: r.default_reason && !SENSITIVE_REASONS.has(r.default_reason) ? r.default_reason : null, createdAt: r.created_at, settledAt: r.settled_at }));
}
