import { useEffect, useMemo, useState } from 'react';
import type { CampaignSummary } from '../../../../shared/api';
import {
  CANONICAL_FIELDS, IMPORT_MODES, type CanonicalField, type FilePreview, type ImportCounts, type ImportFinished, type ImportMode,
  type ImportProgress, type ImportRecord, type LayoutMapping, type RejectionRecord, type SavedLayout,
} from '../../../../shared/mailing';
import type { AppError } from '../../../../shared/result';
import { useT } from '../../stores/locale';
import { useSession } from '../../stores/session';
import { errorText } from '../../ui/format';

const PREVIEW_BYTES = 64 * 1024;
const DELIMITER_NAME: Record<string, string> = { ';': 'semicolon', ',': 'comma', '\t': 'tab' };

export type Phase =
  | { name: 'idle' }
  | { name: 'uploading'; sent: number; total: number }
  | { name: 'importing'; importId: number; progress: ImportProgress | null }
  | { name: 'done'; importId: number; counts: ImportCounts }
  | { name: 'failed'; message: string; duplicate: boolean };

/** Admin: upload a mailing, check the preview and mapping, follow the import, get every rejection explained. */
export function MailingImport() {
  const t = useT();
  const { api, socket } = useSession();
  const [campaigns, setCampaigns] = useState<CampaignSummary[]>([]);
  const [campaignId, setCampaignId] = useState<number | null>(null);
  const [mode, setMode] = useState<ImportMode>('append');
  const [encoding, setEncoding] = useState<'auto' | 'utf-8' | 'windows-1252'>('auto');
  const [delimiter, setDelimiter] = useState<'auto' | 'semicolon' | 'comma' | 'tab'>('auto');
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<(FilePreview & { layouts: SavedLayout[] }) | null>(null);
  const [mapping, setMapping] = useState<LayoutMapping>({ fields: {}, phones: [] });
  const [layoutName, setLayoutName] = useState('');
  const [saveAs, setSaveAs] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase>({ name: 'idle' });
  const [rejections, setRejections] = useState<RejectionRecord[]>([]);
  const [history, setHistory] = useState<ImportRecord[]>([]);

  const refreshHistory = () => void api?.get<ImportRecord[]>('/api/imports').then((r) => r.ok && setHistory(r.data));

  useEffect(() => {
    void api?.get<CampaignSummary[]>('/api/campaigns').then((r) => {
      if (!r.ok) return setError(errorText(t, r.error));
      setCampaigns(r.data);
      setCampaignId((current) => current ?? r.data[0]?.id ?? null);
    });
    refreshHistory();
  }, [api]); // eslint-disable-line react-hooks/exhaustive-deps

  // progress and the end of the import arrive over socket.io
  useEffect(() => {
    if (!socket) return;
    const onProgress = (p: ImportProgress) =>
      setPhase((ph) => (ph.name === 'importing' && ph.importId === p.importId ? { ...ph, progress: p } : ph));
    const onFinished = (f: ImportFinished) => {
      setPhase((ph) => {
        if (ph.name !== 'importing' || ph.importId !== f.importId) return ph;
        return f.ok && f.counts ? { name: 'done', importId: f.importId, counts: f.counts } : { name: 'failed', message: f.error ?? '', duplicate: false };
      });
      if (f.ok) void api?.get<{ items: RejectionRecord[] }>(`/api/imports/${f.importId}/rejections?limit=200`).then((r) => r.ok && setRejections(r.data.items));
      refreshHistory();
    };
    socket.on('import:progress', onProgress);
    socket.on('import:finished', onFinished);
    return () => {
      socket.off('import:progress', onProgress);
      socket.off('import:finished', onFinished);
    };
  }, [socket, api]); // eslint-disable-line react-hooks/exhaustive-deps

  async function loadPreview(chosen: File, enc = encoding, delim = delimiter) {
    setError(null);
    setPreview(null);
    const r = await api!.upload<FilePreview & { layouts: SavedLayout[] }>(
      `/api/imports/preview?encoding=${enc}&delimiter=${delim}`, chosen.slice(0, PREVIEW_BYTES), () => undefined);
    if (!r.ok) return setError(errorText(t, r.error));
    setPreview(r.data);
    setMapping(r.data.suggested);
  }

  function applyLayout(name: string) {
    setLayoutName(name);
    const layout = preview?.layouts.find((l) => l.name === name);
    if (layout) setMapping(layout.mapping);
  }

  async function startImport(confirmDuplicate = false) {
    if (!file || !campaignId || !api) return;
    setRejections([]);
    setPhase({ name: 'uploading', sent: 0, total: file.size });
    const query = new URLSearchParams({
      campaignId: String(campaignId), mode, fileName: file.name, encoding, delimiter,
      mapping: JSON.stringify(mapping), confirmDuplicate: String(confirmDuplicate), ...(saveAs ? { saveLayoutAs: saveAs } : {}),
    });
    const r = await api.upload<{ importId: number }>(`/api/imports?${query.toString()}`, file, (sent, total) =>
      setPhase((ph) => (ph.name === 'uploading' ? { ...ph, sent, total } : ph)));
    if (!r.ok) return setPhase({ name: 'failed', message: describe(r.error), duplicate: r.error.code === 'conflict' });
    // the import may already be over when the upload answers (small files): ask once, then follow events
    setPhase((ph) => (ph.name === 'uploading' ? { name: 'importing', importId: r.data.importId, progress: null } : ph));
    const record = await api.get<ImportRecord>(`/api/imports/${r.data.importId}`);
    if (record.ok && record.data.status !== 'running') {
      setPhase(record.data.status === 'completed' && record.data.counts
        ? { name: 'done', importId: record.data.id, counts: record.data.counts }
        : { name: 'failed', message: record.data.error ?? '', duplicate: false });
      const rej = await api.get<{ items: RejectionRecord[] }>(`/api/imports/${r.data.importId}/rejections?limit=200`);
      if (rej.ok) setRejections(rej.data.items);
      refreshHistory();
    }
  }

  const describe = (e: AppError) => (e.code === 'forbidden' || e.code === 'unauthenticated' ? errorText(t, e) : e.message);
  const busy = phase.name === 'uploading' || phase.name === 'importing';
  const headerOptions = preview?.header ?? [];
  const mapped = useMemo(() => new Set([...Object.values(mapping.fields), ...mapping.phones]), [mapping]);

  return (
    <div className="mailing">
      <h2>{t('mailing.title')}</h2>
      {error && <p role="alert" className="error">{error}</p>}
      <div className="form-grid">
        <label>
          {t('mailing.campaign')}
          <select value={campaignId ?? ''} onChange={(e) => setCampaignId(Number(e.target.value))}>
            {campaigns.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </label>
        <label>
          {t('mailing.mode')}
          <select value={mode} onChange={(e) => setMode(e.target.value as ImportMode)}>
            {IMPORT_MODES.map((m) => <option key={m} value={m}>{t(`mailing.mode.${m}`)}</option>)}
          </select>
        </label>
        <label>
          {t('mailing.encoding')}
          <select value={encoding} onChange={(e) => { const v = e.target.value as typeof encoding; setEncoding(v); if (file) void loadPreview(file, v, delimiter); }}>
            <option value="auto">{t('mailing.auto')}</option>
            <option value="utf-8">UTF-8</option>
            <option value="windows-1252">Windows-1252 / ISO-8859-1</option>
          </select>
        </label>
        <label>
          {t('mailing.delimiter')}
          <select value={delimiter} onChange={(e) => { const v = e.target.value as typeof delimiter; setDelimiter(v); if (file) void loadPreview(file, encoding, v); }}>
            <option value="auto">{t('mailing.auto')}</option>
            <option value="semicolon">{t('mailing.delimiter.semicolon')}</option>
            <option value="comma">{t('mailing.delimiter.comma')}</option>
            <option value="tab">{t('mailing.delimiter.tab')}</option>
          </select>
        </label>
        <label>
          {t('mailing.file')}
          <input type="file" accept=".csv,.txt,.tsv,text/csv" onChange={(e) => { const f = e.target.files?.[0] ?? null; setFile(f); setPhase({ name: 'idle' }); if (f) void loadPreview(f); }} />
        </label>
      </div>

      {preview && (
        <>
          <p className="muted">{t('mailing.detected', { encoding: preview.encoding, delimiter: t(`mailing.delimiter.${DELIMITER_NAME[preview.delimiter] as 'semicolon'}`) })}</p>
          <h3>{t('mailing.preview')}</h3>
          <div className="scroll-x">
            <table aria-label={t('mailing.preview')}>
              <thead><tr><th>{t('mailing.col.line')}</th>{preview.header.map((h, i) => <th key={i}>{h}</th>)}</tr></thead>
              <tbody>
                {preview.rows.map((r) => (
                  <tr key={r.line}><td>{r.line}</td>{preview.header.map((_, i) => <td key={i}>{r.fields[i] ?? ''}</td>)}</tr>
                ))}
              </tbody>
            </table>
          </div>

          <h3>{t('mailing.mapping')}</h3>
          {preview.layouts.length > 0 && (
            <label className="inline">
              {t('mailing.layout')}
              <select value={layoutName} onChange={(e) => applyLayout(e.target.value)}>
                <option value="">{t('mailing.layout.none')}</option>
                {preview.layouts.map((l) => <option key={l.name} value={l.name}>{l.name}</option>)}
              </select>
            </label>
          )}
          <div className="form-grid">
            {CANONICAL_FIELDS.map((field: CanonicalField) => (
              <label key={field}>
                {t('mailing.mapColumn', { field: t(`field.${field}`) })}
                <select
                  value={mapping.fields[field] ?? ''}
                  onChange={(e) => setMapping((m) => ({ ...m, fields: { ...m.fields, [field]: e.target.value || undefined } }))}
                >
                  <option value="">{t('mailing.notMapped')}</option>
                  {headerOptions.map((h) => <option key={h} value={h}>{h}</option>)}
                </select>
              </label>
            ))}
          </div>
          <fieldset className="phones">
            <legend>{t('mailing.phones')}</legend>
            {headerOptions.filter((h) => mapping.phones.includes(h) || !mapped.has(h)).map((h) => (
              <label key={h} className="inline">
                <input
                  type="checkbox"
                  checked={mapping.phones.includes(h)}
                  onChange={(e) => setMapping((m) => ({ ...m, phones: e.target.checked ? [...m.phones, h] : m.phones.filter((p) => p !== h) }))}
                />
                {h}
              </label>
            ))}
          </fieldset>
          <div className="actions-row">
            <label className="inline">
              {t('mailing.saveLayout')}
              <input value={saveAs} onChange={(e) => setSaveAs(e.target.value)} />
            </label>
            <button type="button" disabled={busy || !file || !campaignId} onClick={() => void startImport()}>{t('mailing.import')}</button>
          </div>
        </>
      )}

      <ImportPhase phase={phase} onConfirmDuplicate={() => void startImport(true)} />

      {phase.name === 'done' && rejections.length > 0 && (
        <>
          <h3>{t('mailing.rejections')}</h3>
          <button type="button" className="secondary" onClick={() => void api?.download(`/api/imports/${phase.importId}/rejections.csv`, `rejeicoes-importacao-${phase.importId}.csv`)}>
            {t('mailing.download')}
          </button>
          <table aria-label={t('mailing.rejections')}>
            <thead><tr><th>{t('mailing.col.line')}</th><th>{t('mailing.col.severity')}</th><th>{t('mailing.col.column')}</th><th>{t('mailing.col.value')}</th><th>{t('mailing.col.reason')}</th></tr></thead>
            <tbody>
              {rejections.flatMap((r) => r.reasons.map((p, i) => (
                <tr key={`${r.line}-${i}`}>
                  <td>{r.line}</td><td>{t(`mailing.severity.${r.severity}`)}</td><td>{p.column}</td><td className="mono">{p.value}</td><td>{p.reason}</td>
                </tr>
              )))}
            </tbody>
          </table>
        </>
      )}

      <h3>{t('mailing.history')}</h3>
      <table aria-label={t('mailing.history')}>
        <thead><tr><th>#</th><th>{t('mailing.col.file')}</th><th>{t('mailing.campaign')}</th><th>{t('mailing.mode')}</th><th>{t('mailing.col.status')}</th><th className="num">{t('mailing.summary.imported')}</th><th className="num">{t('mailing.summary.rejected')}</th></tr></thead>
        <tbody>
          {history.map((h) => (
            <tr key={h.id}>
              <td>{h.id}</td><td>{h.fileName}</td><td>{h.campaignName}</td><td>{h.mode}</td><td>{t(`mailing.status.${h.status}`)}</td>
              <td className="num">{h.counts?.rowsImported ?? ''}</td><td className="num">{h.counts?.rowsRejected ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ImportPhase({ phase, onConfirmDuplicate }: { phase: Phase; onConfirmDuplicate(): void }) {
  const t = useT();
  switch (phase.name) {
    case 'idle':
      return null;
    case 'uploading':
      return <ProgressBar label={t('mailing.uploading')} value={phase.total ? (100 * phase.sent) / phase.total : 0} />;
    case 'importing': {
      const p = phase.progress;
      return (
        <div>
          <ProgressBar label={t('mailing.importing')} value={p && p.bytesTotal ? (100 * p.bytesRead) / p.bytesTotal : 0} />
          {p && <p className="muted">{t('mailing.progress', { rows: p.rows.toLocaleString('pt-BR'), rate: p.rowsPerSecond.toLocaleString('pt-BR'), rejected: p.rejected })}</p>}
          {p?.finishing && <p role="status">{t('mailing.finishing')}</p>}
        </div>
      );
    }
    case 'done': {
      const c = phase.counts;
      const tiles: [string, number][] = [
        [t('mailing.summary.imported'), c.rowsImported], [t('mailing.summary.rejected'), c.rowsRejected],
        [t('mailing.summary.warnings'), c.rowsWithWarnings], [t('mailing.summary.debtors'), c.debtorsCreated],
        [t('mailing.summary.contracts'), c.contractsCreated], [t('mailing.summary.phones'), c.phonesAdded],
      ];
      return (
        <section aria-label={t('mailing.done', { id: phase.importId })}>
          <p role="status">{t('mailing.done', { id: phase.importId })}</p>
          <dl className="summary">
            {tiles.map(([label, n]) => (
              <div key={label}><dt>{label}</dt><dd>{n.toLocaleString('pt-BR')}</dd></div>
            ))}
          </dl>
        </section>
      );
    }
    case 'failed':
      return (
        <div>
          <p role="alert" className="error">{phase.duplicate ? phase.message : t('mailing.failed', { message: phase.message })}</p>
          {phase.duplicate && <button type="button" onClick={onConfirmDuplicate}>{t('mailing.importAnyway')}</button>}
        </div>
      );
  }
}

function ProgressBar({ label, value }: { label: string; value: number }) {
  const rounded = Math.min(100, Math.max(0, Math.round(value)));
  return (
    <div className="progress">
      <span>{label}: {rounded}%</span>
      <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={rounded} className="progress-track">
        <div className="progress-fill" style={{ width: `${rounded}%` }} />
      </div>
    </div>
  );
}
