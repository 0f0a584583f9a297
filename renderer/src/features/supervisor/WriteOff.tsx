import { useState, type FormEvent } from 'react';
import type { PaymentApplied } from '../../../../shared/payments';
import { useT } from '../../stores/locale';
import { useSession } from '../../stores/session';
import { errorText } from '../../ui/format';
import { LineErrorsTable, type LineError } from '../../ui/LineErrorsTable';

/** Supervisors: a manual write-off ("baixa") with its reason, and the creditor's payoff file. */
export function WriteOff() {
  const t = useT();
  const api = useSession((s) => s.api);
  const [form, setForm] = useState({ document: '', contractNumber: '', amount: '', paidAt: '', reason: '' });
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [lines, setLines] = useState<LineError[]>([]);

  async function writeOff(e: FormEvent) {
    e.preventDefault();
    if (!api) return;
    // "1.234,56" → 123456 centavos, by the digits (never a float); anything else goes as null and the server names it
    const m = /^(\d{1,3}(?:\.\d{3})*|\d+)(?:,(\d{1,2}))?$/.exec(form.amount.trim());
    const cents = m ? Number(m[1]!.replace(/\./g, '')) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : null;
    const r = await api.post<PaymentApplied>('/api/payments/write-off', {
      document: form.document, ...(form.contractNumber ? { contractNumber: form.contractNumber } : {}), amountCents: cents, paidAt: form.paidAt, reason: form.reason,
    });
    if (r.ok) {
      setError(null);
      setMessage(r.data.openContracts === 0 ? t('writeOff.doneStopped') : t('writeOff.done'));
    } else {
      setMessage(null);
      setError(errorText(t, r.error));
    }
  }

  async function payoff(file: File) {
    if (!api) return;
    const r = await api.postText<{ applied: number; duplicates: number; debtorsStopped: number; errors: LineError[] }>('/api/payments/payoff', await file.text(), 'text/csv');
    if (!r.ok) return setError(errorText(t, r.error));
    setError(null);
    setMessage(t('writeOff.payoffDone', { applied: r.data.applied, duplicates: r.data.duplicates, stopped: r.data.debtorsStopped, rejected: r.data.errors.length }));
    setLines(r.data.errors);
  }

  const field = (name: keyof typeof form, label: string, props: Record<string, unknown> = {}) => (
    <label>{label}<input value={form[name]} onChange={(e) => setForm({ ...form, [name]: e.target.value })} {...props} /></label>
  );
  return (
    <section aria-labelledby="writeoff-title" className="card">
      <h2 id="writeoff-title">{t('writeOff.title')}</h2>
      <form className="form-grid" aria-label={t('writeOff.title')} onSubmit={(e) => void writeOff(e)}>
        {field('document', t('writeOff.document'), { required: true })}
        {field('contractNumber', t('writeOff.contract'))}
        {field('amount', t('writeOff.amount'), { required: true, inputMode: 'decimal' })}
        {field('paidAt', t('writeOff.paidAt'), { required: true, type: 'date' })}
        {field('reason', t('writeOff.reason'), { required: true, minLength: 5 })}
        <button type="submit">{t('writeOff.submit')}</button>
      </form>
      <label className="inline">
        {t('writeOff.payoff')}
        <input type="file" accept=".csv,text/csv" onChange={(e) => e.target.files?.[0] && void payoff(e.target.files[0])} />
      </label>
      <p className="muted">{t('writeOff.payoffFormat')}</p>
      {message && <p role="status">{message}</p>}
      {error && <p role="alert" className="error">{error}</p>}
      <LineErrorsTable lines={lines} />
    </section>
  );
}
