import { useEffect, useState } from 'react';
import { useT } from '../../stores/locale';
import { useSession } from '../../stores/session';
import { errorText } from '../../ui/format';

interface Pending {
  paymentId: number;
  name: string;
  document: string;
  due: string;
}

/** Súmula 548 STJ: after full payment the bureaus must be asked to remove the debtor within 5 business days. */
export function BureauRemovals({ today }: { today: string }) {
  const t = useT();
  const api = useSession((s) => s.api);
  const [rows, setRows] = useState<Pending[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = async () => {
    const r = await api?.get<Pending[]>('/api/payments/bureau-removals');
    if (r?.ok) setRows(r.data);
  };
  useEffect(() => {
    void load();
  }, [api]); // eslint-disable-line react-hooks/exhaustive-deps

  async function done(id: number) {
    const r = await api?.post<null>(`/api/payments/${id}/bureau-removed`);
    if (r && !r.ok) setError(errorText(t, r.error));
    await load();
  }

  return (
    <section aria-labelledby="bureau-title" className="card">
      <h2 id="bureau-title">{t('bureau.title')}</h2>
      {error && <p role="alert" className="error">{error}</p>}
      {rows.length === 0 ? <p className="muted">{t('bureau.none')}</p> : (
        <table aria-label={t('bureau.title')}>
          <thead><tr><th>{t('admin.col.name')}</th><th>{t('admin.col.document')}</th><th>{t('bureau.due')}</th><th /></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.paymentId}>
                <td>{r.name}</td><td className="mono">{r.document}</td>
                <td className={r.due < today ? 'error' : ''}>{r.due.split('-').reverse().join('/')}{r.due < today ? ` · ${t('bureau.overdue')}` : ''}</td>
                <td><button type="button" className="secondary" aria-label={t('bureau.doneFor', { name: r.name })} onClick={() => void done(r.paymentId)}>{t('bureau.done')}</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
