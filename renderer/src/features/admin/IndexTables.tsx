import { useEffect, useState } from 'react';
import type { LineError } from '../../../../shared/api';
import { useT } from '../../stores/locale';
import { useSession } from '../../stores/session';
import { errorText } from '../../ui/format';
import { LineErrorsTable } from '../../ui/LineErrorsTable';

type IndexName = 'ipca' | 'selic';
const rate = (ppm: number) => (ppm / 10_000).toLocaleString('pt-BR', { minimumFractionDigits: 2, maximumFractionDigits: 4 });

/**
 * Administração → Índices: the monthly IPCA (correction) and SELIC (legal interest) values the balances are
 * computed with, a chart of the last two years, and a file import (a file with a bad line writes nothing,
 * every bad line listed).
 */
export function IndexTables() {
  const t = useT();
  const api = useSession((s) => s.api);
  const [name, setName] = useState<IndexName>('ipca');
  const [values, setValues] = useState<{ month: string; ratePpm: number }[] | null>(null);
  const [version, setVersion] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [lines, setLines] = useState<LineError[]>([]);

  useEffect(() => {
    let live = true;
    void api?.get<{ month: string; ratePpm: number }[]>(`/api/admin/indexes/${name}`).then((r) => live && (r.ok ? setValues(r.data) : setError(errorText(t, r.error))));
    return () => {
      live = false;
    };
  }, [api, name, version]); // eslint-disable-line react-hooks/exhaustive-deps

  async function upload(file: File) {
    const r = await api!.postText<{ months: number }>(`/api/admin/indexes/${name}`, await file.text(), 'text/csv');
    if (!r.ok) {
      setMessage(null);
      setError(errorText(t, r.error));
      return setLines((r.lines ?? []) as LineError[]);
    }
    setError(null);
    setLines([]);
    setMessage(t('indexes.imported', { months: r.data.months }));
    setVersion(version + 1);
  }

  const label = t(`indexes.${name}`);
  const recent = (values ?? []).slice(0, 24).reverse();
  const max = Math.max(1, ...recent.map((v) => Math.abs(v.ratePpm)));
  return (
    <section aria-labelledby="indexes-title">
      <h2 id="indexes-title">{t('admin.indexes')}</h2>
      <label className="inline">
        {t('indexes.name')}
        <select value={name} onChange={(e) => { setName(e.target.value as IndexName); setValues(null); setMessage(null); setError(null); setLines([]); }}>
          <option value="ipca">{t('indexes.ipca')}</option>
          <option value="selic">{t('indexes.selic')}</option>
        </select>
      </label>
      <label className="inline">
        {t('indexes.import')}
        <input type="file" accept=".csv,.txt,text/csv,text/plain" onChange={(e) => e.target.files?.[0] && void upload(e.target.files[0])} />
      </label>
      <p className="muted">{t('indexes.format')}</p>
      {message && <p role="status">{message}</p>}
      {error && <p role="alert" className="error">{error}</p>}
      <LineErrorsTable lines={lines} />
      {!values ? <p className="muted">{t('common.loading')}</p> : values.length === 0 ? <p className="muted">{t('indexes.empty')}</p> : (
        <>
          <svg role="img" aria-label={t('indexes.chart', { name: label })} viewBox={`0 0 ${recent.length * 12} 60`} width="100%" height="120" preserveAspectRatio="none">
            {recent.map((v, i) => {
              const h = (Math.abs(v.ratePpm) / max) * 28;
              return <rect key={v.month} x={i * 12 + 2} y={v.ratePpm >= 0 ? 30 - h : 30} width={8} height={Math.max(h, 0.5)} fill={v.ratePpm >= 0 ? '#2f6f4f' : '#b3403a'}><title>{`${v.month}: ${rate(v.ratePpm)}%`}</title></rect>;
            })}
            <line x1="0" x2={recent.length * 12} y1="30" y2="30" stroke="#888" strokeWidth="0.3" />
          </svg>
          <table aria-label={t('indexes.table', { name: label })}>
            <thead><tr><th>{t('indexes.month')}</th><th className="num">{t('indexes.rate')}</th></tr></thead>
            <tbody>{values.map((v) => <tr key={v.month}><td>{v.month.slice(5)}/{v.month.slice(0, 4)}</td><td className="num">{rate(v.ratePpm)}</td></tr>)}</tbody>
          </table>
        </>
      )}
    </section>
  );
}
