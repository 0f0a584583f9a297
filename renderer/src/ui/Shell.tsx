import type { ReactNode } from 'react';
import type { Area } from '../routes';
import { areasFor } from '../routes';
import { useT } from '../stores/locale';
import { useSession } from '../stores/session';
import { ChangePassword } from './ChangePassword';
import { LanguageSelect } from './LanguageSelect';

/** Header (who, connection, language, sign out) and the navigation between the areas the role may open. */
export function Shell({ area, children }: { area: Area; children: ReactNode }) {
  const t = useT();
  const { user, connection, logout } = useSession();
  if (!user) return null;
  const areas = areasFor(user.role);
  return (
    <div className="shell">
      <header className="topbar">
        <strong className="brand">{t('app.name')}</strong>
        {areas.length > 1 && (
          <nav aria-label={t('shell.nav')}>
            {areas.map((a) => (
              <a key={a} href={`#/${a}`} aria-current={a === area ? 'page' : undefined}>{t(`area.${a}`)}</a>
            ))}
          </nav>
        )}
        <span className="spacer" />
        <span className={`connection connection-${connection}`} role="status" aria-label={t(`shell.connection.${connection}`)}>
          {t(`shell.connection.${connection}`)}
        </span>
        <span className="who">{user.displayName} · {t(`role.${user.role}`)}</span>
        <LanguageSelect />
        <ChangePassword />
        <button type="button" className="secondary" onClick={() => void logout()}>{t('shell.logout')}</button>
      </header>
      <main className="content">{children}</main>
    </div>
  );
}
