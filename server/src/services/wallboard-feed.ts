import type { WallboardCampaign, WallboardLive } from '../../../shared/wallboard';
import type { DialerService } from '../dialer/dialer-service';
import { brasiliaDayStart } from '../domain/dialer/retry';
import type { Logger } from '../logger';
import type { Clock } from '../ports/clock';
import type { TodayCounts } from '../ports/reports';
import type { Store } from '../ports/repositories';

const DAY_MS = 86_400_000;
const hours = () => new Array<number>(24).fill(0);
const EMPTY: TodayCounts = {
  dials: 0, answered: 0, abandoned: 0, shortCalls: 0, rightParty: 0, promisesOrAgreements: 0, agreements: 0, agreementsCents: 0, recoveredCents: 0, talkSeconds: 0,
  dialsByHour: hours(), answeredByHour: hours(), abandonedByHour: hours(),
};
const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
const occupancyByHour = (acc: { onCall: number[]; loggedIn: number[] } | undefined) => hours().map((_, h) => (acc ? ratio(acc.onCall[h]!, acc.loggedIn[h]!) : null));

/**
 * The wallboard's campaign figures and each agent's current work, pushed every second to whoever watches
 * (computed only while somebody does; occupancy is sampled always). Today's figures come from the database,
 * read incrementally (the reports' definitions, so both agree); the 29 days before today are read once a day
 * and today's added to them.
 */
export class WallboardFeed {
  private timer: ReturnType<typeof setInterval> | null = null;
  private busy = false;
  /** Agent-seconds on a call and logged in, per campaign and hour of today (sampled every second). */
  private occupancy = { dayStart: 0, byCampaign: new Map<number, { onCall: number[]; loggedIn: number[] }>() };
  private past: { dayStart: number; counts: Map<number, { dials: number; answered: number; abandoned: number; shortCalls: number }> } | null = null;

  constructor(private readonly deps: { store: Store; dialer: DialerService; clock: Clock; logger: Logger; watched(): boolean; emit(live: WallboardLive): void }) {}

  /** Every second: occupancy is sampled always; the figures are computed and pushed only while somebody watches. */
  start(everyMs = 1000): void {
    this.timer = setInterval(() => void this.push(), everyMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async push(): Promise<void> {
    const live = this.deps.dialer.liveBoard();
    this.sample(live, this.deps.clock.now());
    if (this.busy || !this.deps.watched()) return;
    this.busy = true;
    try {
      this.deps.emit(await this.snapshot(live));
    } catch (e) {
      this.deps.logger.error({ err: e }, 'wallboard snapshot failed');
    } finally {
      this.busy = false;
    }
  }

  /** Occupancy per hour: every second, who of each campaign is logged in and who is on a call. */
  private sample(live: ReturnType<DialerService['liveBoard']>, now: number): void {
    const dayStart = brasiliaDayStart(now);
    if (this.occupancy.dayStart !== dayStart) this.occupancy = { dayStart, byCampaign: new Map() };
    const hour = Math.floor((now - dayStart) / 3_600_000);
    for (const c of live.campaigns) {
      let acc = this.occupancy.byCampaign.get(c.id);
      if (!acc) this.occupancy.byCampaign.set(c.id, (acc = { onCall: hours(), loggedIn: hours() }));
      acc.onCall[hour]! += c.agentsOnCall;
      acc.loggedIn[hour]! += c.agentsLoggedIn;
    }
  }

  async snapshot(live = this.deps.dialer.liveBoard()): Promise<WallboardLive> {
    const now = this.deps.clock.now();
    const dayStart = brasiliaDayStart(now);
    const today = await this.deps.store.reports.todayByCampaign(dayStart);
    if (this.past?.dayStart !== dayStart || live.campaigns.some((c) => !this.past!.counts.has(c.id))) {
      const rows = await this.deps.store.reports.campaignKpis(dayStart - 29 * DAY_MS, dayStart);
      this.past = { dayStart, counts: new Map(rows.map((k) => [k.campaignId, { dials: k.dials, answered: k.answered, abandoned: k.abandoned, shortCalls: k.shortCalls }])) };
    }
    const teams = await this.deps.store.teams.teamsOfUsers();
    const inCampaigns = new Set<number>(live.agents.map((a) => a.userId));
    const campaigns = live.campaigns.map((c): WallboardCampaign => {
      const k = today.get(c.id) ?? EMPTY;
      const p = this.past!.counts.get(c.id) ?? { dials: 0, answered: 0, abandoned: 0, shortCalls: 0 };
      const pacing = c.detail.settings.pacing;
      return {
        id: c.id, name: c.detail.name, mode: c.detail.mode, status: c.detail.status, teamId: c.detail.teamId ?? null,
        today: { dials: k.dials, answered: k.answered, abandoned: k.abandoned, shortCalls: k.shortCalls, rightParty: k.rightParty, promisesOrAgreements: k.promisesOrAgreements, agreements: k.agreements, agreementsCents: k.agreementsCents, recoveredCents: k.recoveredCents, talkSeconds: k.talkSeconds },
        last30: { dials: p.dials + k.dials, answered: p.answered + k.answered, abandoned: p.abandoned + k.abandoned, shortCalls: p.shortCalls + k.shortCalls },
        targets: { abandon: pacing.abandonTarget, shortCallRatio: pacing.shortCallRatio, maxLinesPerAgent: pacing.maxLinesPerAgent },
        linesPerAgent: ratio(c.linesInUse, c.agentsWorking),
        occupancy: ratio(c.agentsOnCall, c.agentsLoggedIn),
        leadsLeft: c.leadsLeft, leadsReady: c.leadsReady, denialsToday: c.denialsToday,
        byHour: { dials: k.dialsByHour, answered: k.answeredByHour, abandoned: k.abandonedByHour, occupancy: occupancyByHour(this.occupancy.dayStart === dayStart ? this.occupancy.byCampaign.get(c.id) : undefined) },
      };
    });
    return {
      at: now,
      campaigns,
      // agents in no campaign right now still show under their team
      agents: [
        ...live.agents.map((a) => ({ ...a, teamId: teams.get(a.userId) ?? null })),
        ...[...teams].filter(([userId]) => !inCampaigns.has(userId)).map(([userId, teamId]) => ({ userId, teamId, campaignIds: [], lead: null })),
      ],
      callerIds: live.callerIds,
    };
  }
}
