import { useEffect, useRef, useState, type FormEvent } from 'react';
import { DEFAULT_REASONS, DIAL_OUTCOMES, promiseDueRange, type DefaultReason, type DialOutcome, type Disposition, type Lead, type PromiseTerms } from '../../../../shared/dialer';
import { useDialerStore } from '../../stores/dialer';
import { useT } from '../../stores/locale';
import { newDispositionKey, useOutboxStore } from '../../stores/outbox';
import { selectAgent, usePresenceStore } from '../../stores/presence';
import { useSession } from '../../stores/session';
import { useServerNow } from '../../ui/useNow';
import { SHORTCUTS } from './shortcuts';

/** "2026-11-30" → "30/11/2026". */
const brDate = (iso: string) => iso.split('-').reverse().join('/');

/** Outcomes the agent records; 'cancelled', 'abandoned' and 'not_disposed' are the dialer's own. */
const AGENT_CHOICES = DIAL_OUTCOMES.filter((o): o is Disposition['outcome'] => o !== 'cancelled' && o !== 'abandoned' && o !== 'not_disposed');


/** "150", "150,5", "1.234,56", "150.00" → centavos; null when it is not an amount. */
export function parseAmountCents(text: string): number | null {
  let s = text.replace(/R\$|\s/g, '');
  if (s.includes(',')) s = s.replace(/\./g, '').replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return null;
  const cents = Math.round(Number(s) * 100);
  return cents > 0 ? cents : null;
}
const amountText = (cents: number) => (cents / 100).toFixed(2).replace('.', ',');

/**
 * The disposition: outcome, reason for default, promise (date and amount), callback, note. Stored in the
 * outbox first and sent from there, so it is never lost; the wrap-up countdown shows how long is left
 * before the server records 'not_disposed' by itself.
 */
export function DispositionForm({ lead, promisePrefill }: { lead: Lead; promisePrefill: (PromiseTerms & { seq: number }) | null }) {
  const t = useT();
  const socket = useSession((s) => s.socket);
  const userId = useSession((s) => s.user?.id);
  const presence = usePresenceStore(selectAgent(userId));
  const now = useServerNow();
  const [outcome, setOutcome] = useState<Disposition['outcome']>('rpc');
  const [reason, setReason] = useState<DefaultReason | ''>('');
  const [promiseDate, setPromiseDate] = useState('');
  const [promiseAmount, setPromiseAmount] = useState('');
  const [note, setNote] = useState('');
  const [callbackAt, setCallbackAt] = useState('');
  const [callbackFor, setCallbackFor] = useState<'me' | 'anyone'>('me');
  const [error, setError] = useState<string | null>(null);
  const outcomeRef = useRef<HTMLSelectElement>(null);
  // from the server's `since`, on the server's clock (corrected for this PC's skew): a reload keeps counting
  const wrapUpSince = presence?.state.name === 'wrap_up' ? presence.since : null;

  // "Registrar promessa" in the negotiation simulator: the promise, filled in
  useEffect(() => {
    if (!promisePrefill) return;
    setOutcome('promise');
    setPromiseDate(promisePrefill.dueDate);
    setPromiseAmount(amountText(promisePrefill.amountCents));
    outcomeRef.current?.focus();
  }, [promisePrefill]);

  // the server's bounds for a promise's date (Brasília today, server clock), checked here too: a refused
  // disposition would take the lead off the screen
  const [today, lastDueDate] = promiseDueRange(new Date(now - 3 * 3_600_000).toISOString().slice(0, 10));

  async function dispose(e: FormEvent) {
    e.preventDefault();
    let promise: PromiseTerms | undefined;
    if (outcome === 'promise') {
      const amountCents = parseAmountCents(promiseAmount);
      if (amountCents === null) return setError(t('agent.promise.badAmount'));
      if (promiseDate < today || promiseDate > lastDueDate) return setError(t('agent.promise.badDate', { first: brDate(today), last: brDate(lastDueDate) }));
      promise = { dueDate: promiseDate, amountCents };
    }
    const disposition: Disposition & { key: string } = {
      leaseId: lead.leaseId,
      key: newDispositionKey(),
      outcome,
      ...(reason ? { defaultReason: reason } : {}),
      ...(promise ? { promise } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(outcome === 'callback' ? { callbackAt: callbackAt ? new Date(callbackAt).getTime() : undefined, callbackFor } : {}),
    };
    try {
      // stored before it is sent: from here on it reaches the server, whatever happens to the connection
      const sending = useOutboxStore.getState().enqueue(disposition, socket);
      useDialerStore.getState().done(lead.leaseId);
      await sending;
    } catch (failure) {
      setError((failure as Error).message);
    }
  }

  const wrapUpLeft = wrapUpSince !== null ? Math.max(0, Math.ceil(lead.wrapUpSeconds - Math.max(0, now - wrapUpSince) / 1000)) : null;
  return (
    <form onSubmit={(e) => void dispose(e)} aria-label={t('agent.disposition')} className="disposition">
      {wrapUpLeft !== null && <p role="timer" aria-label={t('agent.wrapUpTimer')} className="wrap-up">{t('agent.wrapUp', { seconds: wrapUpLeft })}</p>}
      <div className="form-grid">
        <label>
          {t('agent.outcome')}
          <select ref={outcomeRef} id="disposition-outcome" aria-keyshortcuts={SHORTCUTS.dispose.aria} value={outcome} onChange={(e) => setOutcome(e.target.value as DialOutcome as Disposition['outcome'])}>
            {AGENT_CHOICES.map((o) => <option key={o} value={o}>{t(`outcome.${o}`)}</option>)}
          </select>
        </label>
        <label>
          {t('agent.defaultReason')}
          <select value={reason} onChange={(e) => setReason(e.target.value as DefaultReason | '')}>
            <option value="">{t('agent.defaultReason.none')}</option>
            {DEFAULT_REASONS.map((r) => <option key={r} value={r}>{t(`reason.${r}`)}</option>)}
          </select>
        </label>
        {outcome === 'promise' && (
          <>
            <label>{t('agent.promise.date')}<input type="date" value={promiseDate} min={today} max={lastDueDate} onChange={(e) => setPromiseDate(e.target.value)} required /></label>
            <label>{t('agent.promise.amount')}<input inputMode="decimal" value={promiseAmount} onChange={(e) => setPromiseAmount(e.target.value)} required /></label>
          </>
        )}
        {outcome === 'callback' && (
          <>
            <label>{t('agent.callbackAt')}<input type="datetime-local" value={callbackAt} onChange={(e) => setCallbackAt(e.target.value)} required /></label>
            <label>
              {t('agent.callbackFor')}
              <select value={callbackFor} onChange={(e) => setCallbackFor(e.target.value as 'me' | 'anyone')}>
                <option value="me">{t('agent.callbackFor.me')}</option>
                <option value="anyone">{t('agent.callbackFor.anyone')}</option>
              </select>
            </label>
          </>
        )}
      </div>
      <label>{t('agent.note')}<textarea value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} rows={2} /></label>
      <button type="submit">{t('agent.dispose')}</button>
      {error && <p role="alert" className="error">{error}</p>}
    </form>
  );
}
