import { useEffect, useState, type ComponentType } from 'react';
import { can } from '../../shared/roles';
import { AdminConsole } from './features/admin/AdminConsole';
import { AgentConsole } from './features/agent/AgentConsole';
import { LoginPage } from './features/login/LoginPage';
import { ServerSetup } from './features/login/ServerSetup';
import { Wallboard } from './features/supervisor/Wallboard';
import type { Platform } from './platform/types';
import { AREA_PERMISSION, HOME_AREA, parseArea, type Area } from './routes';
import { useT } from './stores/locale';
import { useSession } from './stores/session';
import { Shell } from './ui/Shell';

function useHashArea(): Area | null {
  const [area, setArea] = useState(() => parseArea(window.location.hash));
  useEffect(() => {
    const onChange = () => setArea(parseArea(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return area;
}

const AREA_VIEW: Record<Area, ComponentType> = {
  agent: AgentConsole,
  supervisor: Wallboard,
  admin: AdminConsole,
};

export function App({ platform }: { platform: Platform }) {
  const t = useT();
  const { user, serverUrl, init } = useSession();
  const [ready, setReady] = useState(false);
  const hashArea = useHashArea();

  useEffect(() => {
    void init(platform).finally(() => setReady(true));
  }, [platform, init]);

  if (!ready) return <p className="muted center">{t('common.loading')}</p>;
  if (serverUrl === null) return <ServerSetup />;
  if (!user) return <LoginPage />;

  const area = hashArea ?? HOME_AREA[user.role];
  if (!can(user.role, AREA_PERMISSION[area])) {
    return (
      <Shell area={area}>
        <section aria-labelledby="denied-title">
          <h1 id="denied-title">{t('denied.title')}</h1>
          <p>{t('denied.body', { role: t(`role.${user.role}`) })}</p>
        </section>
      </Shell>
    );
  }
  const View = AREA_VIEW[area];
  return (
    <Shell area={area}>
      <View />
    </Shell>
  );
}
