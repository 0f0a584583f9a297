import { useEffect, useState } from 'react';
import type { DebtorCard as Card } from '../../../../shared/negotiation';
import { centavos, formatBRL } from '../../../../shared/money';
import type { PromiseView } from '../../../../shared/promises';
import { useT } from '../../stores/locale';
import { useSession } from '../../stores/session';
import { errorText } from '../../ui/format';
import { AgreementInstallments } from './AgreementInstallments';

/**
 * The screen pop: fetched the moment the lead arrives (before anyone answers), so on answer it is already
 * on screen — who the debtor is, the debts with days past due, the phones and their flags, the warnings,
 * the next best action and the whole history.
 */
export function DebtorCard({ debtorId }: { debtorId: number }) {
  const t = useT();
  const api = useSession((s) => s.api);
  const [card, setCard] = useState<Card | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [promises, setPromises] = useState<PromiseView[]>([]);
  useEffect(() => {
    void api?.get<Card>(`/api/debtors/${debtorId}/card`).then((r) => (r.ok ? setCard(r.data) : setError(errorText(t, r.error))));
    void api?.get<PromiseView[]>(`/api/debtors/${debtorId}/promises`).then((r) => r.ok && setPromises(r.data));
  }, [api, debtorId]); // eslint-disable-line react-hooks/exhaustive-deps

  if (error) return <p role="alert" className="error">{error}</p>;
  if (!card) return <p className="muted">{t('common.loading')}</p>;
  return (
    <section className="card debtor-card" aria-label={t('card.title')}>
      <h2>{card.name} <span className="muted mono">{card.document}</span> {card.place && <span className="muted">· {card.place}</span>}</h2>
      {card.warnings.length > 0 && (
        <ul role="alert" className="warnings" aria-label={t('card.warnings')}>
          {card.warnings.map((w) => <li key={w}>{t(`card.warning.${w}`)}</li>)}
        </ul>
      )}
      <p aria-label={t('card.nextBestAction')}><strong>{t('card.nextBestAction')}:</strong> {t(`card.nba.${card.nextBestAction}`)}</p>
      <table aria-label={t('card.contracts')}>
        <thead><tr><th>{t('card.contract')}</th><th>{t('card.product')}</th><th className="num">{t('card.original')}</th><th>{t('card.due')}</th><th className="num">{t('card.dpd')}</th><th>{t('admin.col.status')}</th></tr></thead>
        <tbody>
          {card.contracts.map((c) => (
            <tr key={c.number}>
              <td className="mono">{c.number}</td><td>{c.product}</td><td className="num">{formatBRL(centavos(c.originalCents))}</td>
              <td>{c.dueDate.split('-').reverse().join('/')}</td><td className="num">{c.dpd}</td><td>{t(`card.status.${c.status as 'open'}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {card.agreement && <AgreementInstallments agreement={card.agreement} />}
      <p aria-label={t('card.phones')}>
        {card.phones.map((p, i) => <span key={i} className="mono phone-chip">{p.masked}{p.status !== 'valid' ? ` (${t(`card.phone.${p.status as 'valid'}`)})` : ''}</span>)}
      </p>
      {promises.length > 0 && (
        <ul aria-label={t('agent.promises')} className="promises">
          {promises.map((p) => (
            <li key={p.id} className={`promise-${p.status}`}>
              {t('agent.promise.line', { amount: formatBRL(centavos(p.amountCents)), date: p.dueDate.split('-').reverse().join('/') })} — {t(`promise.status.${p.status}`)}
              {p.defaultReason && <span className="muted"> · {t(`reason.${p.defaultReason}`)}</span>}
            </li>
          ))}
        </ul>
      )}
      <ol className="timeline" aria-label={t('card.timeline')}>
        {card.timeline.map((e, i) => (
          <li key={i}><span className="muted">{new Date(e.at).toLocaleDateString()}</span> <strong>{t(`card.kind.${e.kind as 'call'}`)}</strong> {e.summary}</li>
        ))}
      </ol>
    </section>
  );
}
