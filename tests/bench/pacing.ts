import { FixedRatioPacer, ProgressivePacer, VicidialAdaptivePacer } from '../../server/src/domain/pacing/baseline-pacers';
import { QuitaPacer, type QuitaPacerTuning } from '../../server/src/domain/pacing/quita-pacer';
import { DEFAULT_SCENARIO, simulateDay, type DayResult, type DayScenario } from '../../server/src/domain/pacing/simulation';
import { DEFAULT_PACING, type Pacer, type PacingParams } from '../../server/src/domain/pacing/types';

/**
 * npm run bench:pacing [-- --days 20] [-- --only quita] [-- --scenario TEXT] [-- --tune JSON] [-- --params JSON] [-- --lunch SECONDS]
 * A seeded simulation of working days through the same pacer code the server runs, policies side by side.
 */
const argv = process.argv.slice(2);
const arg = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const DAYS = Number(arg('--days') ?? 20);
const only = arg('--only');
const scenarioFilter = arg('--scenario');
// experiments only: --tune '{"aimShareOfCap":0.6}'
const tuning = JSON.parse(arg('--tune') ?? '{}') as Partial<QuitaPacerTuning>;
// a campaign's pacing settings, for every scenario: --params '{"smallTeamAnswersPerFreeAgent":0.3}'
const paramsOverride = JSON.parse(arg('--params') ?? '{}') as Partial<PacingParams>;
// diagnostics only: --lunch 0 (seconds of lunch per agent; the scenarios' is an hour)
const lunch = arg('--lunch');

const half = DEFAULT_SCENARIO.dayLengthSeconds / 2;
const SCENARIOS: { name: string; scenario: DayScenario; params?: Partial<PacingParams> }[] = [
  { name: '5 agents, 15%', scenario: { ...DEFAULT_SCENARIO, agents: 5 } },
  { name: '20 agents, 15%', scenario: { ...DEFAULT_SCENARIO, agents: 20 } },
  { name: '100 agents, 15%', scenario: { ...DEFAULT_SCENARIO, agents: 100 } },
  { name: '20 agents, 8%', scenario: { ...DEFAULT_SCENARIO, agents: 20, humanRate: 0.08 } },
  { name: '20 agents, 30%', scenario: { ...DEFAULT_SCENARIO, agents: 20, humanRate: 0.3 } },
  { name: '20 agents, 15%→30% at noon', scenario: { ...DEFAULT_SCENARIO, agents: 20, humanRate: { before: 0.15, after: 0.3, atSecond: half } } },
  { name: '20 agents, 30%→15% at noon', scenario: { ...DEFAULT_SCENARIO, agents: 20, humanRate: { before: 0.3, after: 0.15, atSecond: half } } },
  // the campaign's share of the originator's daily attempts is raised here so the pacing itself shows
  { name: '200 agents, 5%', scenario: { ...DEFAULT_SCENARIO, agents: 200, humanRate: 0.05 }, params: { shortCalls: { ratio: 0.85, dailyAttempts: 2_000_000 } } },
  { name: '20 agents, 15%, cap 9,000 attempts', scenario: { ...DEFAULT_SCENARIO, agents: 20 }, params: { shortCalls: { ratio: 0.85, dailyAttempts: 9000 } } },
];

function policies(waiting: { count: number }): Pacer[] {
  const all = [new ProgressivePacer(), new FixedRatioPacer(3), new VicidialAdaptivePacer(() => waiting.count), new QuitaPacer(tuning)];
  return only ? all.filter((p) => p.name.toLowerCase().includes(only)) : all;
}

