import { useEffect, useMemo, useState } from 'react';
import { AGENT_STATES } from '../../../../shared/agent-state';
import type { AgentPresence, CampaignSummary } from '../../../../shared/api';
import type { Team } from '../../../../shared/teams';
import type { WallboardAgentWork } from '../../../../shared/wallboard';
import { sendCommand } from '../../realtime/client';
import { useT } from '../../stores/locale';
import { usePresenceStore } from '../../stores/presence';
import { useSession } from '../../stores/session';
import { useWallboardStore } from '../../stores/wallboard';
import { AgentStateBadge } from '../../ui/AgentStateBadge';
import { errorText, formatDuration } from '../../ui/format';
import { useNow } from '../../ui/useNow';
import { Approvals } from './Approvals';
import { BureauRemovals } from './BureauRemovals';
import { CallerIdHealthTiles, CampaignCard } from './CampaignBoard';
import { Reports } from './Reports';
import { WriteOff } from './WriteOff';

type Work = { calls: number; rightParty: number; promisesOrAgreements: number; agreements: number };
const SORT_KEYS = ['name', 'team', 'campaign', 'state', 'time', 'debtor', 'call', 'calls', 'rpc', 'ptp', 'agreements'] as const;
type SortKey = (typeof SORT_KEYS)[number];
const TV_KEY = 'quita.wallboard.tv';

