import { useEffect, useState, type FormEvent } from 'react';
import type { PublicUser } from '../../../../shared/api';
import {
  DEFAULT_CAMPAIGN_SETTINGS,
  DIAL_MODES,
  DIAL_OUTCOMES,
  PRIORITY_KEYS,
  type CampaignDetail,
  type CampaignSettings,
  type CampaignUpsert,
  type PriorityKey,
} from '../../../../shared/dialer';
import type { Team } from '../../../../shared/teams';
import { useT } from '../../stores/locale';
import { useSession } from '../../stores/session';
import { errorText } from '../../ui/format';

interface PortfolioOption {
  id: number;
  name: string;
  creditorName: string;
}

type Leads = { leadsReady: number; leadsWaiting: number; leased: number } | null;

/** Creates or edits a campaign: mode, team, pacing, limits, retry rules per outcome, priority, hours. */
export function CampaignEditor({ campaignId, onDone }: { campaignId: number | null; onDone: () => void }) {
  const t = useT();
  const api = useSession((s) => s.api);
  const [form, setForm] = useState<CampaignUpsert | null>(null);
  const [leads, setLeads] = useState<Leads>(null);
  const [portfolios, setPortfolios] = useState<PortfolioOption[]>([]);
  const [agents, setAgents] = useState<PublicUser[]>([]);
  const [teams, setTeams] = useState<Team[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (!api) return;
    void (async () => {
      const [p, u, tm] = await Promise.all([api.get<PortfolioOption[]>('/api/admin/portfolios'), api.get<PublicUser[]>('/api/admin/users'), api.get<Team[]>('/api/teams')]);
      if (p.ok) setPortfolios(p.data);
      if (tm.ok) setTeams(tm.data.filter((x) => x.active));
      if (u.ok) setAgents(u.data.filter((x) => x.role === 'agent'));
      if (campaignId === null) {
        setForm({ name: '', portfolioId: p.ok ? (p.data[0]?.id ?? 0) : 0, mode: 'preview', status: 'paused', agentIds: [], settings: DEFAULT_CAMPAIGN_SETTINGS });
        return;
      }
      const c = await api.get<CampaignDetail & { leads: Leads }>(`/api/campaigns/${campaignId}`);
      if (!c.ok) return setError(errorText(t, c.error));
      const { id: _id, leads: l, ...rest } = c.data;
      setForm(rest);
      setLeads(l);
    })();
  }, [api, campaignId]); // eslint-disable-line react-hooks/exhaustive-deps

  if (!form) return error ? <p role="alert" className="error">{error}</p> : <p className="muted">{t('common.loading')}</p>;

  const set = (patch: Partial<CampaignUpsert>) => {
    setSaved(false);
    setForm({ ...form, ...patch });
  };
  const setSettings = (patch: Partial<CampaignSettings>) => set({ settings: { ...form.settings, ...patch } });
  const s = form.settings;
  const num = (value: string) => (value === '' ? NaN : Number(value));

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!api || !form) return;
    const r = campaignId === null ? await api.post<CampaignDetail>('/api/admin/campaigns', form) : await api.put<CampaignDetail>(`/api/admin/campaigns/${campaignId}`, form);
    if (!r.ok) {
      setError(errorText(t, r.error));
      return;
    }
    setError(null);
    setSaved(true);
    if (campaignId === null) onDone();
  }

  const priority = [0, 1, 2].map((i) => s.priority[i] ?? '');
  const setPriority = (i: number, key: PriorityKey | '') => {
    const next = [...priority];
    next[i] = key;
    setSettings({ priority: next.filter((k, j): k is PriorityKey => k !== '' && next.indexOf(k) === j) });
  };

  return (
    <form className="card campaign-editor" aria-label={campaignId === null ? t('campaign.new') : t('campaign.edit', { name: form.name })} onSubmit={(e) => void submit(e)}>
      <h2>{campaignId === null ? t('campaign.new') : t('campaign.edit', { name: form.name })}</h2>
      {leads && (
        <p className="muted" aria-label={t('campaign.leads')}>
          {t('campaign.leadsLine', { ready: leads.leadsReady, waiting: leads.leadsWaiting, leased: leads.leased })}
        </p>
      )}
      <fieldset>
        <legend>{t('campaign.general')}</legend>
        <label>{t('campaign.name')}<input value={form.name} onChange={(e) => set({ name: e.target.value })} required maxLength={100} /></label>
        <label>
          {t('admin.col.portfolio')}
          <select value={form.portfolioId} onChange={(e) => set({ portfolioId: Number(e.target.value) })}>
            {portfolios.map((p) => <option key={p.id} value={p.id}>{p.creditorName} — {p.name}</option>)}
          </select>
        </label>
        <label>
          {t('admin.col.mode')}
          <select value={form.mode} onChange={(e) => set({ mode: e.target.value as CampaignUpsert['mode'] })}>
            {DIAL_MODES.map((m) => <option key={m} value={m}>{t(`campaign.mode.${m}`)}</option>)}
          </select>
        </label>
        <label>
          {t('admin.col.status')}
          <select value={form.status} onChange={(e) => set({ status: e.target.value as CampaignUpsert['status'] })}>
            <option value="active">{t('campaign.status.active')}</option>
            <option value="paused">{t('campaign.status.paused')}</option>
          </select>
        </label>
        {form.mode === 'preview' && (
          <label>
            {t('campaign.autoDial')}
            <input type="number" min={3} max={300} value={s.previewAutoDialSeconds ?? ''} onChange={(e) => setSettings({ previewAutoDialSeconds: e.target.value === '' ? null : Number(e.target.value) })} />
          </label>
        )}
        <label>
          {t('campaign.wrapUp')}
          <input type="number" min={10} max={3600} value={s.wrapUpSeconds} onChange={(e) => setSettings({ wrapUpSeconds: Number(e.target.value) })} />
        </label>
      </fieldset>

      <fieldset>
        <legend>{t('campaign.team')}</legend>
        <label className="inline">
          {t('campaign.servedBy')}
          <select value={form.teamId ?? ''} onChange={(e) => set({ teamId: e.target.value ? Number(e.target.value) : null })}>
            <option value="">{t('teams.none')}</option>
            {teams.map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
          </select>
        </label>
        {agents.length === 0 && <p className="muted">{t('campaign.noAgents')}</p>}
        {agents.map((a) => (
          <label key={a.id} className="inline">
            <input
              type="checkbox"
              checked={form.agentIds.includes(a.id)}
              onChange={(e) => set({ agentIds: e.target.checked ? [...form.agentIds, a.id] : form.agentIds.filter((x) => x !== a.id) })}
            />
            {a.displayName}
          </label>
        ))}
      </fieldset>

      <fieldset>
        <legend>{t('campaign.pacing')}</legend>
        <label>{t('campaign.abandonTarget')}<input type="number" step="0.1" min={0.5} max={10} value={+(s.pacing.abandonTarget * 100).toFixed(2)} onChange={(e) => setSettings({ pacing: { ...s.pacing, abandonTarget: num(e.target.value) / 100 } })} /></label>
        <label>{t('campaign.maxLines')}<input type="number" min={1} max={12} value={s.pacing.maxLinesPerAgent} onChange={(e) => setSettings({ pacing: { ...s.pacing, maxLinesPerAgent: num(e.target.value) } })} /></label>
        <label>{t('campaign.cps')}<input type="number" min={1} max={500} value={s.pacing.callsPerSecond} onChange={(e) => setSettings({ pacing: { ...s.pacing, callsPerSecond: num(e.target.value) } })} /></label>
        <label>{t('campaign.shortRatio')}<input type="number" min={10} max={100} value={Math.round(s.pacing.shortCallRatio * 100)} onChange={(e) => setSettings({ pacing: { ...s.pacing, shortCallRatio: num(e.target.value) / 100 } })} /></label>
        <label>{t('campaign.smallTeamLines')}<input type="number" step="0.1" min={0} max={1} aria-describedby="small-team-lines-hint" value={s.pacing.smallTeamAnswersPerFreeAgent} onChange={(e) => setSettings({ pacing: { ...s.pacing, smallTeamAnswersPerFreeAgent: num(e.target.value) } })} /></label>
        <small id="small-team-lines-hint" className="muted">{t('campaign.smallTeamLinesHint')}</small>
        <label>{t('campaign.dailyCap')}<input type="number" min={1} value={s.pacing.dailyAttemptCap} onChange={(e) => setSettings({ pacing: { ...s.pacing, dailyAttemptCap: num(e.target.value) } })} /></label>
      </fieldset>

      <fieldset>
        <legend>{t('campaign.limits')}</legend>
        <label>{t('campaign.perPhoneDay')}<input type="number" min={1} max={50} value={s.limits.attemptsPerPhonePerDay} onChange={(e) => setSettings({ limits: { ...s.limits, attemptsPerPhonePerDay: num(e.target.value) } })} /></label>
        <label>{t('campaign.perDebtorDay')}<input type="number" min={1} max={50} value={s.limits.attemptsPerDebtorPerDay} onChange={(e) => setSettings({ limits: { ...s.limits, attemptsPerDebtorPerDay: num(e.target.value) } })} /></label>
        <label>{t('campaign.perDebtorLife')}<input type="number" min={1} max={10000} value={s.limits.attemptsPerDebtorLifetime} onChange={(e) => setSettings({ limits: { ...s.limits, attemptsPerDebtorLifetime: num(e.target.value) } })} /></label>
      </fieldset>

      <fieldset>
        <legend>{t('campaign.hours')}</legend>
        <label>{t('campaign.weekdaysFrom')}<input type="time" value={s.hours.weekdays[0]} onChange={(e) => setSettings({ hours: { ...s.hours, weekdays: [e.target.value, s.hours.weekdays[1]] } })} /></label>
        <label>{t('campaign.weekdaysTo')}<input type="time" value={s.hours.weekdays[1]} onChange={(e) => setSettings({ hours: { ...s.hours, weekdays: [s.hours.weekdays[0], e.target.value] } })} /></label>
        <label className="inline">
          <input type="checkbox" checked={s.hours.saturday !== null} onChange={(e) => setSettings({ hours: { ...s.hours, saturday: e.target.checked ? ['08:00', '14:00'] : null } })} />
          {t('campaign.saturday')}
        </label>
        {s.hours.saturday && (
          <>
            <label>{t('campaign.saturdayFrom')}<input type="time" value={s.hours.saturday[0]} onChange={(e) => setSettings({ hours: { ...s.hours, saturday: [e.target.value, s.hours.saturday![1]] } })} /></label>
            <label>{t('campaign.saturdayTo')}<input type="time" value={s.hours.saturday[1]} onChange={(e) => setSettings({ hours: { ...s.hours, saturday: [s.hours.saturday![0], e.target.value] } })} /></label>
          </>
        )}
        <p className="muted">{t('campaign.hoursNote')}</p>
      </fieldset>

      <fieldset>
        <legend>{t('campaign.priority')}</legend>
        {priority.map((key, i) => (
          <label key={i}>
            {t('campaign.priorityN', { n: i + 1 })}
            <select value={key} onChange={(e) => setPriority(i, e.target.value as PriorityKey | '')}>
              <option value="">—</option>
              {PRIORITY_KEYS.map((k) => <option key={k} value={k}>{t(`campaign.priority.${k}`)}</option>)}
            </select>
          </label>
        ))}
      </fieldset>

      <fieldset>
        <legend>{t('campaign.retry')}</legend>
        <table aria-label={t('campaign.retry')}>
          <thead><tr><th>{t('campaign.outcome')}</th><th className="num">{t('campaign.delayMinutes')}</th><th>{t('campaign.final')}</th></tr></thead>
          <tbody>
            {DIAL_OUTCOMES.map((o) => (
              <tr key={o}>
                <td>{t(`outcome.${o}`)}</td>
                <td className="num">
                  <input
                    type="number"
                    min={0}
                    aria-label={t('campaign.delayFor', { outcome: t(`outcome.${o}`) })}
                    value={s.retry[o].delayMinutes}
                    onChange={(e) => setSettings({ retry: { ...s.retry, [o]: { ...s.retry[o], delayMinutes: num(e.target.value) } } })}
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t('campaign.finalFor', { outcome: t(`outcome.${o}`) })}
                    checked={s.retry[o].final}
                    onChange={(e) => setSettings({ retry: { ...s.retry, [o]: { ...s.retry[o], final: e.target.checked } } })}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </fieldset>

      {error && <p role="alert" className="error">{error}</p>}
      {saved && <p role="status">{t('campaign.saved')}</p>}
      <div className="actions">
        <button type="submit">{t('campaign.save')}</button>
        <button type="button" className="secondary" onClick={onDone}>{t('campaign.close')}</button>
      </div>
    </form>
  );
}