interface Row {
  policy: string;
  occupancy: number;
  connectsPerHour: number;
  rpcPerHour: number;
  abandonMean: number;
  abandonWorst: number;
  daysOver: number;
  shortRatio: number;
  attemptsPerConnect: number;
  cancelled: number;
  attemptsPerDay: number;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
let failures = 0;
const started = Date.now();
for (const { name, scenario, params: extra } of SCENARIOS) {
  if (scenarioFilter && !name.includes(scenarioFilter)) continue;
  if (lunch !== undefined) scenario.lunchSeconds = Number(lunch);
  const params: PacingParams = { ...DEFAULT_PACING, ...extra, ...paramsOverride, dayLengthSeconds: scenario.dayLengthSeconds };
  const waiting = { count: 0 };
  const rows: Row[] = [];
  for (const pacer of policies(waiting)) {
    const days: DayResult[] = [];
    for (let d = 0; d < DAYS; d++) days.push(simulateDay(scenario, pacer, params, 1000 + d, waiting));
    const sum = (f: (r: DayResult) => number) => days.reduce((a, r) => a + f(r), 0);
    const abandonByDay = days.map((r) => (r.humanAnswered ? r.abandoned / r.humanAnswered : 0));
    const hours = sum((r) => r.loggedInSeconds) / 3600;
    rows.push({
      policy: pacer.name,
      occupancy: sum((r) => r.talkSeconds) / sum((r) => r.loggedInSeconds),
      connectsPerHour: sum((r) => r.connected) / hours,
      rpcPerHour: sum((r) => r.rightParty) / hours,
      abandonMean: sum((r) => r.abandoned) / Math.max(1, sum((r) => r.humanAnswered)),
      abandonWorst: Math.max(...abandonByDay),
      daysOver: abandonByDay.filter((a) => a > params.abandonTarget).length,
      shortRatio: sum((r) => r.shortCalls) / Math.max(1, sum((r) => r.attempts)),
      attemptsPerConnect: sum((r) => r.attempts) / Math.max(1, sum((r) => r.connected)),
      cancelled: sum((r) => r.cancelled),
      attemptsPerDay: sum((r) => r.attempts) / DAYS,
    });
  }
  console.log(`\n## ${name} (${DAYS} days, abandon cap ${pct(params.abandonTarget)}, short-call rule ${pct(params.shortCalls.ratio)} above ${params.shortCalls.dailyAttempts.toLocaleString('en')} attempts/day)`);
  console.log('| policy | talk occupancy | connects/agent-h | RPC/agent-h | abandon (all days) | worst day | days > cap | short calls | attempts/connect | attempts/day | cancelled |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.policy} | ${pct(r.occupancy)} | ${r.connectsPerHour.toFixed(1)} | ${r.rpcPerHour.toFixed(1)} | ${pct(r.abandonMean)} | ${pct(r.abandonWorst)} | ${r.daysOver} | ${pct(r.shortRatio)} | ${r.attemptsPerConnect.toFixed(1)} | ${Math.round(r.attemptsPerDay).toLocaleString('en')} | ${r.cancelled} |`);
  }
  const quita = rows.find((r) => r.policy === 'Quita');
  if (quita) {
    const checks: [string, boolean][] = [[`abandon ≤ ${pct(params.abandonTarget)} on ≥ 19 of ${DAYS} days: ${DAYS - quita.daysOver} days`, quita.daysOver <= Math.floor(DAYS / 20)]];
    if (name === '20 agents, 15%') checks.push([`occupancy ≥ 80% with 20 agents: ${pct(quita.occupancy)}`, quita.occupancy >= 0.8]);
    if (name === '5 agents, 15%') checks.push([`occupancy ≥ 75% with 5 agents: ${pct(quita.occupancy)}`, quita.occupancy >= 0.75]);
    if (extra?.shortCalls && extra.shortCalls.dailyAttempts < 100_000) checks.push([`attempts/day ≤ ${extra.shortCalls.dailyAttempts.toLocaleString('en')} (short-call cap held): ${Math.round(quita.attemptsPerDay).toLocaleString('en')}`, quita.attemptsPerDay <= extra.shortCalls.dailyAttempts]);
    for (const [label, ok] of checks) {
      console.log(`target: ${label} — ${ok ? 'PASS' : 'FAIL'}`);
      if (!ok) failures++;
    }
  }
}
console.log(`\n${failures === 0 ? 'bench:pacing PASS' : `bench:pacing FAIL (${failures} targets missed)`} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exitCode = failures === 0 ? 0 : 1;
