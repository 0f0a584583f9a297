import { useState, type FormEvent } from 'react';
import { useT } from '../stores/locale';
import { useSession } from '../stores/session';
import { errorText } from './format';

/** "Trocar senha" in the header: the current password, the new one twice; the user's other sessions end. */
export function ChangePassword() {
  const t = useT();
  const api = useSession((s) => s.api);
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ current: '', next: '', again: '' });
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (form.next !== form.again) return setProblem(t('password.mismatch'));
    if (form.next.length < 12) return setProblem(t('password.tooShort'));
    const r = await api?.post<null>('/api/me/password', { currentPassword: form.current, newPassword: form.next });
    if (!r) return;
    if (r.ok) {
      setDone(true);
      setProblem(null);
      setOpen(false);
      setForm({ current: '', next: '', again: '' });
    } else if (r.error.message.startsWith('currentPassword')) setProblem(t('password.wrongCurrent'));
    else if (r.error.message.includes('differ')) setProblem(t('password.same'));
    else setProblem(errorText(t, r.error));
  }

  return (
    <div className="change-password">
      <button type="button" className="secondary" aria-expanded={open} onClick={() => { setOpen(!open); setDone(false); setProblem(null); }}>{t('password.change')}</button>
      {done && <span role="status" className="muted">{t('password.changed')}</span>}
      {open && (
        <form role="dialog" aria-label={t('password.change')} className="popover" onSubmit={(e) => void submit(e)}>
          <label>{t('password.current')}<input type="password" autoComplete="current-password" value={form.current} onChange={(e) => setForm({ ...form, current: e.target.value })} required /></label>
          <label>{t('password.new')}<input type="password" autoComplete="new-password" value={form.next} onChange={(e) => setForm({ ...form, next: e.target.value })} required /></label>
          <label>{t('password.again')}<input type="password" autoComplete="new-password" value={form.again} onChange={(e) => setForm({ ...form, again: e.target.value })} required /></label>
          {problem && <p role="alert" className="error">{problem}</p>}
          <button type="submit">{t('password.save')}</button>
        </form>
      )}
    </div>
  );
}
