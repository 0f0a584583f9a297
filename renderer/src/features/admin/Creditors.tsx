import { useEffect, useState, type FormEvent } from 'react';
import type { Creditor, Portfolio } from '../../../../shared/creditors';
import { formatCnpj, isValidCnpj } from '../../../../shared/document';
import { useT } from '../../stores/locale';
import { useSession } from '../../stores/session';
import { errorText } from '../../ui/format';
import { useChangeRunner } from '../../ui/useChangeRunner';

/** Administração → Credores e carteiras: register creditors (CNPJ, the address boletos carry), edit them, add portfolios. */
export function Creditors() {
  const t = useT();
  const api = useSession((s) => s.api);
  const [creditors, setCreditors] = useState<Creditor[] | null>(null);
  const [form, setForm] = useState({ name: '', cnpj: '', address: '' });
  const [editing, setEditing] = useState<number | null>(null);
  const { run, refuse, error, done } = useChangeRunner(() => load());

  const load = async () => {
    const r = await api?.get<Creditor[]>('/api/admin/creditors');
    if (r?.ok) setCreditors(r.data);
    else if (r) refuse(errorText(t, r.error));
  };
  useEffect(() => {
    void load();
  }, [api]); // eslint-disable-line react-hooks/exhaustive-deps

  async function create(e: FormEvent) {
    e.preventDefault();
    if (!isValidCnpj(form.cnpj)) {
      refuse(t('creditors.invalidCnpj'));
      return;
    }
    if (await run(api!.post<Creditor>('/api/admin/creditors', form), t('creditors.created', { name: form.name.trim() }))) setForm({ name: '', cnpj: '', address: '' });
  }

  return (
    <section aria-labelledby="creditors-title">
      <h2 id="creditors-title">{t('admin.creditors')}</h2>
      <form className="form-grid" aria-label={t('creditors.new')} onSubmit={(e) => void create(e)}>
        <label>{t('creditors.name')}<input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required /></label>
        <label>{t('creditors.cnpj')}<input value={form.cnpj} onChange={(e) => setForm({ ...form, cnpj: e.target.value })} required className="mono" /></label>
        <label>{t('creditors.address')}<input value={form.address} onChange={(e) => setForm({ ...form, address: e.target.value })} required /></label>
        <button type="submit">{t('creditors.create')}</button>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
      {done && <p role="status">{done}</p>}
      {creditors === null ? <p className="muted">{t('common.loading')}</p> : creditors.length === 0 ? <p className="muted">{t('creditors.none')}</p> : (
        <ul aria-label={t('creditors.list')} className="plain-list">
          {creditors.map((c) => (
            <li key={c.id}>
              <article aria-label={c.name}>
                {editing === c.id ? (
                  <CreditorEdit creditor={c} onCancel={() => setEditing(null)}
                    onSave={async (patch) => { if (await run(api!.patch<Creditor>(`/api/admin/creditors/${c.id}`, patch), t('creditors.saved', { name: patch.name }))) setEditing(null); }} />
                ) : (
                  <>
                    <h3>{c.name}</h3>
                    <p><span className="mono">{formatCnpj(c.cnpj)}</span> · {c.address}</p>
                    <button type="button" className="secondary" onClick={() => setEditing(c.id)}>{t('creditors.edit', { name: c.name })}</button>
                  </>
                )}
                <h4>{t('creditors.portfolios')}</h4>
                {c.portfolios.length === 0 ? <p className="muted">{t('creditors.noPortfolios')}</p> : (
                  <ul aria-label={`${t('creditors.portfolios')} · ${c.name}`}>{c.portfolios.map((p) => <li key={p.id}>{p.name}</li>)}</ul>
                )}
                <NewPortfolio creditor={c} onCreate={(name) => run(api!.post<Portfolio>('/api/admin/portfolios', { creditorId: c.id, name }), t('creditors.portfolioCreated', { name: name.trim() }))} />
              </article>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function CreditorEdit({ creditor, onSave, onCancel }: { creditor: Creditor; onSave(patch: { name: string; address: string }): Promise<void>; onCancel(): void }) {
  const t = useT();
  const [name, setName] = useState(creditor.name);
  const [address, setAddress] = useState(creditor.address);
  return (
    <form className="form-grid" aria-label={t('creditors.edit', { name: creditor.name })} onSubmit={(e) => { e.preventDefault(); void onSave({ name, address }); }}>
      <label>{t('creditors.nameOf', { name: creditor.name })}<input value={name} onChange={(e) => setName(e.target.value)} required /></label>
      <label>{t('creditors.addressOf', { name: creditor.name })}<input value={address} onChange={(e) => setAddress(e.target.value)} required /></label>
      <p className="mono">{formatCnpj(creditor.cnpj)}</p>
      <button type="submit">{t('creditors.save')}</button>
      <button type="button" className="secondary" onClick={onCancel}>{t('creditors.cancel')}</button>
    </form>
  );
}

function NewPortfolio({ creditor, onCreate }: { creditor: Creditor; onCreate(name: string): Promise<boolean> }) {
  const t = useT();
  const [name, setName] = useState('');
  return (
    <form className="actions-row" aria-label={t('creditors.newPortfolio', { name: creditor.name })} onSubmit={(e) => { e.preventDefault(); void onCreate(name).then((ok) => ok && setName('')); }}>
      <label className="inline">{t('creditors.portfolioName', { name: creditor.name })}<input value={name} onChange={(e) => setName(e.target.value)} required /></label>
      <button type="submit">{t('creditors.createPortfolio')}</button>
    </form>
  );
}
