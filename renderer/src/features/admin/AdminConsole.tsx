import { useEffect, useState, type FormEvent } from 'react';
import type { AdminUser, CampaignSummary, DebtorListItem, Page, PublicUser } from '../../../../shared/api';
import { ROLES, type Role } from '../../../../shared/roles';
import { centavos, formatBRL } from '../../../../shared/money';
import { useT } from '../../stores/locale';
import { useSession } from '../../stores/session';
import { errorText } from '../../ui/format';
import { CallerIdPool } from './CallerIdPool';
import { CampaignEditor } from './CampaignEditor';
import { Creditors } from './Creditors';
import { IndexTables } from './IndexTables';
import { Integrations } from './Integrations';
import { MailingImport } from './MailingImport';
import { NegotiationPolicies } from './NegotiationPolicies';
import { Reassign } from './Reassign';
import { Teams } from './Teams';

const TABS = ['users', 'teams', 'creditors', 'campaigns', 'reassign', 'callerIds', 'integrations', 'debtors', 'mailings', 'policies', 'indexes', 'audit'] as const;
type Tab = (typeof TABS)[number];

export function AdminConsole() {
  const t = useT();
  const [tab, setTab] = useState<Tab>('users');
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t('area.admin')}</h1>
      <div role="tablist" aria-label={t('admin.tabs')} className="tabs">
        {TABS.map((name) => (
          <button key={name} role="tab" type="button" aria-selected={tab === name} onClick={() => setTab(name)}>
            {t(`admin.${name}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={t(`admin.${tab}`)}>
        {tab === 'users' && <UsersTab />}
        {tab === 'teams' && <Teams />}
        {tab === 'creditors' && <Creditors />}
        {tab === 'campaigns' && <CampaignsTab />}
        {tab === 'reassign' && <Reassign />}
        {tab === 'debtors' && <DebtorsTab />}
        {tab === 'callerIds' && <CallerIdPool />}
        {tab === 'integrations' && <Integrations />}
        {tab === 'mailings' && <MailingImport />}
        {tab === 'policies' && <NegotiationPolicies />}
        {tab === 'indexes' && <IndexTables />}
        {tab === 'audit' && <AuditTab />}
      </div>
    </section>
  );
}

function useApiData<T>(path: string): { data: T | null; error: string | null } {
  const t = useT();
  const api = useSession((s) => s.api);
  const [state, setState] = useState<{ data: T | null; error: string | null }>({ data: null, error: null });
  useEffect(() => {
    let live = true;
    void api?.get<T>(path).then((r) => live && setState(r.ok ? { data: r.data, error: null } : { data: null, error: errorText(t, r.error) }));
    return () => {
      live = false;
    };
  }, [api, path]); // eslint-disable-line react-hooks/exhaustive-deps
  return state;
}

function Loading({ error }: { error: string | null }) {
  const t = useT();
  return error ? <p role="alert" className="error">{error}</p> : <p className="muted">{t('common.loading')}</p>;
}

function UsersTab() {
  const t = useT();
  const api = useSession((s) => s.api);
  const me = useSession((s) => s.user);
  const [version, setVersion] = useState(0);
  const { data, error } = useApiData<AdminUser[]>(`/api/admin/users?v=${version}`);
  const [form, setForm] = useState({ username: '', displayName: '', role: 'agent' as Role });
  const [created, setCreated] = useState<{ username: string; password: string } | null>(null);
  const [reset, setReset] = useState<{ username: string; password: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function create(e: FormEvent) {
    e.preventDefault();
    const r = await api?.post<{ user: PublicUser; password: string }>('/api/admin/users', form);
    if (!r) return;
    if (r.ok) {
      setCreated({ username: r.data.user.username, password: r.data.password });
      setProblem(null);
      setVersion(version + 1);
    } else setProblem(errorText(t, r.error));
  }
  async function resetPassword(u: AdminUser) {
    const r = await api?.post<{ password: string }>(`/api/admin/users/${u.id}/password`, {});
    if (!r) return;
    if (r.ok) {
      setReset({ username: u.username, password: r.data.password });
      setProblem(null);
    } else setProblem(errorText(t, r.error));
  }
  async function toggle(u: AdminUser) {
    const r = await api?.patch<PublicUser>(`/api/admin/users/${u.id}`, { active: !u.active });
    if (r && !r.ok) setProblem(errorText(t, r.error));
    setVersion(version + 1);
  }

  return (
    <div>
      <form className="form-grid" aria-label={t('users.new')} onSubmit={(e) => void create(e)}>
        <label>{t('admin.col.username')}<input value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} required /></label>
        <label>{t('admin.col.name')}<input value={form.displayName} onChange={(e) => setForm({ ...form, displayName: e.target.value })} required /></label>
        <label>
          {t('admin.col.role')}
          <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
            {ROLES.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
          </select>
        </label>
        <button type="submit">{t('users.create')}</button>
      </form>
      {created && <p role="status">{t('users.created', { username: created.username })} <code className="mono">{created.password}</code></p>}
      {reset && <p role="status">{t('users.resetDone', { username: reset.username })} <code className="mono">{reset.password}</code></p>}
      {problem && <p role="alert" className="error">{problem}</p>}
      {!data ? <Loading error={error} /> : (
        <table aria-label={t('admin.users')}>
          <thead><tr><th>{t('admin.col.username')}</th><th>{t('admin.col.name')}</th><th>{t('admin.col.role')}</th><th>{t('users.active')}</th><th>{t('users.password')}</th></tr></thead>
          <tbody>
            {data.map((u) => (
              <tr key={u.id}>
                <td>{u.username}</td><td>{u.displayName}</td><td>{t(`role.${u.role}`)}</td>
                <td><input type="checkbox" aria-label={t('users.activeFor', { username: u.username })} checked={u.active} onChange={() => void toggle(u)} /></td>
                <td>{u.id !== me?.id && <button type="button" className="secondary" aria-label={t('users.resetFor', { username: u.username })} onClick={() => void resetPassword(u)}>{t('users.reset')}</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function AuditTab() {
  const t = useT();
  const [filters, setFilters] = useState({ action: '', debtor: '', from: '', to: '' });
  const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== ''));
  const { data, error } = useApiData<{ id: number; at: number; userName: string | null; action: string; detail: string | null }[]>(`/api/admin/audit?${query.toString()}`);
  const field = (name: keyof typeof filters, label: string, type = 'text') => (
    <label>{label}<input type={type} value={filters[name]} onChange={(e) => setFilters({ ...filters, [name]: e.target.value })} /></label>
  );
  return (
    <div>
      <div className="form-grid" role="search" aria-label={t('audit.filters')}>
        {field('action', t('audit.action'))}
        {field('debtor', t('audit.debtor'))}
        {field('from', t('reports.from'), 'date')}
        {field('to', t('reports.to'), 'date')}
      </div>
      {!data ? <Loading error={error} /> : (
        <table aria-label={t('admin.audit')}>
          <thead><tr><th>{t('audit.when')}</th><th>{t('audit.who')}</th><th>{t('audit.action')}</th><th>{t('audit.detail')}</th></tr></thead>
          <tbody>
            {data.map((e) => (
              <tr key={e.id}><td>{new Date(e.at).toLocaleString()}</td><td>{e.userName ?? '—'}</td><td className="mono">{e.action}</td><td className="mono">{e.detail}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function CampaignsTab() {
  const t = useT();
  // null: the list; 'new' or an id: the editor
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const [version, setVersion] = useState(0);
  const { data, error } = useApiData<CampaignSummary[]>(`/api/campaigns?v=${version}`);
  if (editing !== null) {
    return <CampaignEditor campaignId={editing === 'new' ? null : editing} onDone={() => { setEditing(null); setVersion(version + 1); }} />;
  }
  if (!data) return <Loading error={error} />;
  return (
    <div>
      <button type="button" onClick={() => setEditing('new')}>{t('campaign.new')}</button>
      <table aria-label={t('admin.campaigns')}>
        <thead>
          <tr>
            <th>{t('admin.col.campaign')}</th><th>{t('admin.col.creditor')}</th><th>{t('admin.col.portfolio')}</th>
            <th>{t('admin.col.mode')}</th><th>{t('admin.col.status')}</th><th className="num">{t('admin.col.debtors')}</th><th />
          </tr>
        </thead>
        <tbody>
          {data.map((c) => (
            <tr key={c.id}>
              <td>{c.name}</td><td>{c.creditorName}</td><td>{c.portfolioName}</td>
              <td>{t(`campaign.mode.${c.mode}`)}</td><td>{t(`campaign.status.${c.status}`)}</td><td className="num">{c.debtorCount}</td>
              <td>
                <button type="button" className="secondary" aria-label={t('campaign.edit', { name: c.name })} onClick={() => setEditing(c.id)}>
                  {t('campaign.editShort')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DebtorsTab() {
  const t = useT();
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const query = new URLSearchParams({ page: String(page), pageSize: '25', ...(search ? { search } : {}) });
  const { data, error } = useApiData<Page<DebtorListItem>>(`/api/debtors?${query.toString()}`);
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  return (
    <div>
      <label className="inline">
        {t('admin.search')}
        <input type="search" value={search} onChange={(e) => { setSearch(e.target.value); setPage(1); }} />
      </label>
      {!data ? <Loading error={error} /> : (
        <>
          <table aria-label={t('admin.debtors')}>
            <thead>
              <tr>
                <th>{t('admin.col.name')}</th><th>{t('admin.col.document')}</th><th>{t('admin.col.uf')}</th>
                <th className="num">{t('admin.col.phones')}</th><th className="num">{t('admin.col.open')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((d) => (
                <tr key={d.id}>
                  <td>{d.name}</td><td className="mono">{d.document}</td><td>{d.uf ?? '—'}</td>
                  <td className="num">{d.phoneCount}</td><td className="num">{formatBRL(centavos(d.openAmount))}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="pager">
            <button type="button" className="secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>{t('admin.prev')}</button>
            <span>{t('admin.page', { page, pages, total: data.total })}</span>
            <button type="button" className="secondary" disabled={page >= pages} onClick={() => setPage(page + 1)}>{t('admin.next')}</button>
          </div>
        </>
      )}
    </div>
  );
}
