import type { ReactNode } from 'react';
import { centavos, formatBRL } from '../../../../shared/money';
import type { CallerIdHealth, WallboardCampaign } from '../../../../shared/wallboard';
import type { MessageKey } from '../../i18n/catalog';
import { useT } from '../../stores/locale';
import { IntradayChart } from './IntradayChart';

export const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1).replace('.', ',')}%`);
const ratio = (a: number, b: number) => (b === 0 ? null : a / b);

/** One figure with its definition beside it (DOMAIN.md's denominators); also its tooltip. */
function Kpi({ label, def, children, alert = false }: { label: string; def: string; children: ReactNode; alert?: boolean }) {
  return (
    <div className={alert ? 'kpi over' : 'kpi'} title={def}>
      <dt>{label}</dt>
      <dd>
        <span className="kpi-value">{children}</span>
        <small className="kpi-def">{def}</small>
      </dd>
    </div>
  );
}

/** A campaign on the wallboard: today's and 30 days' figures against the targets, the pacer, leads, refusals, intraday charts. */
export function CampaignCard({ c, tv, actions }: { c: WallboardCampaign; tv: boolean; actions: ReactNode }) {
  const t = useT();
  const abandonToday = ratio(c.today.abandoned, c.today.answered);
  const abandon30 = ratio(c.last30.abandoned, c.last30.answered);
  const shortToday = ratio(c.today.shortCalls, c.today.dials);
  const denials = Object.entries(c.denialsToday);
  return (
    <article className="card campaign-card" aria-labelledby={`campaign-${c.id}`}>
      <header className="campaign-head">
        <h3 id={`campaign-${c.id}`}>{c.name}</h3>
        <span className="muted">{t(`campaign.mode.${c.mode}`)} · {t(`campaign.status.${c.status}`)}</span>
        {!tv && actions}
      </header>
      <dl className="kpis" aria-label={t('wallboard.kpisOf', { campaign: c.name })}>
        <Kpi label={t('reports.dials')} def={t('wallboard.def.dials')}>{c.today.dials}</Kpi>
        <Kpi label={t('reports.answerRate')} def={t('reports.def.answerRate')}>
          {pct(ratio(c.today.answered, c.today.dials))} <span className="muted">· {t('wallboard.days30')} {pct(ratio(c.last30.answered, c.last30.dials))}</span>
        </Kpi>
        <Kpi label={t('reports.abandonRate')} def={t('reports.def.abandonRate')} alert={(abandonToday ?? 0) > c.targets.abandon || (abandon30 ?? 0) > c.targets.abandon}>
          {pct(abandonToday)} <span className="muted">· {t('wallboard.days30')} {pct(abandon30)} · {t('wallboard.target')} {pct(c.targets.abandon)}</span>
        </Kpi>
        <Kpi label={t('reports.shortCallRatio')} def={t('reports.def.shortCallRatio')} alert={(shortToday ?? 0) > c.targets.shortCallRatio}>
          {pct(shortToday)} <span className="muted">· {t('wallboard.cap')} {pct(c.targets.shortCallRatio)}</span>
        </Kpi>
        <Kpi label={t('reports.rpcRate')} def={t('reports.def.rpcRate')}>{pct(ratio(c.today.rightParty, c.today.dials))}</Kpi>
        <Kpi label={t('reports.ptpRate')} def={t('reports.def.ptpRate')}>{pct(ratio(c.today.promisesOrAgreements, c.today.rightParty))}</Kpi>
        <Kpi label={t('reports.agreements')} def={t('wallboard.def.agreements')}>{c.today.agreements} · {formatBRL(centavos(c.today.agreementsCents))}</Kpi>
        <Kpi label={t('reports.recovered')} def={t('wallboard.def.recovered')}>{formatBRL(centavos(c.today.recoveredCents))}</Kpi>
        <Kpi label={t('reports.occupancy')} def={t('wallboard.def.occupancy')}>{pct(c.occupancy)}</Kpi>
        <Kpi label={t('wallboard.linesPerAgent')} def={t('wallboard.def.linesPerAgent')}>
          <span aria-label={t('wallboard.linesInUse', { campaign: c.name })}>{c.linesPerAgent === null ? '—' : c.linesPerAgent.toFixed(1).replace('.', ',')}</span>
          {' '}<span className="muted">· {t('wallboard.max')} <span aria-label={t('wallboard.linesMax', { campaign: c.name })}>{c.targets.maxLinesPerAgent}</span></span>
        </Kpi>
        <Kpi label={t('wallboard.leadsLeft')} def={t('wallboard.def.leadsLeft')}>{c.leadsLeft} <span className="muted">· {t('wallboard.ready', { n: c.leadsReady })}</span></Kpi>
        <Kpi label={t('wallboard.denialsTitle')} def={t('wallboard.def.denials')}>
          <span aria-label={t('wallboard.denials', { campaign: c.name })}>{denials.map(([code, n]) => `${t(`denial.${code}` as MessageKey)} ${n}`).join(', ') || '0'}</span>
        </Kpi>
      </dl>
      <div className="charts">
        <IntradayChart
          title={t('wallboard.chart.calls', { campaign: c.name })}
          series={[
            { label: t('reports.dials'), values: c.byHour.dials, kind: 'bar', color: '#1f6f50' },
            { label: t('wallboard.answered'), values: c.byHour.answered, kind: 'bar', color: '#1d4ed8' },
          ]}
          format={String}
        />
        <IntradayChart
          title={t('wallboard.chart.abandon', { campaign: c.name })}
          series={[{ label: t('reports.abandonRate'), values: c.byHour.answered.map((a, h) => ratio(c.byHour.abandoned[h] ?? 0, a)), kind: 'line', color: '#a15c00' }]}
          format={(v) => pct(v)}
          target={{ label: t('wallboard.target'), value: c.targets.abandon }}
        />
        <IntradayChart
          title={t('wallboard.chart.occupancy', { campaign: c.name })}
          series={[{ label: t('reports.occupancy'), values: c.byHour.occupancy, kind: 'line', color: '#6d28d9' }]}
          format={(v) => pct(v)}
        />
      </div>
    </article>
  );
}

/** The caller-ID pool at a glance: numbers in use, resting, at their daily cap, switched off. */
export function CallerIdHealthTiles({ h }: { h: CallerIdHealth }) {
  const t = useT();
  const tiles: [string, number][] = [
    [t('wallboard.bina.active'), h.active], [t('wallboard.bina.resting'), h.resting], [t('wallboard.bina.atCap'), h.atCap],
    [t('wallboard.bina.inactive'), h.inactive], [t('wallboard.bina.calls'), h.callsToday],
  ];
  return (
    <section aria-labelledby="bina-title">
      <h2 id="bina-title">{t('wallboard.bina.title')}</h2>
      <dl className="kpis bina" aria-label={t('wallboard.bina.title')}>
        {tiles.map(([label, n]) => <div key={label} className="kpi"><dt>{label}</dt><dd><span className="kpi-value">{n}</span></dd></div>)}
      </dl>
      <p className="muted">{t('wallboard.bina.def')}</p>
    </section>
  );
}
