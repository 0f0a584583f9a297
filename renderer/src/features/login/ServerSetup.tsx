import { useState, type FormEvent } from 'react';
import { errorText } from '../../ui/format';
import { useT } from '../../stores/locale';
import { useSession } from '../../stores/session';

/** Desktop app only: which dialer server to use. */
export function ServerSetup() {
  const t = useT();
  const setServerUrl = useSession((s) => s.setServerUrl);
  const [url, setUrl] = useState('http://');
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const failure = await setServerUrl(url);
    setError(failure ? errorText(t, failure) : null);
  }

  return (
    <main className="login">
      <form className="card login-card" onSubmit={submit} aria-labelledby="server-title">
        <h1 id="server-title">{t('server.title')}</h1>
        <label>
          {t('server.url')}
          <input name="serverUrl" type="url" value={url} onChange={(e) => setUrl(e.target.value)} required />
        </label>
        {error && <p role="alert" className="error">{error}</p>}
        <button type="submit">{t('server.save')}</button>
      </form>
    </main>
  );
}