export function Wallboard() {
  const t = useT();
  const { socket, api, connection } = useSession();
  const agents = usePresenceStore((s) => s.agents);
  const replaceAll = usePresenceStore((s) => s.replaceAll);
  const live = useWallboardStore((s) => s.live);
  const now = useNow();
  const [campaigns, setCampaigns] = useState<CampaignSummary[]>([]);
  const [teams, setTeams] = useState<Team[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [teamFilter, setTeamFilter] = useState('');
  const [campaignFilter, setCampaignFilter] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'name', desc: false });
  // a wall screen that reloads (or reboots) comes back in TV mode
  const [tv, setTvState] = useState(() => globalThis.localStorage?.getItem(TV_KEY) === '1');
  const setTv = (on: boolean) => {
    globalThis.localStorage?.setItem(TV_KEY, on ? '1' : '0');
    setTvState(on);
  };

  // (Re)subscribe on every connect: after a reconnect the snapshot replaces whatever was missed.
  useEffect(() => {
    if (!socket || connection !== 'connected') return;
    void sendCommand(socket, 'wallboard:subscribe', {}).then((r) => (r.ok ? replaceAll(r.data) : setError(errorText(t, r.error))));
  }, [socket, connection]); // eslint-disable-line react-hooks/exhaustive-deps

  const loadCampaigns = async () => {
    const r = await api?.get<CampaignSummary[]>('/api/campaigns');
    if (r?.ok) setCampaigns(r.data);
  };
  useEffect(() => {
    void loadCampaigns();
    void api?.get<Team[]>('/api/teams').then((r) => r.ok && setTeams(r.data));
  }, [api]); // eslint-disable-line react-hooks/exhaustive-deps

  /** A supervisor's action; the result shows on the wallboard by the pushes that follow. */
  async function act(path: string, body?: unknown, method: 'post' | 'patch' = 'post') {
    const r = method === 'patch' ? await api?.patch<unknown>(path, body) : await api?.post<unknown>(path, body);
    if (r && !r.ok) setError(errorText(t, r.error));
    else setError(null);
  }

  // today's work per agent (calls, RPCs, promises and agreements; "today" by the server's clock), every 30 s
  const [work, setWork] = useState<Record<number, Work>>({});
  useEffect(() => {
    const load = () => void api?.get<(Work & { userId: number })[]>('/api/reports/agents').then((r) => r.ok && setWork(Object.fromEntries(r.data.map((a) => [a.userId, a]))));
    load();
    const timer = setInterval(load, 30_000);
    return () => clearInterval(timer);
  }, [api]);

  // the server's clock (the pushes carry it): call durations are the server's, whatever this machine's clock says
  const skew = useMemo(() => (live ? live.at - Date.now() : 0), [live]);
  const serverNow = now + skew;
  const workOf = useMemo(() => new Map<number, WallboardAgentWork>((live?.agents ?? []).map((a) => [a.userId, a])), [live]);
  const teamName = (id: number | null | undefined) => teams.find((x) => x.id === id)?.name ?? '—';
  const campaignName = (id: number) => campaigns.find((c) => c.id === id)?.name ?? live?.campaigns.find((c) => c.id === id)?.name ?? `#${id}`;
  const callMs = (w: WallboardAgentWork | undefined) => (w?.lead?.answeredAt ? serverNow - w.lead.answeredAt : null);

  const list = useMemo(() => {
    const rows = Object.values(agents).filter((a) => {
      const w = workOf.get(a.userId);
      if (teamFilter && String(w?.teamId ?? '') !== teamFilter) return false;
      if (campaignFilter && !(w?.campaignIds ?? []).includes(Number(campaignFilter)) && String(w?.lead?.campaignId ?? '') !== campaignFilter) return false;
      return true;
    });
    const value = (a: AgentPresence): string | number => {
      const w = workOf.get(a.userId);
      switch (sort.key) {
        case 'name': return a.displayName;
        case 'team': return teamName(w?.teamId);
        case 'campaign': return (w?.campaignIds ?? []).map(campaignName).join(', ');
        case 'state': return AGENT_STATES.indexOf(a.state.name);
        case 'time': return serverNow - a.since;
        case 'debtor': return w?.lead?.debtorName ?? '';
        case 'call': return callMs(w) ?? -1;
        case 'calls': return work[a.userId]?.calls ?? 0;
        case 'rpc': return work[a.userId]?.rightParty ?? 0;
        case 'ptp': return work[a.userId]?.promisesOrAgreements ?? 0;
        case 'agreements': return work[a.userId]?.agreements ?? 0;
      }
    };
    return rows.sort((a, b) => {
      const x = value(a);
      const y = value(b);
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return (sort.desc ? -c : c) || a.displayName.localeCompare(b.displayName);
    });
  }, [agents, workOf, teamFilter, campaignFilter, sort, work, now, teams, campaigns]); // eslint-disable-line react-hooks/exhaustive-deps
  const counts = useMemo(() => AGENT_STATES.map((s) => [s, list.filter((a) => a.state.name === s).length] as const), [list]);
  const boardCampaigns = (live?.campaigns ?? []).filter((c) => (!teamFilter || String(c.teamId ?? '') === teamFilter) && (!campaignFilter || String(c.id) === campaignFilter));

  const header = (key: SortKey, label: string, num = false) => (
    <th className={num ? 'num' : undefined} aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="sort" onClick={() => setSort({ key, desc: sort.key === key ? !sort.desc : false })}>
        {label}{sort.key === key ? (sort.desc ? ' ▼' : ' ▲') : ''}
      </button>
    </th>
  );

  return (
    <section aria-labelledby="wallboard-title" className={tv ? 'wallboard tv' : 'wallboard'}>
      <div className="wallboard-head">
        <h1 id="wallboard-title">{t('area.supervisor')}</h1>
        <label className="inline">{t('wallboard.filterTeam')}
          <select value={teamFilter} onChange={(e) => setTeamFilter(e.target.value)}>
            <option value="">{t('wallboard.allTeams')}</option>
            {teams.map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
          </select>
        </label>
        <label className="inline">{t('wallboard.filterCampaign')}
          <select value={campaignFilter} onChange={(e) => setCampaignFilter(e.target.value)}>
            <option value="">{t('wallboard.allCampaigns')}</option>
            {campaigns.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </label>
        <button type="button" className="secondary" aria-pressed={tv} onClick={() => setTv(!tv)}>{t('wallboard.tvMode')}</button>
        {live && <span className="muted" aria-label={t('wallboard.updated')}>{t('wallboard.updatedAt', { time: new Date(live.at).toLocaleTimeString('pt-BR', { timeZone: 'America/Sao_Paulo' }) })}</span>}
      </div>
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
        <div className="scroll-x">
          <table aria-label={t('wallboard.agents')} className="agents-board">
            <thead>
              <tr>
                {header('name', t('wallboard.col.agent'))}{header('team', t('wallboard.col.team'))}{header('campaign', t('wallboard.col.campaign'))}
                {header('state', t('wallboard.col.state'))}<th>{t('wallboard.col.reason')}</th>{header('time', t('wallboard.col.time'), true)}
                {header('debtor', t('wallboard.col.debtor'))}{header('call', t('wallboard.col.call'), true)}
                {header('calls', t('reports.calls'), true)}{header('rpc', t('reports.rpc'), true)}{header('ptp', t('wallboard.col.ptp'), true)}{header('agreements', t('reports.agreements'), true)}
                {!tv && <th>{t('wallboard.col.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {list.map((a) => {
                const w = workOf.get(a.userId);
                const call = callMs(w);
                return (
                  <tr key={a.userId}>
                    <td>{a.displayName}</td>
                    <td>{teamName(w?.teamId)}</td>
                    <td>{(w?.campaignIds ?? []).map(campaignName).join(', ') || '—'}</td>
                    <td><AgentStateBadge state={a.state} /></td>
                    <td>{a.state.name === 'paused' ? t(`agent.pause.${a.state.reason}`) : ''}</td>
                    <td className="num">{formatDuration(serverNow - a.since)}</td>
                    <td aria-label={t('wallboard.debtorOf', { name: a.displayName })}>{w?.lead ? <>{w.lead.debtorName} <span className="mono muted">{w.lead.document}</span></> : '—'}</td>
                    <td className="num" aria-label={t('wallboard.callOf', { name: a.displayName })}>
                      {call !== null ? formatDuration(call) : w?.lead?.dialedAt ? t('wallboard.ringing', { time: formatDuration(serverNow - w.lead.dialedAt) }) : '—'}
                    </td>
                    <td className="num" aria-label={t('wallboard.callsOf', { name: a.displayName })}>{work[a.userId]?.calls ?? 0}</td><td className="num">{work[a.userId]?.rightParty ?? 0}</td>
                    <td className="num">{work[a.userId]?.promisesOrAgreements ?? 0}</td><td className="num">{work[a.userId]?.agreements ?? 0}</td>
                    {!tv && (
                      <td className="actions">
                        {a.state.name !== 'offline' && (
                          <>
                            <button type="button" className="secondary" aria-label={t('wallboard.pauseAgent', { name: a.displayName })} onClick={() => void act(`/api/supervisor/agents/${a.userId}/pause`)}>{t('agent.pause')}</button>
                            <button type="button" className="secondary" aria-label={t('wallboard.logoutAgent', { name: a.displayName })} onClick={() => void act(`/api/supervisor/agents/${a.userId}/logout`)}>{t('wallboard.logout')}</button>
                          </>
                        )}
                        <select aria-label={t('wallboard.moveAgent', { name: a.displayName })} value="" onChange={(e) => e.target.value && void act(`/api/supervisor/agents/${a.userId}/move`, { toCampaignId: Number(e.target.value) })}>
                          <option value="">{t('wallboard.moveTo')}</option>
                          {campaigns.filter((c) => !(w?.campaignIds ?? []).includes(c.id) || (w?.campaignIds ?? []).length > 1).map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
                        </select>
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t('wallboard.campaigns')}</h2>
      {live === null && <p className="muted">{t('common.loading')}</p>}
      <div className="campaign-board">
        {boardCampaigns.map((c) => (
          <CampaignCard key={c.id} c={c} tv={tv} actions={
            <>
              <button type="button" className="secondary" aria-label={t(c.status === 'active' ? 'wallboard.pauseCampaign' : 'wallboard.resumeCampaign', { campaign: c.name })} onClick={() => void act(`/api/supervisor/campaigns/${c.id}/status`, { status: c.status === 'active' ? 'paused' : 'active' }).then(loadCampaigns)}>
                {t(c.status === 'active' ? 'wallboard.pauseCampaignShort' : 'wallboard.resumeCampaignShort')}
              </button>
              <label className="inline">
                {t('wallboard.maxLines', { campaign: c.name })}
                <input type="number" min={1} max={12} defaultValue={c.targets.maxLinesPerAgent} key={`${c.id}-${c.targets.maxLinesPerAgent}`} onBlur={(e) => e.target.value && Number(e.target.value) !== c.targets.maxLinesPerAgent && void act(`/api/supervisor/campaigns/${c.id}/pacing`, { maxLinesPerAgent: Number(e.target.value) }, 'patch')} />
              </label>
            </>
          } />
        ))}
      </div>
      {live && <CallerIdHealthTiles h={live.callerIds} />}
      {!tv && (
        <>
          <Approvals />
          <Reports today={new Date(serverNow - 3 * 3_600_000).toISOString().slice(0, 10)} />
          <WriteOff />
          <BureauRemovals today={new Date(serverNow).toISOString().slice(0, 10)} />
        </>
      )}
    </section>
  );
}
