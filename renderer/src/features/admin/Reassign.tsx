import { useEffect, useState, type FormEvent } from 'react';
import type { CampaignSummary } from '../../../../shared/api';
import { centavos, formatBRL } from '../../../../shared/money';
import type { ReassignmentView, ReassignRequest, Team } from '../../../../shared/teams';
import { useT } from '../../stores/locale';
import { useSession } from '../../stores/session';
import { errorText } from '../../ui/format';

/** One target as the form holds it (strings: what the admin typed). */
interface Row {
  kind: 'team' | 'agency';
  /** "teamId:campaignId" for a team. */
  teamCampaign: string;
  agency: string;
  percent: string;
  minBalance: string;
  maxBalance: string;
  minDpd: string;
  maxDpd: string;
  ufs: string;
}
const emptyRow = (): Row => ({ kind: 'team', teamCampaign: '', agency: '', percent: '', minBalance: '', maxBalance: '', minDpd: '', maxDpd: '', ufs: '' });
const reais = (s: string) => (s.trim() === '' ? undefined : Math.round(Number(s.replace(/\./g, '').replace(',', '.')) * 100));
const whole = (s: string) => (s.trim() === '' ? undefined : Number(s));

/**
 * Administração → Redistribuição de carteira: a campaign's debtors still to be worked, split between teams
 * (each in one of its campaigns) and outside agencies, by share or by rule. The server checks everything and
 * keeps the history; the dialer reloads at once.
 */
