import { useEffect, useState, type FormEvent } from 'react';
import { useT } from '../../stores/locale';
import { useSession } from '../../stores/session';
import { errorText } from '../../ui/format';

interface DeadLetter {
  id: number;
  integrationId: string;
  event: string;
  attempts: number;
  lastError: string | null;
  createdAt: number;
}

/** Integrations (payment webhooks in, notices out), the notices that could not be delivered, and do-not-call lists. */
export function Integrations() {
  const t = useT();
  const api = useSession((s) => s.api);
  const [dead, setDead] = useState<DeadLetter[]>([]);
  const [form, setForm] = useState({ id: '', name: '', callbackUrl: '' });
  const [secret, setSecret] = useState<string | null>(null);
  const [list, setList] = useState<'internal' | 'nao_me_ligue'>('nao_me_ligue');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const loadDead = async () => {
    const r = await api?.get<DeadLetter[]>('/api/admin/outbox?status=dead');
    if (r?.ok) setDead(r.data);
  };
  useEffect(() => {
    void loadDead();
  }, [api]); // eslint-disable-line react-hooks/exhaustive-deps

  async function create(e: FormEvent) {
    e.preventDefault();
    const r = await api?.post<{ secret: string }>('/api/admin/integrations', { id: form.id, name: form.name, callbackUrl: form.callbackUrl || null });
    if (!r) return;
    if (r.ok) {
      setSecret(r.data.secret);
      setError(null);
    } else setError(errorText(t, r.error));
  }

  async function retry(id: number) {
    const r = await api?.post<null>(`/api/admin/outbox/${id}/retry`);
    if (r && !r.ok) setError(errorText(t, r.error));
    await loadDead();
  }

  async function uploadList(file: File) {
    const r = await api?.postText<{ added: number; errors: unknown[] }>(`/api/admin/do-not-call/${list}`, await file.text(), 'text/csv');
    if (!r) return;
    if (r.ok) {
      setMessage(t('integrations.listAdded', { added: r.data.added, rejected: r.data.errors.length }));
      setError(null);
    } else setError(errorText(t, r.error));
  }

  return (
    <div>
      <h2>{t('integrations.new')}</h2>
      <form className="form-grid" aria-label={t('integrations.new')} onSubmit={(e) => void create(e)}>
        <label>{t('integrations.id')}<input value={form.id} onChange={(e) => setForm({ ...form, id: e.target.value })} required pattern="[a-z0-9][a-z0-9\-]{1,39}" /></label>
        <label>{t('integrations.name')}<input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required /></label>
        <label>{t('integrations.callbackUrl')}<input type="url" value={form.callbackUrl} onChange={(e) => setForm({ ...form, callbackUrl: e.target.value })} /></label>
        <button type="submit">{t('integrations.create')}</button>
      </form>
      {secret && <p role="status">{t('integrations.secret')} <code className="mono">{secret}</code></p>}

      <h2>{t('integrations.dead')}</h2>
      {dead.length === 0 ? <p className="muted">{t('integrations.noDead')}</p> : (
        <table aria-label={t('integrations.dead')}>
          <thead><tr><th>#</th><th>{t('integrations.id')}</th><th>{t('integrations.event')}</th><th className="num">{t('integrations.attempts')}</th><th>{t('integrations.lastError')}</th><th /></tr></thead>
          <tbody>
            {dead.map((d) => (
              <tr key={d.id}>
                <td>{d.id}</td><td>{d.integrationId}</td><td>{d.event}</td><td className="num">{d.attempts}</td><td>{d.lastError}</td>
                <td><button type="button" className="secondary" onClick={() => void retry(d.id)}>{t('integrations.retry')}</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>{t('integrations.lists')}</h2>
      <div className="actions-row">
        <label>
          {t('integrations.list')}
          <select value={list} onChange={(e) => setList(e.target.value as typeof list)}>
            <option value="nao_me_ligue">{t('integrations.list.nao_me_ligue')}</option>
            <option value="internal">{t('integrations.list.internal')}</option>
          </select>
        </label>
        <label>{t('integrations.listFile')}<input type="file" accept=".csv,.txt,text/csv,text/plain" onChange={(e) => e.target.files?.[0] && void uploadList(e.target.files[0])} /></label>
      </div>
      {message && <p role="status">{message}</p>}
      {error && <p role="alert" className="error">{error}</p>}
    </div>
  );
}
