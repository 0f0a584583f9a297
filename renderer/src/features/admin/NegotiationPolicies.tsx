import { useEffect, useState } from 'react';
import type { NegotiationPolicyInput, PortfolioPolicy } from '../../../../shared/negotiation';
import { useT } from '../../stores/locale';
import { useSession } from '../../stores/session';
import { errorText } from '../../ui/format';

type Part = 'principalBps' | 'feeBps' | 'interestBps';
const PARTS: Part[] = ['principalBps', 'feeBps', 'interestBps'];
/** Basis points shown and typed as percentages with a decimal comma ("12,5"); centavos as reais, the same way. */
const hundredths = (n: number) => String(n / 100).replace('.', ',');
const fromHundredths = (text: string) => Math.round(Number(text.replace(',', '.')) * 100);

/** A number typed freely ("12," on the way to "12,5"): the text is kept while typing, the value is what the policy gets. */
function DecimalInput({ label, value, onValue }: { label?: string; value: string; onValue: (text: string) => void }) {
  const [text, setText] = useState(value);
  const [focused, setFocused] = useState(false);
  return (
    <input
      inputMode="decimal"
      size={6}
      aria-label={label}
      value={focused ? text : value}
      onFocus={() => { setText(value); setFocused(true); }}
      onBlur={() => setFocused(false)}
      onChange={(e) => { setText(e.target.value); onValue(e.target.value); }}
    />
  );
}

/**
 * Administração → Políticas de negociação: a portfolio's discount matrix (days-past-due bucket × payment
 * form, ceilings on principal, fee and interest), the agreement's shape and each role's authority. The
 * server validates and names the field at fault; every save is audited with the policy before and after.
 */
export function NegotiationPolicies() {
  const t = useT();
  const api = useSession((s) => s.api);
  const [list, setList] = useState<PortfolioPolicy[] | null>(null);
  const [portfolioId, setPortfolioId] = useState<number | null>(null);
  const [policy, setPolicy] = useState<NegotiationPolicyInput | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void api?.get<PortfolioPolicy[]>('/api/admin/negotiation-policies').then((r) => {
      if (!r.ok) return setError(errorText(t, r.error));
      setList(r.data);
      const first = r.data[0];
      if (first) {
        setPortfolioId(first.portfolioId);
        setPolicy(structuredClone(first.policy));
      }
    });
  }, [api]); // eslint-disable-line react-hooks/exhaustive-deps

  if (!list || !policy || portfolioId === null) return error ? <p role="alert" className="error">{error}</p> : <p className="muted">{t('common.loading')}</p>;
  const current = list.find((p) => p.portfolioId === portfolioId)!;
  const edit = (change: (p: NegotiationPolicyInput) => void) => {
    const next = structuredClone(policy);
    change(next);
    setPolicy(next);
    setMessage(null);
  };
  const bucketName = (i: number) => {
    const b = policy.matrix[i]!;
    const prev = policy.matrix[i - 1]?.maxDpd;
    return b.maxDpd !== null ? t('policy.upTo', { n: b.maxDpd }) : prev !== undefined && prev !== null ? t('policy.above', { n: prev }) : t('policy.any');
  };
  const formName = (n: number) => (n === 1 ? t('policy.cash') : t('policy.installments', { n }));

  async function save() {
    const r = await api!.put<NegotiationPolicyInput>(`/api/admin/negotiation-policies/${portfolioId}`, policy);
    if (!r.ok) {
      setMessage(null);
      return setError(errorText(t, r.error));
    }
    setError(null);
    setMessage(t('policy.saved'));
    setList(list!.map((p) => (p.portfolioId === portfolioId ? { ...p, policy: r.data, isDefault: false } : p)));
  }

  const number = (label: string, value: string, set: (v: string) => void) => (
    <label>{label}<DecimalInput value={value} onValue={set} /></label>
  );
  return (
    <section aria-labelledby="policies-title">
      <h2 id="policies-title">{t('admin.policies')}</h2>
      <label className="inline">
        {t('policy.portfolio')}
        <select
          value={portfolioId}
          onChange={(e) => {
            const id = Number(e.target.value);
            setPortfolioId(id);
            setPolicy(structuredClone(list.find((p) => p.portfolioId === id)!.policy));
            setMessage(null);
            setError(null);
          }}
        >
          {list.map((p) => <option key={p.portfolioId} value={p.portfolioId}>{p.creditorName} — {p.portfolioName}</option>)}
        </select>
      </label>
      {current.isDefault && <p className="muted">{t('policy.default')}</p>}
      <div className="form-grid">
        {number(t('policy.maxInstallments'), String(policy.maxInstallments), (v) => edit((p) => { p.maxInstallments = Number(v); }))}
        {number(t('policy.minDownPayment'), hundredths(policy.minDownPaymentBps), (v) => edit((p) => { p.minDownPaymentBps = fromHundredths(v); }))}
        {number(t('policy.minInstallment'), hundredths(policy.minInstallmentCents), (v) => edit((p) => { p.minInstallmentCents = fromHundredths(v); }))}
        {number(t('policy.maxFirstDueDays'), String(policy.maxFirstDueDays), (v) => edit((p) => { p.maxFirstDueDays = Number(v); }))}
      </div>
      <fieldset>
        <legend>{t('policy.authority')}</legend>
        <div className="form-grid">
          {(['agent', 'supervisor', 'admin'] as const).map((role) => (
            <label key={role}>
              {t('policy.authorityOf', { role: t(`role.${role}`) })}
              <DecimalInput value={hundredths(policy.authorityBps[role])} onValue={(v) => edit((p) => { p.authorityBps[role] = fromHundredths(v); })} />
            </label>
          ))}
        </div>
      </fieldset>
      <table aria-label={t('policy.matrix')}>
        <thead>
          <tr><th>{t('policy.bucket')}</th><th>{t('policy.form')}</th>{PARTS.map((part) => <th key={part} className="num">{t(`policy.part.${part}`)}</th>)}</tr>
        </thead>
        <tbody>
          {policy.matrix.flatMap((b, i) =>
            b.forms.map((f, j) => (
              <tr key={`${i}-${j}`}>
                <td>{j === 0 ? bucketName(i) : ''}</td>
                <td>{formName(f.installments)}</td>
                {PARTS.map((part) => (
                  <td key={part} className="num">
                    <DecimalInput
                      label={t('policy.cell', { part: t(`policy.part.${part}`), bucket: bucketName(i), form: formName(f.installments) })}
                      value={hundredths(f.ceiling[part])}
                      onValue={(v) => edit((p) => { p.matrix[i]!.forms[j]!.ceiling[part] = fromHundredths(v); })}
                    />
                  </td>
                ))}
              </tr>
            )),
          )}
        </tbody>
      </table>
      <button type="button" onClick={() => void save()}>{t('policy.save')}</button>
      {message && <p role="status">{message}</p>}
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}
