import { useState, type FormEvent } from 'react';
import { LanguageSelect } from '../../ui/LanguageSelect';
import { errorText } from '../../ui/format';
import { useT } from '../../stores/locale';
import { useSession } from '../../stores/session';

export function LoginPage() {
  const t = useT();
  const login = useSession((s) => s.login);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const failure = await login(username, password);
    setBusy(false);
    if (failure) setError(errorText(t, failure));
  }

  return (
    <main className="login">
      <form className="card login-card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">{t('login.title')}</h1>
        <p className="muted">{t('app.tagline')}</p>
        <label>
          {t('login.username')}
          <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required autoFocus />
        </label>
        <label>
          {t('login.password')}
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {error && <p role="alert" className="error">{error}</p>}
        <button type="submit" disabled={busy}>{busy ? t('login.submitting') : t('login.submit')}</button>
        <LanguageSelect />
      </form>
    </main>
  );
}
