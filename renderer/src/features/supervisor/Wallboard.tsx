import { useEffect, useMemo, useState } from 'react';
import { AGENT_STATES } from '../../../../shared/agent-state';
import type { CampaignSummary } from '../../../../shared/api';
import { sendCommand } from '../../realtime/client';
import type { MessageKey } from '../../i18n/catalog';
import { useT } from '../../stores/locale';
import { usePresenceStore } from '../../stores/presence';
import { useSession } from '../../stores/session';
import { AgentStateBadge } from '../../ui/AgentStateBadge';
import { errorText, formatDuration } from '../../ui/format';
import { useNow } from '../../ui/useNow';
import { Approvals } from './Approvals';
import { BureauRemovals } from './BureauRemovals';
import { Reports } from './Reports';
import { WriteOff } from './WriteOff';

export function Wallboard() {
  const t = useT();
  const { socket, api, connection } = useSession();
  const agents = usePresenceStore((s) => s.agents);
  const replaceAll = usePresenceStore((s) => s.replaceAll);
  const now = useNow();
  const [campaigns, setCampaigns] = useState<CampaignSummary[]>([]);
  const [denials, setDenials] = useState<Record<number, Record<string, number>>>({});
  const [lines, setLines] = useState<Record<number, number>>({});
  const [error, setError] = useState<string | null>(null);

  // (Re)subscribe on every connect: after a reconnect the snapshot replaces whatever was missed.
  useEffect(() => {
    if (!socket || connection !== 'connected') return;
    void sendCommand(socket, 'wallboard:subscribe', {}).then((r) => (r.ok ? replaceAll(r.data) : setError(errorText(t, r.error))));
  }, [socket, connection]); // eslint-disable-line react-hooks/exhaustive-deps

  const loadCampaigns = async () => {
    const r = await api?.get<CampaignSummary[]>('/api/campaigns');
    if (!r?.ok || !api) return;
    setCampaigns(r.data);
    // contacts the policy refused today per reason, and the pacing in force
    const details = await Promise.all(r.data.map((c) => api.get<{ settings: { pacing: { maxLinesPerAgent: number } }; leads: { denialsToday: Record<string, number> } | null }>(`/api/campaigns/${c.id}`)));
    setDenials(Object.fromEntries(r.data.map((c, i) => { const d = details[i]!; return [c.id, d.ok ? (d.data.leads?.denialsToday ?? {}) : {}]; })));
    setLines(Object.fromEntries(r.data.map((c, i) => { const d = details[i]!; return [c.id, d.ok ? d.data.settings.pacing.maxLinesPerAgent : 0]; })));
  };
  useEffect(() => {
    void loadCampaigns();
  }, [api]); // eslint-disable-line react-hooks/exhaustive-deps

  /** A supervisor's action; the result shows on the wallboard by the pushes that follow. */
  async function act(path: string, body?: unknown, method: 'post' | 'patch' = 'post') {
    const r = method === 'patch' ? await api?.patch<unknown>(path, body) : await api?.post<unknown>(path, body);
    if (r && !r.ok) setError(errorText(t, r.error));
    else setError(null);
  }

  const list = useMemo(() => Object.values(agents).sort((a, b) => a.displayName.localeCompare(b.displayName)), [agents]);

  // today's work per agent (calls, RPCs, promises and agreements; "today" by the server's clock), every 30 s
  const [work, setWork] = useState<Record<number, { calls: number; rightParty: number; promisesOrAgreements: number; agreements: number }>>({});
  useEffect(() => {
    const load = () => void api?.get<{ userId: number; calls: number; rightParty: number; promisesOrAgreements: number; agreements: number }[]>('/api/reports/agents').then((r) => r.ok && setWork(Object.fromEntries(r.data.map((a) => [a.userId, a]))));
    load();
    const timer = setInterval(load, 30_000);
    return () => clearInterval(timer);
  }, [api]);
  const counts = useMemo(() => AGENT_STATES.map((s) => [s, list.filter((a) => a.state.name === s).length] as const), [list]);

  return (
    <section aria-labelledby="wallboard-title">
      <h1 id="wallboard-title">{t('area.supervisor')}</h1>
      {error && <p role="alert" className="error">{error}</p>}
      <div className="tiles" aria-label={t('wallboard.summary')}>
        {counts.map(([state, n]) => (
          <div key={state} className={`tile state-${state}`}>
            <span className="tile-value">{n}</span>
            <span>{t(`agent.state.${state}`)}</span>
          </div>
        ))}
      </div>
      <h2>{t('wallboard.agents')}</h2>
      {list.length === 0 ? (
        <p className="muted">{t('wallboard.empty')}</p>
      ) : (
        <table aria-label={t('wallboard.agents')}>
          <thead>
            <tr><th>{t('wallboard.col.agent')}</th><th>{t('wallboard.col.state')}</th><th>{t('wallboard.col.reason')}</th><th>{t('wallboard.col.time')}</th><th className="num">{t('reports.calls')}</th><th className="num">{t('reports.rpc')}</th><th className="num">{t('wallboard.col.ptp')}</th><th className="num">{t('reports.agreements')}</th><th>{t('wallboard.col.actions')}</th></tr>
          </thead>
          <tbody>
            {list.map((a) => (
              <tr key={a.userId}>
                <td>{a.displayName}</td>
                <td><AgentStateBadge state={a.state} /></td>
                <td>{a.state.name === 'paused' ? t(`agent.pause.${a.state.reason}`) : ''}</td>
                <td>{formatDuration(now - a.since)}</td>
                <td className="num">{work[a.userId]?.calls ?? 0}</td><td className="num">{work[a.userId]?.rightParty ?? 0}</td>
                <td className="num">{work[a.userId]?.promisesOrAgreements ?? 0}</td><td className="num">{work[a.userId]?.agreements ?? 0}</td>
                <td className="actions">
                  {a.state.name !== 'offline' && (
                    <>
                      <button type="button" className="secondary" aria-label={t('wallboard.pauseAgent', { name: a.displayName })} onClick={() => void act(`/api/supervisor/agents/${a.userId}/pause`)}>{t('agent.pause')}</button>
                      <button type="button" className="secondary" aria-label={t('wallboard.logoutAgent', { name: a.displayName })} onClick={() => void act(`/api/supervisor/agents/${a.userId}/logout`)}>{t('wallboard.logout')}</button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('wallboard.campaigns')}</h2>
      <ul className="campaigns">
        {campaigns.map((c) => (
          <li key={c.id}>
            {c.name} · {t(`campaign.mode.${c.mode}`)} · {t(`campaign.status.${c.status}`)} · {c.debtorCount} {t('admin.col.debtors').toLowerCase()}
            {' '}
            <button type="button" className="secondary" aria-label={t(c.status === 'active' ? 'wallboard.pauseCampaign' : 'wallboard.resumeCampaign', { campaign: c.name })} onClick={() => void act(`/api/supervisor/campaigns/${c.id}/status`, { status: c.status === 'active' ? 'paused' : 'active' }).then(loadCampaigns)}>
              {t(c.status === 'active' ? 'wallboard.pauseCampaignShort' : 'wallboard.resumeCampaignShort')}
            </button>
            <label className="inline">
              {t('wallboard.maxLines', { campaign: c.name })}
              <input type="number" min={1} max={12} defaultValue={lines[c.id] ?? ''} key={`${c.id}-${lines[c.id] ?? ''}`} onBlur={(e) => e.target.value && void act(`/api/supervisor/campaigns/${c.id}/pacing`, { maxLinesPerAgent: Number(e.target.value) }, 'patch').then(loadCampaigns)} />
            </label>
            <span className="muted" aria-label={t('wallboard.denials', { campaign: c.name })}>
              {' · '}{t('wallboard.denialsToday')}: {Object.entries(denials[c.id] ?? {}).map(([code, n]) => `${t(`denial.${code}` as MessageKey)} ${n}`).join(', ') || '0'}
            </span>
          </li>
        ))}
      </ul>
      <Approvals />
      <Reports today={new Date(now - 3 * 3_600_000).toISOString().slice(0, 10)} />
      <WriteOff />
      <BureauRemovals today={new Date(now).toISOString().slice(0, 10)} />
    </section>
  );
}
