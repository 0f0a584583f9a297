import { useEffect, useState } from 'react';
import type { AgentPresence, CampaignSummary } from '../../../../shared/api';
import { centavos, formatBRL } from '../../../../shared/money';
import type { Team } from '../../../../shared/teams';
import { usePresenceStore } from '../../stores/presence';
import { useT } from '../../stores/locale';
import { useSession } from '../../stores/session';
import { errorText, formatDuration } from '../../ui/format';

interface CampaignRow {
  campaignId: number;
  campaignName: string;
  dials: number;
  answerRate: number | null;
  abandonRate: number | null;
  shortCallRatio: number | null;
  rpcRate: number | null;
  ptpRate: number | null;
  agreements: number;
  agreementsCents: number;
  recoveredCents: number;
  dialsByHour: number[];
}
interface AgentRow {
  userId: number;
  name: string;
  loggedInSeconds: number;
  calls: number;
  rightParty: number;
  occupancy: number | null;
  rpcPerHour: number | null;
  ptpPerHour: number | null;
  agreedCentsPerHour: number | null;
  averageHandleSeconds: number | null;
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1).replace('.', ',')}%`);
const num = (x: number | null) => (x === null ? '—' : x.toFixed(1).replace('.', ','));

/** Dials per hour of the day: a small bar chart (people would rather look than read 24 numbers). */
function HourChart({ values, label }: { values: number[]; label: string }) {
  const max = Math.max(1, ...values);
  return (
    <svg role="img" aria-label={label} width={24 * 6} height={30} viewBox={`0 0 ${24 * 6} 30`}>
      {values.map((v, h) => <rect key={h} x={h * 6} y={30 - (28 * v) / max} width={5} height={(28 * v) / max} fill="#1f6f50" />)}
    </svg>
  );
}

/** Campaign KPIs and agent productivity over a period; the denominators beside each figure; CSV export. */
export function Reports({ today }: { today: string }) {
  const t = useT();
  const api = useSession((s) => s.api);
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const [campaigns, setCampaigns] = useState<CampaignRow[]>([]);
  const [agents, setAgents] = useState<AgentRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [campaign, setCampaign] = useState('');
  const [team, setTeam] = useState('');
  const [agent, setAgent] = useState('');
  const [campaignOptions, setCampaignOptions] = useState<CampaignSummary[]>([]);
  const [teamOptions, setTeamOptions] = useState<Team[]>([]);
  const known = usePresenceStore((s) => s.agents);
  // every agent the reports know (not only those connected now)
  const [agentOptions, setAgentOptions] = useState<Pick<AgentPresence, 'userId' | 'displayName'>[]>([]);
  const query = `from=${from}&to=${to}${campaign ? `&campaign=${campaign}` : ''}${team ? `&team=${team}` : ''}${agent ? `&agent=${agent}` : ''}`;

  useEffect(() => {
    if (!api) return;
    void api.get<CampaignSummary[]>('/api/campaigns').then((r) => r.ok && setCampaignOptions(r.data));
    void api.get<Team[]>('/api/teams').then((r) => r.ok && setTeamOptions(r.data));
    void api.get<AgentRow[]>(`/api/reports/agents?from=${today}&to=${today}`).then((r) => r.ok && setAgentOptions(r.data.map((a) => ({ userId: a.userId as AgentPresence['userId'], displayName: a.name }))));
  }, [api, today, Object.keys(known).length]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (!api) return;
    void Promise.all([api.get<CampaignRow[]>(`/api/reports/campaigns?${query}`), api.get<AgentRow[]>(`/api/reports/agents?${query}`)]).then(([c, a]) => {
      if (!c.ok) return setError(errorText(t, c.error));
      if (!a.ok) return setError(errorText(t, a.error));
      setError(null);
      setCampaigns(c.data);
      setAgents(a.data);
    });
  }, [api, query]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <section aria-labelledby="reports-title" className="card">
      <h2 id="reports-title">{t('reports.title')}</h2>
      <div className="actions-row">
        <label>{t('reports.from')}<input type="date" value={from} onChange={(e) => setFrom(e.target.value)} /></label>
        <label>{t('reports.to')}<input type="date" value={to} onChange={(e) => setTo(e.target.value)} /></label>
        <label>{t('reports.campaign')}
          <select value={campaign} onChange={(e) => setCampaign(e.target.value)}>
            <option value="">{t('wallboard.allCampaigns')}</option>
            {campaignOptions.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </label>
        <label>{t('reports.team')}
          <select value={team} onChange={(e) => setTeam(e.target.value)}>
            <option value="">{t('wallboard.allTeams')}</option>
            {teamOptions.map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
          </select>
        </label>
        <label>{t('reports.agent')}
          <select value={agent} onChange={(e) => setAgent(e.target.value)}>
            <option value="">{t('reports.allAgents')}</option>
            {agentOptions.map((a) => <option key={a.userId} value={a.userId}>{a.displayName}</option>)}
          </select>
        </label>
        <button type="button" className="secondary" onClick={() => void api?.download(`/api/reports/campaigns?${query}&format=csv`, `campanhas-${from}-${to}.csv`)}>{t('reports.exportCampaigns')}</button>
        <button type="button" className="secondary" onClick={() => void api?.download(`/api/reports/agents?${query}&format=csv`, `agentes-${from}-${to}.csv`)}>{t('reports.exportAgents')}</button>
      </div>
      {error && <p role="alert" className="error">{error}</p>}
      <table aria-label={t('reports.campaigns')}>
        <thead>
          <tr>
            <th>{t('admin.col.campaign')}</th><th className="num">{t('reports.dials')}</th>
            <th className="num" title={t('reports.def.answerRate')}>{t('reports.answerRate')}</th>
            <th className="num" title={t('reports.def.abandonRate')}>{t('reports.abandonRate')}</th>
            <th className="num" title={t('reports.def.shortCallRatio')}>{t('reports.shortCallRatio')}</th>
            <th className="num" title={t('reports.def.rpcRate')}>{t('reports.rpcRate')}</th>
            <th className="num" title={t('reports.def.ptpRate')}>{t('reports.ptpRate')}</th>
            <th className="num">{t('reports.agreements')}</th><th className="num">{t('reports.recovered')}</th><th>{t('reports.byHour')}</th>
          </tr>
        </thead>
        <tbody>
          {campaigns.map((c) => (
            <tr key={c.campaignId}>
              <td>{c.campaignName}</td><td className="num">{c.dials}</td><td className="num">{pct(c.answerRate)}</td><td className="num">{pct(c.abandonRate)}</td>
              <td className="num">{pct(c.shortCallRatio)}</td><td className="num">{pct(c.rpcRate)}</td><td className="num">{pct(c.ptpRate)}</td>
              <td className="num">{c.agreements} · {formatBRL(centavos(c.agreementsCents))}</td><td className="num">{formatBRL(centavos(c.recoveredCents))}</td>
              <td><HourChart values={c.dialsByHour} label={t('reports.byHourOf', { campaign: c.campaignName })} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">{t('reports.definitions')}</p>
      <table aria-label={t('reports.agents')}>
        <thead>
          <tr>
            <th>{t('wallboard.col.agent')}</th><th className="num">{t('reports.logged')}</th><th className="num">{t('reports.calls')}</th><th className="num">{t('reports.rpc')}</th>
            <th className="num" title={t('reports.def.occupancy')}>{t('reports.occupancy')}</th><th className="num" title={t('reports.def.rpcPerHour')}>{t('reports.rpcPerHour')}</th>
            <th className="num" title={t('reports.def.ptpPerHour')}>{t('reports.ptpPerHour')}</th><th className="num" title={t('reports.def.agreedPerHour')}>{t('reports.agreedPerHour')}</th><th className="num" title={t('reports.def.aht')}>{t('reports.aht')}</th>
          </tr>
        </thead>
        <tbody>
          {agents.map((a) => (
            <tr key={a.userId}>
              <td>{a.name}</td><td className="num">{formatDuration(a.loggedInSeconds * 1000)}</td><td className="num">{a.calls}</td><td className="num">{a.rightParty}</td>
              <td className="num">{pct(a.occupancy)}</td><td className="num">{num(a.rpcPerHour)}</td><td className="num">{num(a.ptpPerHour)}</td>
              <td className="num">{a.agreedCentsPerHour === null ? '—' : formatBRL(centavos(a.agreedCentsPerHour))}</td>
              <td className="num">{a.averageHandleSeconds === null ? '—' : formatDuration(a.averageHandleSeconds * 1000)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">{t('reports.agentDefinitions')}</p>
    </section>
  );
}
