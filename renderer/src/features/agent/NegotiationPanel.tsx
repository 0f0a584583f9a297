import { useEffect, useRef, useState } from 'react';
import type { PromiseTerms } from '../../../../shared/dialer';
import type { AgreementView, ApprovalView, Offer, OfferVerdict } from '../../../../shared/negotiation';
import { centavos, formatBRL } from '../../../../shared/money';
import { useNegotiationStore } from '../../stores/negotiation';
import { useT } from '../../stores/locale';
import { useSession } from '../../stores/session';
import { errorText } from '../../ui/format';
import { AgreementInstallments } from './AgreementInstallments';

interface BalanceLine {
  kind: string;
  label: string;
  amountCents: number;
}
interface Quote {
  dpd: number;
  total: { totalCents: number; lines: BalanceLine[] };
  contracts: { number: string; product: string; balance: { totalCents: number } }[];
  options: (OfferVerdict & { offer: Offer })[];
}

const brl = (c: number) => formatBRL(centavos(c));
const pct = (bps: number) => (bps / 100).toFixed(2).replace('.', ',');

/** The screen pop's negotiation: the updated balance, ready options, adjusting an offer, approval, the agreement. */
export function NegotiationPanel({ debtorId, onRegisterPromise }: { debtorId: number; onRegisterPromise?: (terms: PromiseTerms) => void }) {
  const t = useT();
  const api = useSession((s) => s.api);
  const [quote, setQuote] = useState<Quote | null>(null);
  const [offer, setOffer] = useState<Offer | null>(null);
  const [verdict, setVerdict] = useState<OfferVerdict | null>(null);
  const [approval, setApproval] = useState<ApprovalView | null>(null);
  const [agreement, setAgreement] = useState<{ agreementId: number; verdict: OfferVerdict } | null>(null);
  const [view, setView] = useState<AgreementView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const decision = useNegotiationStore((s) => (approval ? s.decisions[approval.id] : undefined));
  /** Answers can arrive out of order: only the latest check may set the verdict. */
  const latestCheck = useRef(0);

  useEffect(() => {
    void api?.get<Quote>(`/api/debtors/${debtorId}/negotiation`).then((r) => {
      if (!r.ok) return setError(errorText(t, r.error));
      setQuote(r.data);
      const first = r.data.options[0];
      if (first) {
        setOffer(first.offer);
        setVerdict(first);
      }
    });
  }, [api, debtorId]); // eslint-disable-line react-hooks/exhaustive-deps

  // every change is checked by the server (the same rules the agreement will be held to)
  useEffect(() => {
    if (!api || !offer) return;
    const check = ++latestCheck.current;
    const timer = setTimeout(() => {
      void api.post<OfferVerdict>(`/api/debtors/${debtorId}/negotiation/evaluate`, offer).then((r) => {
        if (check !== latestCheck.current) return;
        if (r.ok) setVerdict(r.data);
        else setError(errorText(t, r.error));
      });
    }, 150);
    return () => clearTimeout(timer);
  }, [api, debtorId, offer]); // eslint-disable-line react-hooks/exhaustive-deps

  // a counteroffer becomes the offer on the screen
  useEffect(() => {
    if (decision?.status === 'countered' && decision.counterOffer) setOffer(decision.counterOffer);
  }, [decision]);

  if (error && !quote) return <p role="alert" className="error">{error}</p>;
  if (!quote || !offer) return <p className="muted">{t('common.loading')}</p>;
  const setDiscount = (part: keyof Offer['discount'], percent: string) => setOffer({ ...offer, discount: { ...offer.discount, [part]: Math.round(Number(percent.replace(',', '.')) * 100) || 0 } });

  async function askApproval() {
    const r = await api!.post<ApprovalView>(`/api/debtors/${debtorId}/negotiation/approval`, offer);
    if (r.ok) setApproval(r.data);
    else setError(errorText(t, r.error));
  }
  async function formalize() {
    const approved = decision && (decision.status === 'approved' || decision.status === 'countered') ? decision.id : null;
    const r = await api!.post<{ agreementId: number; verdict: OfferVerdict }>(`/api/debtors/${debtorId}/agreements`, { offer, approvalId: approved });
    if (!r.ok) return setError(errorText(t, r.error));
    setAgreement(r.data);
    const v = await api!.get<AgreementView>(`/api/agreements/${r.data.agreementId}`);
    if (v.ok) setView(v.data);
  }

  async function send(channel: 'email' | 'sms' | 'whatsapp') {
    const r = await api!.post<{ to: string }>(`/api/agreements/${agreement!.agreementId}/send`, { channel });
    if (r.ok) {
      setSent(t('negotiation.sent', { to: r.data.to }));
      setError(null);
    } else setError(errorText(t, r.error));
  }

  if (agreement) {
    return (
      <section className="card negotiation" aria-label={t('negotiation.title')}>
        <p role="status">{t('negotiation.done', { n: agreement.verdict.schedule.length, total: brl(agreement.verdict.totalCents) })}</p>
        <div className="actions-row">
          <button type="button" className="secondary" onClick={() => void api!.download(`/api/agreements/${agreement.agreementId}/installments/${view?.current ?? 1}/boleto`, `boleto-acordo-${agreement.agreementId}.html`)}>
            {t('negotiation.boleto')}
          </button>
          {(['email', 'sms', 'whatsapp'] as const).map((channel) => (
            <button key={channel} type="button" className="secondary" onClick={() => void send(channel)}>{t(`negotiation.send.${channel}`)}</button>
          ))}
        </div>
        {view && <AgreementInstallments agreement={view} />}
        {sent && <p role="status">{sent}</p>}
        {error && <p role="alert" className="error">{error}</p>}
      </section>
    );
  }
  const approvedHere = decision?.status === 'approved' || decision?.status === 'countered';
  return (
    <section className="card negotiation" aria-label={t('negotiation.title')}>
      <h2>{t('negotiation.title')}</h2>
      <table aria-label={t('negotiation.byContract')}>
        <thead><tr><th>{t('card.contract')}</th><th>{t('card.product')}</th><th className="num">{t('negotiation.updated')}</th></tr></thead>
        <tbody>{quote.contracts.map((c) => <tr key={c.number}><td>{c.number}</td><td>{c.product}</td><td className="num">{brl(c.balance.totalCents)}</td></tr>)}</tbody>
      </table>
      <table aria-label={t('negotiation.balance')}>
        <tbody>{quote.total.lines.map((l, i) => <tr key={i}><td>{l.label}</td><td className="num">{brl(l.amountCents)}</td></tr>)}</tbody>
      </table>
      <fieldset>
        <legend>{t('negotiation.options')}</legend>
        {quote.options.map((o) => (
          <label key={o.offer.installments} className="inline">
            <input type="radio" name="option" checked={offer.installments === o.offer.installments} onChange={() => setOffer(o.offer)} />
            {o.offer.installments === 1 ? t('negotiation.cash', { total: brl(o.totalCents) }) : t('negotiation.inInstallments', { n: o.offer.installments, total: brl(o.totalCents) })}
          </label>
        ))}
      </fieldset>
      <div className="form-grid">
        <label>{t('negotiation.discountPrincipal')}<input inputMode="decimal" value={pct(offer.discount.principalBps)} onChange={(e) => setDiscount('principalBps', e.target.value)} /></label>
        <label>{t('negotiation.discountInterest')}<input inputMode="decimal" value={pct(offer.discount.interestBps)} onChange={(e) => setDiscount('interestBps', e.target.value)} /></label>
        <label>{t('negotiation.discountFee')}<input inputMode="decimal" value={pct(offer.discount.feeBps)} onChange={(e) => setDiscount('feeBps', e.target.value)} /></label>
        <label>{t('negotiation.firstDue')}<input type="date" value={offer.firstDueDate} onChange={(e) => setOffer({ ...offer, firstDueDate: e.target.value })} /></label>
      </div>
      {verdict && (
        <div role="status" aria-label={t('negotiation.verdict')}>
          <p>{t('negotiation.summary', { total: brl(verdict.totalCents), discount: brl(verdict.discountCents), n: verdict.schedule.length })}</p>
          {!verdict.valid && <p className="error">{t('negotiation.invalid', { problems: verdict.problems.map((p) => p.code).join(', ') })}</p>}
          {verdict.valid && verdict.needsApproval && !approvedHere && <p>{t('negotiation.needsApproval')}</p>}
        </div>
      )}
      {approval && <p role="status" aria-label={t('negotiation.approvalState')}>{t(`negotiation.approval.${decision?.status ?? approval.status}`)}{decision?.note ? ` — ${decision.note}` : ''}</p>}
      <div className="actions-row">
        {verdict?.valid && verdict.needsApproval && !approval && <button type="button" onClick={() => void askApproval()}>{t('negotiation.askApproval')}</button>}
        <button type="button" disabled={!verdict?.valid || (verdict.needsApproval && !approvedHere)} onClick={() => void formalize()}>{t('negotiation.formalize')}</button>
        {onRegisterPromise && verdict?.schedule[0] && (
          // the simulated first payment becomes a promise to pay in the disposition form
          <button type="button" className="secondary" onClick={() => onRegisterPromise({ dueDate: verdict.schedule[0]!.dueDate, amountCents: verdict.schedule[0]!.amountCents })}>{t('negotiation.registerPromise')}</button>
        )}
      </div>
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}
