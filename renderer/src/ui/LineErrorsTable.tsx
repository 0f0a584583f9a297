import type { LineError } from '../../../shared/api';
import { useT } from '../stores/locale';

export type { LineError };

/** The lines of an uploaded file that were refused: line, column, value, reason (as the server named them). */
export function LineErrorsTable({ lines }: { lines: LineError[] }) {
  const t = useT();
  if (lines.length === 0) return null;
  return (
    <table aria-label={t('callerIds.errors')}>
      <thead><tr><th className="num">{t('mailing.col.line')}</th><th>{t('mailing.col.column')}</th><th>{t('mailing.col.value')}</th><th>{t('mailing.col.reason')}</th></tr></thead>
      <tbody>{lines.map((l, i) => <tr key={i}><td className="num">{l.line}</td><td>{l.column}</td><td className="mono">{l.value}</td><td>{l.reason}</td></tr>)}</tbody>
    </table>
  );
}
