import { useId } from 'react';
import { useT } from '../../stores/locale';

export interface Series {
  label: string;
  values: (number | null)[];
  kind: 'bar' | 'line';
  color: string;
}

const W = 300;
const H = 90;

/**
 * Figures per hour of today as an SVG chart (bars and lines on one scale), with the same figures as a table
 * for screen readers and for those who would rather read. Hours shown: the calling day, widened to any hour
 * with figures. A dashed line marks a target when given.
 */
export function IntradayChart({ title, series, format, target }: { title: string; series: Series[]; format(v: number): string; target?: { label: string; value: number } }) {
  const t = useT();
  const id = useId();
  const used = series.flatMap((s) => s.values.map((v, h) => (v ? h : -1))).filter((h) => h >= 0);
  const first = Math.min(8, ...used);
  const last = Math.max(20, ...used);
  const hours = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const max = Math.max(target?.value ?? 0, ...series.flatMap((s) => s.values.map((v) => v ?? 0))) || 1;
  const step = W / hours.length;
  const y = (v: number) => H - (H - 4) * (v / max);
  const bars = series.filter((s) => s.kind === 'bar');
  return (
    <figure className="intraday" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <svg role="img" aria-label={title} viewBox={`0 0 ${W} ${H + 14}`} width="100%" height={H + 14} preserveAspectRatio="none">
        {hours.map((h, i) =>
          bars.map((s, b) => {
            const v = s.values[h] ?? 0;
            const bw = (step - 2) / bars.length;
            return <rect key={`${s.label}-${h}`} x={i * step + 1 + b * bw} y={y(v)} width={bw} height={H - y(v)} fill={s.color} />;
          }),
        )}
        {series.filter((s) => s.kind === 'line').map((s) => (
          <polyline key={s.label} fill="none" stroke={s.color} strokeWidth={2}
            points={hours.flatMap((h, i) => (s.values[h] === null || s.values[h] === undefined ? [] : [`${i * step + step / 2},${y(s.values[h]!)}`])).join(' ')} />
        ))}
        {target && <line x1={0} x2={W} y1={y(target.value)} y2={y(target.value)} stroke="#b42318" strokeDasharray="4 3" />}
        {hours.filter((h) => h % 2 === 0).map((h) => (
          <text key={h} x={(h - first) * step + step / 2} y={H + 12} fontSize={9} textAnchor="middle" fill="#5b6675">{h}h</text>
        ))}
      </svg>
      <p className="legend">
        {series.map((s) => <span key={s.label}><span className="swatch" style={{ background: s.color }} aria-hidden="true" />{s.label}</span>)}
        {target && <span><span className="swatch dashed" aria-hidden="true" />{target.label}</span>}
      </p>
      <details>
        <summary>{t('chart.asTable', { title })}</summary>
        <table aria-label={title}>
          <thead><tr><th>{t('chart.hour')}</th>{series.map((s) => <th key={s.label} className="num">{s.label}</th>)}</tr></thead>
          <tbody>
            {hours.map((h) => (
              <tr key={h}><td>{h}h</td>{series.map((s) => <td key={s.label} className="num">{s.values[h] === null || s.values[h] === undefined ? '—' : format(s.values[h]!)}</td>)}</tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
