import { useEffect, useState } from 'react';
import type { CallerIdView } from '../../../../shared/dialer';
import { useT } from '../../stores/locale';
import { useSession } from '../../stores/session';
import { errorText } from '../../ui/format';
import { LineErrorsTable, type LineError } from '../../ui/LineErrorsTable';

/** The operation's own numbers: today's figures per number, resting ones flagged, CSV import, on/off. */
export function CallerIdPool() {
  const t = useT();
  const api = useSession((s) => s.api);
  const [rows, setRows] = useState<CallerIdView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [lines, setLines] = useState<LineError[]>([]);
  const [notice, setNotice] = useState<string | null>(null);

  const load = async () => {
    const r = await api?.get<CallerIdView[]>('/api/admin/caller-ids');
    if (r?.ok) setRows(r.data);
    else if (r) setError(errorText(t, r.error));
  };
  useEffect(() => {
    void load();
  }, [api]); // eslint-disable-line react-hooks/exhaustive-deps

  async function upload(file: File) {
    setNotice(null);
    setLines([]);
    if (!api) return;
    // the answer lists every bad line when the file is refused
    const r = await api.postText<{ added: number; updated: number }>('/api/admin/caller-ids/import', await file.text(), 'text/csv');
    if (r.ok) {
      setError(null);
      setNotice(t('callerIds.imported', { added: r.data.added, updated: r.data.updated }));
      await load();
    } else {
      setError(errorText(t, r.error));
      setLines((r.lines as LineError[] | undefined) ?? []);
    }
  }

  async function toggle(row: CallerIdView) {
    // shown at once; the list is then reloaded from the server, which has the last word
    setRows((list) => list?.map((x) => (x.e164 === row.e164 ? { ...x, active: !row.active } : x)) ?? null);
    const r = await api?.patch<CallerIdView>(`/api/admin/caller-ids/${encodeURIComponent(row.e164)}`, { active: !row.active });
    if (r && !r.ok) setError(errorText(t, r.error));
    await load();
  }

  return (
    <div>
      <label className="inline">
        {t('callerIds.import')}
        <input type="file" accept=".csv,text/csv" onChange={(e) => e.target.files?.[0] && void upload(e.target.files[0])} />
      </label>
      <p className="muted">{t('callerIds.format')}</p>
      {notice && <p role="status">{notice}</p>}
      {error && <p role="alert" className="error">{error}</p>}
      <LineErrorsTable lines={lines} />
      {!rows ? (
        <p className="muted">{t('common.loading')}</p>
      ) : (
        <table aria-label={t('admin.callerIds')}>
          <thead>
            <tr>
              <th>{t('callerIds.number')}</th><th>DDD</th><th>{t('callerIds.trunk')}</th><th>{t('callerIds.attested')}</th>
              <th className="num">{t('callerIds.cap')}</th><th className="num">{t('callerIds.calls')}</th><th className="num">{t('callerIds.answers')}</th>
              <th className="num">{t('callerIds.short')}</th><th>{t('callerIds.state')}</th><th>{t('callerIds.active')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.e164}>
                <td className="mono">{r.e164}{r.fallback ? ` · ${t('callerIds.fallback')}` : ''}</td><td>{r.ddd}</td><td>{r.trunk}</td>
                <td>{r.attested ? t('common.yes') : t('common.no')}</td><td className="num">{r.dailyCap}</td>
                <td className="num">{r.today.calls}</td><td className="num">{r.today.answers}</td><td className="num">{r.today.shortCalls}</td>
                <td>{r.today.restReason ? t(`callerIds.rest.${r.today.restReason}`) : r.active ? t('callerIds.inUse') : t('callerIds.off')}</td>
                <td>
                  <input type="checkbox" aria-label={t('callerIds.activeFor', { number: r.e164 })} checked={r.active} onChange={() => void toggle(r)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