export function Reassign() {
  const t = useT();
  const api = useSession((s) => s.api);
  const [campaigns, setCampaigns] = useState<CampaignSummary[]>([]);
  const [teams, setTeams] = useState<Team[]>([]);
  const [source, setSource] = useState('');
  const [method, setMethod] = useState<'share' | 'rule'>('share');
  const [rows, setRows] = useState<Row[]>([emptyRow()]);
  const [history, setHistory] = useState<ReassignmentView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ReassignmentView | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!api) return;
    void Promise.all([api.get<CampaignSummary[]>('/api/campaigns'), api.get<Team[]>('/api/teams')]).then(([c, tm]) => {
      if (c.ok) {
        setCampaigns(c.data);
        setSource((s) => s || String(c.data[0]?.id ?? ''));
      }
      if (tm.ok) setTeams(tm.data.filter((x) => x.active));
    });
  }, [api]);
  const loadHistory = async () => {
    if (!api || !source) return;
    const r = await api.get<ReassignmentView[]>(`/api/admin/campaigns/${source}/reassignments`);
    if (r.ok) setHistory(r.data);
  };
  useEffect(() => {
    void loadHistory();
  }, [api, source]); // eslint-disable-line react-hooks/exhaustive-deps

  const setRow = (i: number, patch: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const target = (r: Row) => {
    if (r.kind === 'agency') return { kind: 'agency' as const, agency: r.agency };
    const [teamId, campaignId] = r.teamCampaign.split(':').map(Number);
    return { kind: 'team' as const, teamId: teamId ?? 0, campaignId: campaignId ?? 0 };
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!api) return;
    const body: ReassignRequest = method === 'share'
      ? { method, targets: rows.map((r) => ({ target: target(r), percent: Number(r.percent) })) }
      : {
          method,
          targets: rows.map((r) => ({
            target: target(r),
            rule: { minBalanceCents: reais(r.minBalance), maxBalanceCents: reais(r.maxBalance), minDpd: whole(r.minDpd), maxDpd: whole(r.maxDpd), ufs: r.ufs.trim() ? r.ufs.toUpperCase().split(/[\s,;]+/).filter(Boolean) : undefined },
          })),
        };
    setBusy(true);
    const r = await api.post<ReassignmentView>(`/api/admin/campaigns/${source}/reassign`, body);
    setBusy(false);
    if (!r.ok) {
      setResult(null);
      return setError(errorText(t, r.error));
    }
    setError(null);
    setResult(r.data);
    await loadHistory();
  }

  // a team's targets: the campaigns it serves, other than the source
  const teamCampaigns = teams.flatMap((x) => x.campaignIds.filter((c) => String(c) !== source).map((c) => ({ value: `${x.id}:${c}`, label: `${x.name} · ${campaigns.find((k) => k.id === c)?.name ?? `#${c}`}` })));

  return (
    <section aria-labelledby="reassign-title">
      <h2 id="reassign-title">{t('admin.reassign')}</h2>
      <p className="muted">{t('reassign.explain')}</p>
      <form onSubmit={(e) => void submit(e)} aria-label={t('admin.reassign')}>
        <div className="actions-row">
          <label>{t('reassign.source')}
            <select value={source} onChange={(e) => setSource(e.target.value)}>
              {campaigns.map((c) => <option key={c.id} value={c.id}>{c.name} ({c.debtorCount})</option>)}
            </select>
          </label>
          <label>{t('reassign.method')}
            <select value={method} onChange={(e) => setMethod(e.target.value as 'share' | 'rule')}>
              <option value="share">{t('reassign.byShare')}</option>
              <option value="rule">{t('reassign.byRule')}</option>
            </select>
          </label>
        </div>
        {rows.map((r, i) => (
          <fieldset key={i} className="form-grid">
            <legend>{t('reassign.target', { n: i + 1 })}</legend>
            <label>{t('reassign.kind', { n: i + 1 })}
              <select value={r.kind} onChange={(e) => setRow(i, { kind: e.target.value as Row['kind'] })}>
                <option value="team">{t('reassign.kind.team')}</option>
                <option value="agency">{t('reassign.kind.agency')}</option>
              </select>
            </label>
            {r.kind === 'team' ? (
              <label>{t('reassign.teamCampaign', { n: i + 1 })}
                <select value={r.teamCampaign} onChange={(e) => setRow(i, { teamCampaign: e.target.value })}>
                  <option value="">—</option>
                  {teamCampaigns.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
                </select>
              </label>
            ) : (
              <label>{t('reassign.agency', { n: i + 1 })}<input value={r.agency} onChange={(e) => setRow(i, { agency: e.target.value })} /></label>
            )}
            {method === 'share' ? (
              <label>{t('reassign.percent', { n: i + 1 })}<input type="number" min={1} max={100} value={r.percent} onChange={(e) => setRow(i, { percent: e.target.value })} /></label>
            ) : (
              <>
                <label>{t('reassign.minBalance', { n: i + 1 })}<input inputMode="decimal" value={r.minBalance} onChange={(e) => setRow(i, { minBalance: e.target.value })} /></label>
                <label>{t('reassign.maxBalance', { n: i + 1 })}<input inputMode="decimal" value={r.maxBalance} onChange={(e) => setRow(i, { maxBalance: e.target.value })} /></label>
                <label>{t('reassign.minDpd', { n: i + 1 })}<input type="number" min={0} value={r.minDpd} onChange={(e) => setRow(i, { minDpd: e.target.value })} /></label>
                <label>{t('reassign.maxDpd', { n: i + 1 })}<input type="number" min={0} value={r.maxDpd} onChange={(e) => setRow(i, { maxDpd: e.target.value })} /></label>
                <label>{t('reassign.ufs', { n: i + 1 })}<input value={r.ufs} placeholder="SP, RJ" onChange={(e) => setRow(i, { ufs: e.target.value })} /></label>
              </>
            )}
            {rows.length > 1 && <button type="button" className="secondary" onClick={() => setRows(rows.filter((_, j) => j !== i))}>{t('reassign.remove', { n: i + 1 })}</button>}
          </fieldset>
        ))}
        <div className="actions-row">
          <button type="button" className="secondary" onClick={() => setRows([...rows, emptyRow()])}>{t('reassign.add')}</button>
          <button type="submit" disabled={busy || !source}>{busy ? t('reassign.running') : t('reassign.submit')}</button>
        </div>
        {busy && <progress aria-label={t('reassign.running')} />}
      </form>
      {error && <p role="alert" className="error">{error}</p>}
      {result && (
        <p role="status">
          {t('reassign.done', { stayed: result.stayed })} {result.moved.map((m) => `${m.label}: ${m.debtors}`).join(' · ')}
        </p>
      )}
      <h3>{t('reassign.history')}</h3>
      <table aria-label={t('reassign.history')}>
        <thead><tr><th>{t('reassign.when')}</th><th>{t('reassign.who')}</th><th>{t('reassign.method')}</th><th>{t('reassign.moved')}</th><th className="num">{t('reassign.stayed')}</th></tr></thead>
        <tbody>
          {history.map((h) => (
            <tr key={h.id}>
              <td>{new Date(h.at).toLocaleString('pt-BR', { timeZone: 'America/Sao_Paulo' })}</td>
              <td>{h.userName ?? '—'}</td>
              <td>{t(h.method === 'share' ? 'reassign.byShare' : 'reassign.byRule')}</td>
              <td>{h.moved.map((m) => `${m.label}: ${m.debtors}`).join(' · ')}</td>
              <td className="num">{h.stayed}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">{t('reassign.rulesNote', { example: formatBRL(centavos(100_000)) })}</p>
    </section>
  );
}
