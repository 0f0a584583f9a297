import { useEffect, useState } from 'react';
import type { ApprovalView } from '../../../../shared/negotiation';
import { centavos, formatBRL } from '../../../../shared/money';
import { useNegotiationStore } from '../../stores/negotiation';
import { useT } from '../../stores/locale';
import { useSession } from '../../stores/session';
import { errorText } from '../../ui/format';

const pct = (bps: number) => `${(bps / 100).toFixed(2).replace('.', ',')}%`;

/** Offers above an agent's authority, as they arrive: approve, counter (lower discounts) or deny. */
export function Approvals() {
  const t = useT();
  const api = useSession((s) => s.api);
  const pending = useNegotiationStore((s) => s.pending);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<Record<number, string>>({});

  useEffect(() => {
    void api?.get<ApprovalView[]>('/api/approvals').then((r) => r.ok && useNegotiationStore.getState().replacePending(r.data));
  }, [api]);

  async function decide(a: ApprovalView, decision: 'approve' | 'deny' | 'counter') {
    // a counteroffer: the same offer at half the discounts asked
    const counterOffer = decision === 'counter' ? { ...a.offer, discount: { principalBps: Math.floor(a.offer.discount.principalBps / 2), feeBps: Math.floor(a.offer.discount.feeBps / 2), interestBps: Math.floor(a.offer.discount.interestBps / 2) } } : undefined;
    const r = await api!.post<ApprovalView>(`/api/approvals/${a.id}/decision`, { decision, counterOffer, note: note[a.id] || undefined });
    if (r.ok) useNegotiationStore.getState().decided(r.data);
    else setError(errorText(t, r.error));
  }

  return (
    <section aria-labelledby="approvals-title" className="card">
      <h2 id="approvals-title">{t('approvals.title')}</h2>
      {error && <p role="alert" className="error">{error}</p>}
      {pending.length === 0 ? <p className="muted">{t('approvals.none')}</p> : (
        <table aria-label={t('approvals.title')}>
          <thead><tr><th>{t('approvals.agent')}</th><th>{t('admin.col.name')}</th><th>{t('approvals.offer')}</th><th>{t('approvals.note')}</th><th /></tr></thead>
          <tbody>
            {pending.map((a) => (
              <tr key={a.id}>
                <td>{a.agentName}</td>
                <td>{a.debtorName}</td>
                <td>
                  {t('approvals.offerLine', { n: a.offer.installments, total: formatBRL(centavos(a.verdict.totalCents)), discount: formatBRL(centavos(a.verdict.discountCents)) })}
                  <br /><span className="muted">{t('approvals.discounts', { principal: pct(a.offer.discount.principalBps), interest: pct(a.offer.discount.interestBps), fee: pct(a.offer.discount.feeBps) })}</span>
                </td>
                <td><input aria-label={t('approvals.noteFor', { name: a.debtorName })} value={note[a.id] ?? ''} onChange={(e) => setNote({ ...note, [a.id]: e.target.value })} /></td>
                <td className="actions">
                  <button type="button" onClick={() => void decide(a, 'approve')}>{t('approvals.approve')}</button>
                  <button type="button" className="secondary" onClick={() => void decide(a, 'counter')}>{t('approvals.counter')}</button>
                  <button type="button" className="secondary" onClick={() => void decide(a, 'deny')}>{t('approvals.deny')}</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
