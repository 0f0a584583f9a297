import type { AgreementView } from '../../../../shared/negotiation';
import { centavos, formatBRL } from '../../../../shared/money';
import { useT } from '../../stores/locale';

const brl = (c: number) => formatBRL(centavos(c));

/** An agreement's installments: paid, partly paid, the current one (whose boleto and Pix are to be paid now). */
export function AgreementInstallments({ agreement }: { agreement: AgreementView }) {
  const t = useT();
  const state = (i: AgreementView['installments'][number]) =>
    i.status === 'paid' ? t('agreement.inst.paid') : i.paidCents > 0 ? t('agreement.inst.partial') : i.number === agreement.current ? t('agreement.inst.current') : t('agreement.inst.open');
  return (
    <div className="agreement">
      <h3>{t('agreement.title', { id: agreement.id })}</h3>
      <p role="status" aria-label={t('agreement.state')}>
        {t('agreement.summary', { status: t(`agreement.status.${agreement.status}`), paid: brl(agreement.paidCents), total: brl(agreement.totalCents) })}
        {agreement.brokenReason ? ` (${agreement.brokenReason})` : ''}
      </p>
      <progress max={agreement.totalCents} value={Math.min(agreement.paidCents, agreement.totalCents)} aria-label={t('agreement.col.paid')} />
      <table aria-label={t('agreement.installments')}>
        <thead>
          <tr><th className="num">{t('agreement.col.number')}</th><th>{t('agreement.col.due')}</th><th className="num">{t('agreement.col.amount')}</th><th className="num">{t('agreement.col.paid')}</th><th>{t('agreement.col.status')}</th></tr>
        </thead>
        <tbody>
          {agreement.installments.map((i) => (
            <tr key={i.number} aria-current={i.number === agreement.current ? 'true' : undefined}>
              <td className="num">{i.number}</td><td>{i.dueDate.split('-').reverse().join('/')}</td><td className="num">{brl(i.amountCents)}</td>
              <td className="num">{brl(i.paidCents)}</td>
              <td>{state(i)}{i.pixKind ? ` · ${t(`agreement.pix.${i.pixKind}`)}` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
