import { useEffect, useState, type FormEvent } from 'react';
import type { AdminUser, CampaignSummary } from '../../../../shared/api';
import type { Team } from '../../../../shared/teams';
import { useT } from '../../stores/locale';
import { useSession } from '../../stores/session';
import { useChangeRunner } from '../../ui/useChangeRunner';

/** Administração → Equipes: create, rename, switch off teams; put each user in a team. */
export function Teams() {
  const t = useT();
  const api = useSession((s) => s.api);
  const [teams, setTeams] = useState<Team[]>([]);
  const [users, setUsers] = useState<AdminUser[]>([]);
  const [campaigns, setCampaigns] = useState<CampaignSummary[]>([]);
  const [name, setName] = useState('');
  const { run, error, done } = useChangeRunner(() => load());

  const load = async () => {
    if (!api) return;
    const [tm, u, c] = await Promise.all([api.get<Team[]>('/api/teams'), api.get<AdminUser[]>('/api/admin/users'), api.get<CampaignSummary[]>('/api/campaigns')]);
    if (tm.ok) setTeams(tm.data);
    if (u.ok) setUsers(u.data.filter((x) => x.role !== 'admin'));
    if (c.ok) setCampaigns(c.data);
  };
  useEffect(() => {
    void load();
  }, [api]); // eslint-disable-line react-hooks/exhaustive-deps


  async function create(e: FormEvent) {
    e.preventDefault();
    await run(api!.post<Team>('/api/admin/teams', { name }), t('teams.created', { name }));
    setName('');
  }

  return (
    <section aria-labelledby="teams-title">
      <h2 id="teams-title">{t('admin.teams')}</h2>
      <form onSubmit={(e) => void create(e)} className="actions-row" aria-label={t('teams.new')}>
        <label className="inline">{t('teams.name')}<input value={name} onChange={(e) => setName(e.target.value)} /></label>
        <button type="submit">{t('teams.create')}</button>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
      {done && <p role="status">{done}</p>}
      <table aria-label={t('admin.teams')}>
        <thead><tr><th>{t('teams.name')}</th><th>{t('teams.active')}</th><th className="num">{t('teams.members')}</th><th>{t('teams.campaigns')}</th></tr></thead>
        <tbody>
          {teams.map((x) => (
            <tr key={x.id}>
              <td>
                <input aria-label={t('teams.rename', { name: x.name })} defaultValue={x.name} key={x.name}
                  onBlur={(e) => e.target.value.trim() !== x.name && void run(api!.patch<Team>(`/api/admin/teams/${x.id}`, { name: e.target.value }), t('teams.saved'))} />
              </td>
              <td>
                <label className="inline">
                  <input type="checkbox" checked={x.active} onChange={(e) => void run(api!.patch<Team>(`/api/admin/teams/${x.id}`, { active: e.target.checked }), t('teams.saved'))} />
                  {t('teams.activeOf', { name: x.name })}
                </label>
              </td>
              <td className="num">{x.memberIds.length}</td>
              <td>{x.campaignIds.map((id) => campaigns.find((c) => c.id === id)?.name ?? `#${id}`).join(', ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('teams.people')}</h3>
      <table aria-label={t('teams.people')}>
        <thead><tr><th>{t('admin.col.name')}</th><th>{t('admin.col.role')}</th><th>{t('teams.team')}</th></tr></thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>{u.displayName}</td>
              <td>{t(`role.${u.role}`)}</td>
              <td>
                <select aria-label={t('teams.teamOf', { name: u.displayName })} value={u.teamId ?? ''}
                  onChange={(e) => void run(api!.put<null>(`/api/admin/users/${u.id}/team`, { teamId: e.target.value ? Number(e.target.value) : null }), t('teams.saved'))}>
                  <option value="">{t('teams.none')}</option>
                  {teams.filter((x) => x.active || x.id === u.teamId).map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
