import type { DefaultReason } from '../../../../shared/dialer';
import { centavos, formatBRL } from '../../../../shared/money';
import type { PromiseView } from '../../../../shared/promises';
import { defaultReasonText, SENSITIVE_REASONS } from '../../domain/dialer/disposition';
import type { Db } from './database';

/**
 * Promises to pay. Written with the disposition (dialer store), kept by the payment that reaches the
 * amount by the date (inside the payment's transaction), broken by the daily sweep the day after the date.
 */

const brl = (c: number) => formatBRL(centavos(c));
/** "2026-11-30" → "30/11/2026" for the timeline (pt-BR like every stored summary). */
const br = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
/** The Brasília date (YYYY-MM-DD) of an instant. */
export const brasiliaDate = (at: number): string => new Date(at - 3 * 3_600_000).toISOString().slice(0, 10);


/** Inside the caller's transaction: the promise and its timeline event. */
export function insertPromise(db: Db, p: { debtorId: number; campaignId: number; attemptId: number | null; userId: number; amountCents: number; dueDate: string; defaultReason: DefaultReason | null; at: number }): number {
  const id = Number(
    db.prepare('INSERT INTO promises (debtor_id, campaign_id, attempt_id, user_id, amount_cents, due_date, default_reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(p.debtorId, p.campaignId, p.attemptId, p.userId, p.amountCents, p.dueDate, p.defaultReason, p.at).lastInsertRowid,
  );
  const reason = p.defaultReason ? ` — motivo: ${defaultReasonText(p.defaultReason)}` : '';
  db.prepare("INSERT INTO timeline_events (debtor_id, at, kind, summary, detail, user_id) VALUES (?, ?, 'promise', ?, ?, ?)")
    .run(p.debtorId, p.at, `Promessa de pagamento: ${brl(p.amountCents)} até ${br(p.dueDate)}${reason}`, JSON.stringify({ promiseId: id, status: 'open' }), p.userId);
  return id;
}

/**
 * Inside the payment's transaction: every open promise of the debtor whose amount is reached by the
 * payments made from the day it was given until its date is kept.
 */
export function keepPromisesAfterPayment(db: Db, debtorId: number, at: number): number[] {
  const open = db.prepare("SELECT id, amount_cents, due_date, created_at FROM promises WHERE debtor_id = ? AND status = 'open' ORDER BY id").all(debtorId) as
    { id: number; amount_cents: number; due_date: string; created_at: number }[];
  const paidBetween = db.prepare('SELECT COALESCE(SUM(amount_cents), 0) FROM payments WHERE debtor_id = ? AND substr(paid_at, 1, 10) BETWEEN ? AND ?').pluck();
  const kept: number[] = [];
  for (const p of open) {
    const paid = paidBetween.get(debtorId, brasiliaDate(p.created_at), p.due_date) as number;
    if (paid < p.amount_cents) continue;
    db.prepare("UPDATE promises SET status = 'kept', settled_at = ? WHERE id = ?").run(at, p.id);
    db.prepare("INSERT INTO timeline_events (debtor_id, at, kind, summary, detail) VALUES (?, ?, 'promise', ?, ?)")
      .run(debtorId, at, `Promessa cumprida: ${brl(paid)} pagos até ${br(p.due_date)} (prometido ${brl(p.amount_cents)})`, JSON.stringify({ promiseId: p.id, status: 'kept' }));
    kept.push(p.id);
  }
  return kept;
}

/**
 * One transaction: open promises whose date is before `today` (Brasília) are broken; each goes on the
 * timeline with its reason, and the debtor goes back to the campaign the promise took it out of.
 */
export function breakOverduePromises(db: Db, today: string, at: number): { debtorId: number; campaignId: number | null }[] {
  return db.transaction(() => {
    const due = db.prepare("SELECT id, debtor_id, campaign_id, amount_cents, due_date, default_reason FROM promises WHERE status = 'open' AND due_date < ? ORDER BY id").all(today) as
      { id: number; debtor_id: number; campaign_id: number | null; amount_cents: number; due_date: string; default_reason: DefaultReason | null }[];
    const paidBetween = db.prepare('SELECT COALESCE(SUM(amount_cents), 0) FROM payments WHERE debtor_id = ? AND substr(paid_at, 1, 10) <= ?').pluck();
    for (const p of due) {
      db.prepare("UPDATE promises SET status = 'broken', settled_at = ? WHERE id = ?").run(at, p.id);
      const reason = p.default_reason ? `; motivo da inadimplência: ${defaultReasonText(p.default_reason)}` : '';
      const paid = paidBetween.get(p.debtor_id, p.due_date) as number;
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
