import type { AgentPresence } from '../../../shared/api';
import type { AgentEvent } from '../../../shared/agent-state';
import { maskDocument } from '../../../shared/document';
import { DEFAULT_CAMPAIGN_SETTINGS, PROMISE_MAX_DAYS, promiseDueRange, WRAP_UP_TIMEOUT_OUTCOME, type AnswerVerdict, type CallEvent, type CampaignDetail, type CancelNotice, type DialCommand, type Disposition, type DialOutcome, type Lead, type PaidNotice, type RevokedNotice } from '../../../shared/dialer';
import { dispositionSummary } from '../domain/dialer/disposition';
import type { PromiseView } from '../../../shared/promises';
import type { AttemptId, CallbackId, CampaignId, DebtorId, LeaseId, PhoneId, UserId } from '../../../shared/ids';
import { maskPhone } from '../../../shared/phone';
import { err, ok, type Result } from '../../../shared/result';
import { CallerIdPool } from '../domain/dialer/caller-id';
import { LeadQueue } from '../domain/dialer/lead-queue';
import { checkContact, DEFAULT_CONTACT_RULES, type ContactInput, type ContactRules, type DenyReason } from '../domain/contact/policy';
import { describeDenial } from '../domain/contact/describe';
import { brasiliaDayStart, nextOpening, nextStep, phoneOrder, rankLeads, withinHours, type DialablePhone } from '../domain/dialer/retry';
import { QuitaPacer } from '../domain/pacing/quita-pacer';
import { DEFAULT_PACING, type AgentView, type PacingParams, type PacingSnapshot } from '../domain/pacing/types';
import type { Logger } from '../logger';
import type { Clock } from '../ports/clock';
import type { DialerStore, DueCallback, LeadDebtor } from '../ports/dialer';

/** What the dialer sends to one agent's consoles (socket.io in the app, recorded in tests). */
export interface DialerPush {
  lead(userId: UserId, lead: Lead): void;
  dial(userId: UserId, command: DialCommand): void;
  cancel(userId: UserId, cancel: CancelNotice): void;
  revoked(userId: UserId, revoked: RevokedNotice): void;
  paid(userId: UserId, paid: PaidNotice): void;
}

export interface DialerDeps {
  store: DialerStore;
  clock: Clock;
  logger: Logger;
  push: DialerPush;
  /** The agent state machine (the presence service): the dialer moves agents to dialing, on call... */
  agentState(userId: UserId): AgentPresence | undefined;
  dispatchAgent(userId: UserId, event: AgentEvent): Result<AgentPresence>;
  /** A lease lives this long without news from a connected agent (a crashed server's leases lapse too). */
  leaseTtlMs?: number;
  /** Leads looked at per request before giving up (each may be deferred by a rule). */
  maxLookups?: number;
  /** Calling windows, holidays and caps per state (data; defaults from DOMAIN.md). */
  contactRules?: ContactRules;
  /**
   * The softphones' ring timeout (SIP configured): a line ringing longer is not sent again to a reconnecting
   * console, and one ringing RING_GRACE_MS past it without news (its 'ended' lost) is ended here as no_answer.
   * Unset (no SIP: outcomes by hand): neither.
   */
  ringTimeoutMs?: number;
}

interface LiveLease {
  id: LeaseId;
  campaignId: CampaignId;
  debtorId: DebtorId;
  userId: UserId;
  phone: DialablePhone;
  debtor: LeadDebtor;
  callerId: string;
  callback: DueCallback | null;
  expiresAt: number;
  attemptsToday: number;
  attemptsInCampaign: number;
  attempt: { id: AttemptId; startedAt: number; answeredAt: number | null; endedAt: number | null; predictive: boolean } | null;
  lead: Lead;
}

/** A lead taken from the queue and checked (limits, phone), reserved but not yet leased to anyone. */
interface Candidate {
  debtorId: DebtorId;
  debtor: LeadDebtor;
  phone: DialablePhone;
  callback: DueCallback | null;
  /** The Brasília day it was checked on (its counters are that day's). */
  day: number;
}

interface Runtime {
  detail: CampaignDetail;
  queue: LeadQueue;
  prepared: Candidate[];
  refilling: boolean;
  /** Pending callbacks (few): kept in memory so a ready agent never waits for a query. */
  callbacks: DueCallback[];
  pacer: QuitaPacer;
  /** Today's counters for the pacer (Brasília day). */
  day: { start: number; attempts: number; shortCalls: number; humanAnswered: number; abandoned: number; denials: Partial<Record<DenyReason['code'], number>> };
}

const SHORT_CALL_MS = 6000;
const DAY_MS = 86_400_000;
/** Brasília day start (epoch ms) → "YYYY-MM-DD". */
const isoDay = (dayStart: number): string => new Date(dayStart - 3 * 3_600_000).toISOString().slice(0, 10);
/** Denials about the debtor, not one phone: the debtor leaves the campaign. */
const DEBTOR_STOPS: ReadonlySet<DenyReason['code']> = new Set(['prescribed', 'over_indebted', 'no_open_debt']);
const RETRY_LEASE_CONFLICT_MS = 5000;
/** Prepared leads kept per campaign, at least (more with a bigger team). */
const MIN_PREPARED = 10;
/** How long after its call an agent's disposition is still taken (an outbox resending after a long outage). */
const LATE_DISPOSITION_MS = DAY_MS;
/** The softphone hangs up at the ring timeout and reports; the server waits this much longer before ending the line itself. */
const RING_GRACE_MS = 15_000;

/**
 * Decides whom each agent calls: leases leads from in-memory campaign queues (loaded from the store),
 * applies retry rules and limits, schedules callbacks first, dials per mode, and records every attempt
 * and outcome. One process holds the queues; exclusivity is also guarded by the store (one open lease
 * per debtor), and leases expire, so a crashed agent or server never keeps a debtor.
 */
export class DialerService {
  private readonly runtimes = new Map<CampaignId, Runtime>();
  private readonly leases = new Map<LeaseId, LiveLease>();
  /** Debtors reserved or leased right now, across campaigns (value: when they are free at the latest). */
  private readonly busyDebtors = new Map<DebtorId, number>();
  private readonly attempts = new Map<AttemptId, LiveLease>();
  private readonly assigning = new Set<UserId>();
  /**
   * Debtors out of collection (paid): never prepared, leased or dialed again by this process until resumeDebtor
   * or a reload after a mailing import finds them owing again. The value orders the stops (stopSeq).
   */
  private readonly stopped = new Map<number, number>();
  private stopSeq = 0;
  private readonly callerIds = new CallerIdPool();
  /** Idempotency keys of dispositions recorded by this process (the store has them all, for after a restart). */
  private readonly disposedKeys = new Map<string, { userId: UserId; leaseId: LeaseId }>();
  /** The Brasília day the pool's counters are for. */
  private poolDay = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private ticks = 0;
  private readonly leaseTtlMs: number;
  private readonly maxLookups: number;
  private readonly contactRules: ContactRules;

  constructor(private readonly deps: DialerDeps) {
    this.leaseTtlMs = deps.leaseTtlMs ?? 120_000;
    this.maxLookups = deps.maxLookups ?? 50;
    this.contactRules = deps.contactRules ?? DEFAULT_CONTACT_RULES;
  }

  /** Loads every campaign's queue and the leases still open from before a restart. */
  async start(options: { tickMs?: number } = {}): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.store.closeExpiredLeases(now);
    for (const l of await this.deps.store.openLeases(now)) this.busyDebtors.set(l.debtorId, l.expiresAt);
    await this.reloadCallerIds();
    for (const c of await this.deps.store.listCampaignDetails()) await this.loadCampaign(c);
    // the first ready agents of the day find their leads already checked
    for (const rt of this.runtimes.values()) if (rt.detail.status === 'active') await this.fill(rt);
    if (options.tickMs) {
      this.timer = setInterval(() => void this.tick().catch((e: unknown) => this.deps.logger.error({ err: e }, 'dialer tick failed')), options.tickMs);
      this.timer.unref?.();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * (Re)loads one campaign: after its settings change or a mailing import into it. After an import
   * (`resumeOwing`), a debtor stopped as paid whom the database now shows as an active member with an open
   * contract owes again (a new debt arrived) and is dialable again.
   */
  async reloadCampaign(id: CampaignId, options: { resumeOwing?: boolean } = {}): Promise<void> {
    const detail = await this.deps.store.getCampaign(id);
    if (detail) await this.loadCampaign(detail, options.resumeOwing ?? false);
    else this.runtimes.delete(id);
    const rt = this.runtimes.get(id);
    if (rt?.detail.status === 'active') this.refill(rt);
  }

  /** (Re)loads the pool and today's figures: at start and after the admin changes it. */
  /** Every campaign again (a do-not-call list changed: prepared leads are checked anew). */
  async reloadAll(): Promise<void> {
    for (const id of [...this.runtimes.keys()]) await this.reloadCampaign(id);
  }

  async reloadCallerIds(): Promise<void> {
    this.poolDay = brasiliaDayStart(this.deps.clock.now());
    const { numbers, today } = await this.deps.store.callerIdPool(isoDay(this.poolDay));
    this.callerIds.load(numbers, today);
  }

  callerIdStats(e164: string) {
    return this.callerIds.stats(e164);
  }

  private chooseCallerId(ddd: string, now: number): string | null {
    const day = brasiliaDayStart(now);
    if (day !== this.poolDay) {
      this.poolDay = day;
      this.callerIds.newDay();
    }
    const chosen = this.callerIds.choose(ddd, now, day + DAY_MS);
    if (chosen) void this.deps.store.saveCallerIdDay(chosen, isoDay(day), this.callerIds.stats(chosen));
    return chosen;
  }

  private async loadCampaign(detail: CampaignDetail, resumeOwing = false): Promise<void> {
    // a stop made after the leads were read (a payment meanwhile) is newer than what they show: it stays
    const readAfterStop = this.stopSeq;
    const leads = await this.deps.store.loadLeads(detail.id);
    const ranks = rankLeads(leads, detail.settings.priority);
    const previous = this.runtimes.get(detail.id);
    // checked leads of the previous load go back: the new queue has them (they were never leased)
    for (const c of previous?.prepared ?? []) this.busyDebtors.delete(c.debtorId);
    if (previous) previous.prepared = [];
    const queue = new LeadQueue(leads.count);
    const leased = new Set([...this.leases.values()].filter((x) => x.campaignId === detail.id).map((x) => x.debtorId as number));
    for (let i = 0; i < leads.count; i++) {
      const debtorId = leads.debtorId[i]!;
      const stoppedAt = this.stopped.get(debtorId);
      if (stoppedAt !== undefined && resumeOwing && leads.balance[i]! > 0 && stoppedAt <= readAfterStop) this.stopped.delete(debtorId);
      if (leased.has(debtorId) || this.stopped.has(debtorId)) continue;
      queue.put(debtorId, ranks[i]!, Math.max(leads.nextAttemptAt[i]!, this.busyDebtors.get(debtorId as DebtorId) ?? 0));
    }
    const leasedCallbacks = new Set([...this.leases.values()].map((l) => l.callback?.id));
    const callbacks = (await this.deps.store.pendingCallbacks(detail.id)).filter((cb) => !leasedCallbacks.has(cb.id));
    this.runtimes.set(detail.id, {
      detail,
      queue,
      prepared: [],
      refilling: false,
      callbacks,
      pacer: previous?.pacer ?? new QuitaPacer(),
      day: previous?.day ?? { start: brasiliaDayStart(this.deps.clock.now()), attempts: 0, shortCalls: 0, humanAnswered: 0, abandoned: 0, denials: {} },
    });
  }

  campaignStats(id: CampaignId): { leadsReady: number; leadsWaiting: number; leased: number; denialsToday: Partial<Record<DenyReason['code'], number>> } | null {
    const rt = this.runtimes.get(id);
    if (!rt) return null;
    const inHeap = rt.queue.readyCount(this.deps.clock.now());
    const leased = [...this.leases.values()].filter((l) => l.campaignId === id).length;
    // the queue still knows leads taken out of it (prepared or leased), to put them back in order
    this.rollDay(rt, this.deps.clock.now());
    return { leadsReady: inHeap + rt.prepared.length, leadsWaiting: rt.queue.size - inHeap - rt.prepared.length - leased, leased, denialsToday: { ...rt.day.denials } };
  }

  /**
   * What the wallboard shows live: per campaign the pacing in force and the lines in use, leads left and today's
   * refusals; per agent the lead on their screen or call (masked) and since when the call is connected.
   */
  liveBoard(): {
    campaigns: { id: CampaignId; detail: CampaignDetail; leadsLeft: number; leadsReady: number; linesInUse: number; agentsLoggedIn: number; agentsWorking: number; agentsOnCall: number; denialsToday: Partial<Record<DenyReason['code'], number>> }[];
    agents: { userId: UserId; campaignIds: number[]; lead: { campaignId: number; campaignName: string; debtorName: string; document: string; dialedAt: number | null; answeredAt: number | null } | null }[];
    callerIds: ReturnType<CallerIdPool['health']>;
  } {
    const now = this.deps.clock.now();
    const stateOf = (id: UserId) => this.deps.agentState(id)?.state.name ?? 'offline';
    const working = (id: UserId) => ['available', 'dialing', 'on_call', 'wrap_up'].includes(stateOf(id));
    const campaigns = [...this.runtimes.values()].map((rt) => {
      const stats = this.campaignStats(rt.detail.id)!;
      const team = (rt.detail.agentIds as UserId[]).filter(working);
      const lines = [...this.leases.values()].filter((l) => l.campaignId === rt.detail.id && l.attempt && l.attempt.endedAt === null).length;
      return {
        id: rt.detail.id, detail: rt.detail, leadsLeft: rt.queue.size, leadsReady: stats.leadsReady, linesInUse: lines, agentsWorking: team.length,
        agentsLoggedIn: (rt.detail.agentIds as UserId[]).filter((id) => stateOf(id) !== 'offline').length,
        agentsOnCall: team.filter((id) => stateOf(id) === 'on_call').length, denialsToday: stats.denialsToday,
      };
    });
    const byAgent = new Map<UserId, number[]>();
    for (const rt of this.runtimes.values()) for (const id of rt.detail.agentIds as UserId[]) byAgent.set(id, [...(byAgent.get(id) ?? []), rt.detail.id]);
    const leadOf = new Map<UserId, LiveLease>();
    // the lead with a call in progress wins over one only on screen
    for (const l of this.leases.values()) if (!leadOf.has(l.userId) || (l.attempt && l.attempt.endedAt === null)) leadOf.set(l.userId, l);
    const agents = [...new Set([...byAgent.keys(), ...leadOf.keys()])].map((userId) => {
      const l = leadOf.get(userId);
      const live = l?.attempt && l.attempt.endedAt === null ? l.attempt : null;
      return {
        userId, campaignIds: byAgent.get(userId) ?? [],
        lead: l ? { campaignId: l.campaignId, campaignName: l.lead.campaignName, debtorName: l.lead.debtor.name, document: l.lead.debtor.document, dialedAt: live?.startedAt ?? null, answeredAt: live?.answeredAt ?? null } : null,
      };
    });
    return { campaigns, agents, callerIds: this.callerIds.health(now) };
  }

  /**
   * An agent moved between campaigns: leads not yet dialed from campaigns they left go back, the next comes from
   * the new one. Their personal callbacks in a campaign they left become callbacks for anyone in that campaign
   * (the debtor asked to be called back; nobody would be there to do it). Returns how many were handed over.
   */
  async agentMoved(userId: UserId): Promise<{ callbacksToAnyone: number }> {
    const now = this.deps.clock.now();
    const works = (campaignId: CampaignId) => (this.runtimes.get(campaignId)?.detail.agentIds as number[] | undefined)?.includes(userId) ?? false;
    for (const lease of [...this.leases.values()]) {
      if (lease.userId !== userId || lease.attempt || works(lease.campaignId)) continue;
      this.deps.push.revoked(userId, { leaseId: lease.id, reason: 'removed' });
      await this.release(lease, now);
    }
    let callbacksToAnyone = 0;
    for (const rt of this.runtimes.values()) {
      if (works(rt.detail.id)) continue;
      const own = rt.callbacks.filter((cb) => cb.userId === userId);
      if (own.length === 0) continue;
      for (const cb of own) cb.userId = null;
      callbacksToAnyone += own.length;
      await this.deps.store.callbacksToAnyone(rt.detail.id, userId);
    }
    if (this.deps.agentState(userId)?.state.name === 'available') await this.assignIfIdle(userId);
    return { callbacksToAnyone };
  }

  /** Debtors leased to an agent right now, on a screen or a call (a reassignment leaves them where they are). */
  heldDebtors(): ReadonlySet<number> {
    return new Set([...this.leases.values()].map((l) => l.debtorId));
  }

  /** The agent's open leases (a reconnecting console gets them back). */
  leasesOf(userId: UserId): Lead[] {
    return [...this.leases.values()].filter((l) => l.userId === userId).map((l) => l.lead);
  }

  /**
   * A payment stops collection at once. Everything in memory happens before this returns (no await): the
   * debtor leaves every queue, prepared buffer and callback list; a ringing line is cancelled, a lead on an
   * agent's screen vanishes, an agent already talking is told. The caller may then acknowledge the payment
   * knowing no dial can follow. The attempts and leases ended here are written through the store's journal;
   * the debtor's campaign rows are not: the payment's transaction closed them as paid, and a 'paid' of the
   * dialer's own, held in the journal while a mailing import holds the lock, could close a row that import
   * revived for a new debt.
   */
  stopDebtor(debtorId: DebtorId, amountCents: number): { cancelledLines: number; revokedLeads: number; liveCalls: number } {
    const now = this.deps.clock.now();
    this.stopped.set(debtorId, ++this.stopSeq);
    const effect = { cancelledLines: 0, revokedLeads: 0, liveCalls: 0 };
    for (const rt of this.runtimes.values()) {
      rt.queue.remove(debtorId);
      rt.prepared = rt.prepared.filter((c) => c.debtorId !== debtorId);
      rt.callbacks = rt.callbacks.filter((cb) => cb.debtorId !== debtorId);
    }
    for (const lease of [...this.leases.values()]) {
      if (lease.debtorId !== debtorId) continue;
      const attempt = lease.attempt;
      if (attempt && attempt.answeredAt !== null && attempt.endedAt === null) {
        this.deps.push.paid(lease.userId, { leaseId: lease.id, debtorId, amountCents });
        effect.liveCalls++;
        continue; // the conversation goes on; its disposition records the call (the payment closed the row)
      }
      if (attempt && attempt.endedAt === null) {
        this.deps.push.cancel(lease.userId, { attemptId: attempt.id, reason: 'paid' });
        effect.cancelledLines++;
        attempt.endedAt = now;
        void this.finish(lease, 'cancelled', null, null, now);
        if (!attempt.predictive) this.deps.dispatchAgent(lease.userId, { type: 'unanswered' });
      } else if (!attempt) {
        this.deps.push.revoked(lease.userId, { leaseId: lease.id, reason: 'paid' });
        effect.revokedLeads++;
        void this.finish(lease, 'cancelled', null, null, now);
        const state = this.deps.agentState(lease.userId)?.state.name;
        if (state === 'available') void this.assignIfIdle(lease.userId);
      }
    }
    this.busyDebtors.delete(debtorId);
    return effect;
  }

  /**
   * Undoes stopDebtor: the debtor owes again (an agreement broke). Only the in-memory stop is lifted; the
   * caller reloads the campaigns, which read who is due from the database.
   */
  resumeDebtor(debtorId: DebtorId): void {
    this.stopped.delete(debtorId);
  }

  /** An agreement was made: the debtor leaves every queue (the agent's own lead ends with its disposition). */
  takeOutOfQueues(debtorId: number, campaignId?: number): void {
    for (const rt of this.runtimes.values()) {
      if (campaignId !== undefined && rt.detail.id !== campaignId) continue;
      rt.queue.remove(debtorId);
      rt.prepared = rt.prepared.filter((c) => c.debtorId !== debtorId);
      rt.callbacks = rt.callbacks.filter((cb) => cb.debtorId !== debtorId);
    }
  }

  /**
   * A broken promise turned out kept: the debtor leaves the queue of the campaign the break had returned it
   * to, and, as stopDebtor does but in that campaign only, a lead of it already on an agent's screen is revoked
   * and a line still ringing is cancelled (reason promise_kept). A call already answered goes on.
   */
  promiseKept(debtorId: DebtorId, campaignId: number): void {
    const now = this.deps.clock.now();
    const freed: UserId[] = [];
    for (const lease of [...this.leases.values()]) {
      if (lease.debtorId !== debtorId || lease.campaignId !== campaignId) continue;
      const attempt = lease.attempt;
      if (attempt && attempt.endedAt === null && attempt.answeredAt === null) {
        this.deps.push.cancel(lease.userId, { attemptId: attempt.id, reason: 'promise_kept' });
        attempt.endedAt = now;
        void this.finish(lease, 'cancelled', null, null, now);
        if (!attempt.predictive) this.deps.dispatchAgent(lease.userId, { type: 'unanswered' });
      } else if (!attempt) {
        this.deps.push.revoked(lease.userId, { leaseId: lease.id, reason: 'promise_kept' });
        void this.finish(lease, 'cancelled', null, null, now);
        freed.push(lease.userId);
      }
    }
    // after finish, which puts a cancelled lead back in the queue synchronously; before the agents get a new lead
    this.takeOutOfQueues(debtorId, campaignId);
    for (const userId of freed) if (this.deps.agentState(userId)?.state.name === 'available') void this.assignIfIdle(userId);
  }

  /** Called on every agent state change: a ready agent without a lead gets one. */
  onPresence(p: AgentPresence): void {
    if (p.state.name === 'available') void this.assignIfIdle(p.userId);
    if (p.state.name === 'offline') void this.releaseAgent(p.userId);
  }

  /**
   * The next lead for this agent in preview/progressive campaigns: a due callback first (to this agent,
   * then to anyone), else the best ready lead of the agent's active campaigns that the rules allow now.
   * The fast path takes a lead already checked ahead of time (the campaign's prepared buffer), so a ready
   * agent waits microseconds, not database round trips, even when the whole team asks at once.
   */
  async nextLead(userId: UserId): Promise<Lead | null> {
    const now = this.deps.clock.now();
    const campaigns = this.campaignsOf(userId).filter((rt) => rt.detail.mode !== 'predictive' && withinHours(rt.detail.settings.hours, now));
    if (campaigns.length === 0) return null;
    const callback = this.dueCallback(campaigns, userId, now);
    if (callback) {
      const rt = this.runtimes.get(callback.campaignId)!;
      this.busyDebtors.set(callback.debtorId, now + this.leaseTtlMs);
      rt.callbacks.splice(rt.callbacks.indexOf(callback), 1);
      rt.queue.remove(callback.debtorId);
      const candidate = await this.inspect(rt, callback.debtorId, callback);
      if (candidate) return this.lease(rt, candidate, userId);
    }
    for (const rt of campaigns) {
      const candidate = await this.nextCandidate(rt, now);
      if (candidate) return this.lease(rt, candidate, userId);
    }
    return null;
  }

  /** The prepared head, unless a better lead became ready since (a retry due, a lead given back). */
  private async nextCandidate(rt: Runtime, now: number): Promise<Candidate | null> {
    const best = rt.queue.bestReadyRank(now);
    const head = rt.prepared[0];
    let candidate = head && (best === null || this.rankOf(rt, head.debtorId) <= best) ? rt.prepared.shift()! : ((await this.takeCandidate(rt)) ?? rt.prepared.shift() ?? null);
    this.refill(rt);
    // checked on an earlier day: today's counters start again, check once more
    if (candidate && candidate.day !== brasiliaDayStart(now)) candidate = await this.inspect(rt, candidate.debtorId, candidate.callback);
    return candidate;
  }

  /** A due callback for this agent first, then one for anyone, whose debtor nobody holds. */
  private dueCallback(campaigns: Runtime[], userId: UserId, now: number): DueCallback | null {
    let best: DueCallback | null = null;
    for (const rt of campaigns) {
      for (const cb of rt.callbacks) {
        if (cb.dueAt > now || (cb.userId !== null && cb.userId !== userId) || this.busyDebtors.has(cb.debtorId) || this.stopped.has(cb.debtorId)) continue;
        if (!best || (best.userId === null && cb.userId !== null) || ((best.userId === null) === (cb.userId === null) && cb.dueAt < best.dueAt)) best = cb;
      }
    }
    return best;
  }

  /** Keeps a buffer of checked leads, about the size of the team, filled in the background. */
  private refill(rt: Runtime): void {
    if (rt.refilling) return;
    rt.refilling = true;
    setImmediate(() => void this.fill(rt).finally(() => (rt.refilling = false)));
  }

  private async fill(rt: Runtime): Promise<void> {
    try {
      const want = Math.max(MIN_PREPARED, rt.detail.agentIds.length);
      // outside the campaign's hours every lead would only be put off till tomorrow
      if (!withinHours(rt.detail.settings.hours, this.deps.clock.now())) return;
      while (this.runtimes.get(rt.detail.id) === rt && rt.prepared.length < want) {
        const candidate = await this.takeCandidate(rt);
        if (!candidate) break;
        rt.prepared.push(candidate);
      }
    } catch (e) {
      this.deps.logger.error({ err: e, campaignId: rt.detail.id }, 'preparing leads failed');
    }
  }

  /** Takes the best ready lead that the rules allow now, reserved for this process; deferred ones are put back. */
  private async takeCandidate(rt: Runtime): Promise<Candidate | null> {
    for (let i = 0; i < this.maxLookups; i++) {
      const now = this.deps.clock.now();
      const debtorId = rt.queue.take(now) as DebtorId | null;
      if (debtorId === null) return null;
      if (this.stopped.has(debtorId)) {
        rt.queue.remove(debtorId);
        continue;
      }
      const busyUntil = this.busyDebtors.get(debtorId);
      if (busyUntil !== undefined) {
        // leased in another campaign (or by a lease from before a restart): look again when it ends
        rt.queue.put(debtorId, this.rankOf(rt, debtorId), Math.max(busyUntil, now + RETRY_LEASE_CONFLICT_MS));
        continue;
      }
      // reserved synchronously: no concurrent request can take this debtor from here on
      this.busyDebtors.set(debtorId, now + this.leaseTtlMs);
      const candidate = await this.inspect(rt, debtorId, null);
      if (candidate) return candidate;
    }
    return null;
  }

  /** A lead taken from the queue keeps its slot there, so putting it back keeps its place in the order. */
  private rankOf(rt: Runtime, debtorId: number): number {
    return rt.queue.rankOf(debtorId) ?? Number.MAX_SAFE_INTEGER;
  }

  /** Checks a reserved debtor against the limits and picks its phone; or puts it back for later. */
  private async inspect(rt: Runtime, debtorId: DebtorId, callback: DueCallback | null): Promise<Candidate | null> {
    const { settings } = rt.detail;
    const now = this.deps.clock.now();
    const giveBack = (at: number) => {
      this.busyDebtors.delete(debtorId);
      if (callback === null) rt.queue.put(debtorId, this.rankOf(rt, debtorId), at);
    };
    const d = await this.deps.store.loadLeadDebtor(rt.detail.id, debtorId, brasiliaDayStart(now));
    if (!d || this.stopped.has(debtorId)) {
      // left the campaign (done, removed by a mailing) since the queue was loaded
      this.busyDebtors.delete(debtorId);
      rt.queue.remove(debtorId);
      return null;
    }
    const own = callback?.phoneId ? d.phones.filter((p) => p.id === callback.phoneId) : [];
    let denial: DenyReason[] | null = null;
    let retryAt = Infinity;
    let debtorStop: DenyReason | undefined;
    // the callback's phone first, then the least tried; the first phone the policy allows now is dialed
    for (const phone of [...own, ...phoneOrder(d.phones.filter((p) => !own.includes(p)))]) {
      const decision = checkContact(this.contactInput(rt, d, phone, now), this.contactRules);
      if (decision.allow) return { debtorId, debtor: d, phone, callback, day: brasiliaDayStart(now) };
      denial ??= decision.reasons;
      if (decision.retryAt !== null) retryAt = Math.min(retryAt, decision.retryAt);
      debtorStop ??= decision.reasons.find((r) => DEBTOR_STOPS.has(r.code));
    }
    if (denial) await this.recordDenial(rt, debtorId, denial, now);
    if (debtorStop || !Number.isFinite(retryAt)) {
      // a hard stop (prescribed debt, a hold, no dialable phone): the debtor leaves this campaign
      this.busyDebtors.delete(debtorId);
      rt.queue.remove(debtorId);
      await this.deps.store.closeLead(rt.detail.id, debtorId, debtorStop ? `policy:${debtorStop.code}` : 'no_dialable_phone', now);
      return null;
    }
    const at = nextOpening(settings.hours, retryAt);
    await this.deps.store.deferLead(rt.detail.id, debtorId, at);
    giveBack(at);
    return null;
  }

  /** The policy's question for one phone of a checked debtor, at an instant. */
  private contactInput(rt: Runtime, d: LeadDebtor, phone: DialablePhone, now: number): ContactInput {
    const { limits } = rt.detail.settings;
    return {
      now,
      phone: { e164: phone.e164, ddd: phone.ddd, status: phone.status },
      address: d.address,
      holds: d.holds,
      attemptsToday: { phone: phone.attemptsToday, debtor: d.attemptsToday },
      limits: { perPhonePerDay: limits.attemptsPerPhonePerDay, perDebtorPerDay: limits.attemptsPerDebtorPerDay },
      lists: { internalDnc: phone.internalDnc, naoMeLigue: phone.naoMeLigue },
    };
  }

  private async recordDenial(rt: Runtime, debtorId: DebtorId, reasons: DenyReason[], now: number): Promise<void> {
    this.rollDay(rt, now);
    for (const r of reasons) rt.day.denials[r.code] = (rt.day.denials[r.code] ?? 0) + 1;
    await this.deps.store.recordDenial({ debtorId, campaignId: rt.detail.id, at: now, summary: describeDenial(reasons), reasons });
  }

  /** Leases a checked candidate to an agent: in memory at once; the store writes it within milliseconds. */
  private async lease(rt: Runtime, c: Candidate, userId: UserId): Promise<Lead | null> {
    const now = this.deps.clock.now();
    if (this.stopped.has(c.debtorId)) return null;
    const callerId = this.chooseCallerId(c.phone.ddd, now);
    if (!callerId) {
      this.deps.logger.error({ campaignId: rt.detail.id }, 'no caller ID available (pool empty, inactive, at its caps or resting): not dialing');
      this.busyDebtors.delete(c.debtorId);
      if (c.callback) rt.callbacks.push(c.callback);
      else rt.queue.put(c.debtorId, this.rankOf(rt, c.debtorId), now + 60_000);
      return null;
    }
    const expiresAt = now + this.leaseTtlMs;
    const callbackId = c.callback?.id ?? null;
    const leaseId = await this.deps.store.openLease({ campaignId: rt.detail.id, debtorId: c.debtorId, phoneId: c.phone.id as PhoneId, userId, callbackId, at: now, expiresAt });
    const { settings } = rt.detail;
    const lead: Lead = {
      leaseId,
      campaignId: rt.detail.id,
      campaignName: rt.detail.name,
      mode: rt.detail.mode,
      debtor: { id: c.debtorId, name: c.debtor.name, document: maskDocument(c.debtor.documentKind, c.debtor.document) },
      phone: { id: c.phone.id as PhoneId, masked: maskPhone(c.phone.e164), ddd: c.phone.ddd },
      callbackAt: c.callback?.dueAt ?? null,
      autoDialAt: rt.detail.mode === 'preview' && settings.previewAutoDialSeconds !== null ? now + settings.previewAutoDialSeconds * 1000 : null,
      wrapUpSeconds: settings.wrapUpSeconds,
      leaseExpiresAt: expiresAt,
    };
    this.leases.set(leaseId, {
      id: leaseId, campaignId: rt.detail.id, debtorId: c.debtorId, userId, phone: c.phone, debtor: c.debtor, callerId, callback: c.callback, expiresAt,
      attemptsToday: c.debtor.attemptsToday, attemptsInCampaign: c.debtor.attemptsInCampaign, attempt: null, lead,
    });
    this.busyDebtors.set(c.debtorId, expiresAt);
    return lead;
  }

  /** Assigns and pushes a lead to an available agent without one; progressive dials it at once. */
  private async assignIfIdle(userId: UserId): Promise<void> {
    if (this.assigning.has(userId) || this.leasesOf(userId).length > 0) return;
    this.assigning.add(userId);
    try {
      const lead = await this.nextLead(userId);
      if (!lead) return;
      if (this.deps.agentState(userId)?.state.name !== 'available') {
        // the agent paused or left while the lead was being prepared
        await this.release(this.leases.get(lead.leaseId)!, this.deps.clock.now());
        return;
      }
      this.deps.push.lead(userId, lead);
      if (lead.mode === 'progressive') {
        const dialed = await this.dial(userId, lead.leaseId);
        if (dialed.ok) this.deps.push.dial(userId, dialed.data);
      }
    } finally {
      this.assigning.delete(userId);
    }
  }

  /** Starts the call for a leased lead (preview: the agent clicked, or the countdown ended). */
  async dial(userId: UserId, leaseId: LeaseId): Promise<Result<DialCommand>> {
    const lease = this.leases.get(leaseId);
    if (!lease || lease.userId !== userId) return err('not_found', 'This lead is no longer yours');
    if (lease.attempt) return err('conflict', 'This lead was already dialed');
    const denied = await this.deniedAtDial(lease);
    if (denied) return err('forbidden', denied);
    const moved = this.deps.dispatchAgent(userId, { type: 'dial' });
    if (!moved.ok) return moved;
    return ok(await this.startAttempt(lease, false));
  }

  /**
   * The contact policy asked again at the instant of dialing (a lead prepared at 19:59 must not ring at
   * 20:00:01). A denial goes on the timeline; the lead returns for when it is allowed, or leaves the campaign.
   */
  private async deniedAtDial(lease: LiveLease): Promise<string | null> {
    const rt = this.runtimes.get(lease.campaignId)!;
    const now = this.deps.clock.now();
    const decision = checkContact(this.contactInput(rt, lease.debtor, lease.phone, now), this.contactRules);
    if (decision.allow) return null;
    await this.recordDenial(rt, lease.debtorId, decision.reasons, now);
    this.leases.delete(lease.id);
    this.busyDebtors.delete(lease.debtorId);
    const stop = decision.reasons.find((r) => DEBTOR_STOPS.has(r.code));
    if (stop) {
      rt.queue.remove(lease.debtorId);
      await this.deps.store.closeLead(rt.detail.id, lease.debtorId, `policy:${stop.code}`, now);
    } else {
      // timed: back when allowed; a phone flagged meanwhile: look again now (another phone may do)
      const at = decision.retryAt === null ? now : nextOpening(rt.detail.settings.hours, decision.retryAt);
      if (lease.callback) rt.callbacks.push({ ...lease.callback, dueAt: Math.max(lease.callback.dueAt, at) });
      else rt.queue.put(lease.debtorId, this.rankOf(rt, lease.debtorId), at);
      await this.deps.store.deferLead(rt.detail.id, lease.debtorId, at);
    }
    await this.deps.store.closeLease(lease.id, now);
    this.deps.push.revoked(lease.userId, { leaseId: lease.id, reason: 'policy' });
    return describeDenial(decision.reasons);
  }

  private async startAttempt(lease: LiveLease, predictive: boolean): Promise<DialCommand> {
    const now = this.deps.clock.now();
    const rt = this.runtimes.get(lease.campaignId)!;
    const attemptId = await this.deps.store.createAttempt({
      leaseId: lease.id, campaignId: lease.campaignId, debtorId: lease.debtorId, phoneId: lease.phone.id as PhoneId,
      userId: lease.userId, mode: rt.detail.mode, callerId: lease.callerId, at: now,
    });
    lease.attempt = { id: attemptId, startedAt: now, answeredAt: null, endedAt: null, predictive };
    this.attempts.set(attemptId, lease);
    this.rollDay(rt, now);
    rt.day.attempts++;
    return { attemptId, leaseId: lease.id, debtorId: lease.debtorId, to: lease.phone.e164, callerId: lease.callerId, predictive };
  }

  /** The softphone's news about a call: answered (connect or drop?) or ended before anyone spoke. */
  async callEvent(userId: UserId, event: CallEvent): Promise<Result<AnswerVerdict | null>> {
    const lease = this.attempts.get(event.attemptId as AttemptId);
    if (!lease || lease.userId !== userId || !lease.attempt) return err('not_found', 'No such call for this agent');
    const now = this.deps.clock.now();
    const rt = this.runtimes.get(lease.campaignId)!;
    const attempt = lease.attempt;
    if (event.event === 'answered') {
      if (attempt.answeredAt !== null) return ok({ connect: true });
      attempt.answeredAt = now;
      await this.deps.store.markAnswered(attempt.id, now);
      rt.pacer.observe({ type: 'human', ringSeconds: (now - attempt.startedAt) / 1000 });
      rt.day.humanAnswered++;
      const state = this.deps.agentState(userId)?.state.name;
      const free = state === 'dialing' || (attempt.predictive && state === 'available');
      if (!free) {
        // a predictive line answered while its agent is busy: nobody to talk to (an abandon)
        rt.day.abandoned++;
        await this.finish(lease, 'abandoned', null, null, now);
        await this.paceOnAnswer(rt, now);
        return ok({ connect: false });
      }
      this.deps.dispatchAgent(userId, { type: 'answer' });
      this.renew(lease, now);
      // the first answer wins: the agent's other lines stop ringing at once
      for (const other of this.leases.values()) {
        if (other.userId === userId && other !== lease && other.attempt && other.attempt.answeredAt === null) {
          this.deps.push.cancel(userId, { attemptId: other.attempt.id, reason: 'other_line_answered' });
          await this.finish(other, 'cancelled', null, null, now);
        }
      }
      if (attempt.predictive) await this.paceOnAnswer(rt, now);
      return ok({ connect: true });
    }
    if (attempt.endedAt !== null) return ok(null);
    attempt.endedAt = now;
    if (attempt.answeredAt !== null) {
      // the conversation ended: wrap-up until the agent's disposition
      rt.pacer.observe({ type: 'call_ended', talkSeconds: (now - attempt.answeredAt) / 1000 });
      this.deps.dispatchAgent(userId, { type: 'hangup' });
      return ok(null);
    }
    await this.endUnanswered(lease, event.outcome ?? 'no_answer', event.sipCode ?? null, now);
    return ok(null);
  }

  /** A line nobody answered ended: recorded, and the agent goes straight back to ready (no wrap-up for a busy signal). */
  private async endUnanswered(lease: LiveLease, outcome: DialOutcome, sipCode: number | null, now: number): Promise<void> {
    const rt = this.runtimes.get(lease.campaignId)!;
    const attempt = lease.attempt!;
    attempt.endedAt = now;
    if (now - attempt.startedAt <= SHORT_CALL_MS) rt.day.shortCalls++;
    rt.pacer.observe({ type: 'not_human', ringSeconds: (now - attempt.startedAt) / 1000 });
    await this.finish(lease, outcome, sipCode, null, now);
    if (!attempt.predictive) this.deps.dispatchAgent(lease.userId, { type: 'unanswered' });
  }

  /**
   * Lines that rang past the ring timeout (and its grace) without news: the softphone's 'ended' was lost (the
   * socket was down). Ended here as no_answer, so a reconnecting console is never asked to dial them again.
   */
  private async expireRings(now: number): Promise<void> {
    const timeout = this.deps.ringTimeoutMs;
    if (timeout === undefined) return;
    for (const lease of [...this.leases.values()]) {
      const a = lease.attempt;
      if (!a || a.answeredAt !== null || a.endedAt !== null || now - a.startedAt < timeout + RING_GRACE_MS) continue;
      this.deps.push.cancel(lease.userId, { attemptId: a.id, reason: 'ring_timeout' });
      await this.endUnanswered(lease, 'no_answer', null, now);
    }
  }

  /**
   * The agent's disposition: outcome, reason for default, promise, note, callback. Ends the lease; the agent
   * is ready again. Idempotent by `key`: a console retrying after a lost ack is acknowledged again, nothing
   * recorded twice. A lease this process no longer holds (the server restarted while the disposition waited in
   * the console's outbox) is read back from the store, so a disposition made while the server was down counts.
   */
  async dispose(userId: UserId, d: Disposition): Promise<Result<null>> {
    if (d.key !== undefined) {
      const seen = this.disposedKeys.get(d.key) ?? (await this.deps.store.dispositionByKey(d.key));
      if (seen) return seen.userId === userId && seen.leaseId === d.leaseId ? ok(null) : err('conflict', 'key: already used for another disposition');
    }
    const now = this.deps.clock.now();
    if (d.outcome === 'callback' && d.callbackAt! <= now) return err('bad_request', 'callbackAt: the callback must be in the future');
    if (d.promise) {
      const [first, last] = promiseDueRange(isoDay(brasiliaDayStart(now)));
      if (d.promise.dueDate < first) return err('bad_request', `promise.dueDate: the date cannot be before today (${first})`);
      if (d.promise.dueDate > last) return err('bad_request', `promise.dueDate: at most ${PROMISE_MAX_DAYS} days ahead (${last})`);
    }
    let lease = this.leases.get(d.leaseId as LeaseId);
    if (lease && lease.userId !== userId) return err('not_found', 'This lead is no longer yours');
    if (!lease) {
      const restored = await this.restoredLease(d.leaseId as LeaseId, userId);
      if (!restored.ok) return restored;
      lease = restored.data;
    }
    const callback = d.outcome === 'callback' ? { dueAt: d.callbackAt!, userId: d.callbackFor === 'anyone' ? null : userId, phoneId: lease.phone.id as PhoneId, createdBy: userId } : null;
    if (d.key !== undefined) {
      this.disposedKeys.set(d.key, { userId, leaseId: lease.id });
      if (this.disposedKeys.size > 10_000) this.disposedKeys.delete(this.disposedKeys.keys().next().value!);
    }
    await this.finish(lease, d.outcome, null, d.note ?? null, now, callback, {
      key: d.key ?? null, userId, defaultReason: d.defaultReason ?? null, promise: d.promise ?? null, timeline: dispositionSummary(d),
    });
    const state = this.deps.agentState(userId)?.state.name;
    if (state === 'wrap_up' || state === 'dialing' || state === 'on_call') {
      if (state !== 'wrap_up') this.deps.dispatchAgent(userId, { type: 'hangup' });
      this.deps.dispatchAgent(userId, { type: 'goAvailable' });
    } else if (state === 'available') {
      void this.assignIfIdle(userId);
    }
    return ok(null);
  }

  /**
   * A lease from the store for a late disposition: still open (the server restarted), closed by the TTL while
   * the server was down, or closed by the wrap-up timeout's default. The agent's outcome is taken only while
   * the call has none of its own (null or the timeout's default), within LATE_DISPOSITION_MS of the call, and
   * while nobody has dialed or holds the debtor since; otherwise a final refusal the console shows.
   */
  private async restoredLease(leaseId: LeaseId, userId: UserId): Promise<Result<LiveLease>> {
    const now = this.deps.clock.now();
    const stored = await this.deps.store.leaseForDisposition(leaseId, brasiliaDayStart(now));
    if (!stored || stored.userId !== userId) return err('not_found', 'This lead is no longer yours');
    const a = stored.attempt;
    const outcome = a?.outcome ?? null;
    if (outcome !== null && outcome !== WRAP_UP_TIMEOUT_OUTCOME) return err('conflict', 'This call already has an outcome: the disposition was not recorded');
    if (stored.released && !a) return err('conflict', 'This lead was given back without a call: nothing to record');
    const late = a ? now - (a.endedAt ?? a.startedAt) : 0;
    if (late > LATE_DISPOSITION_MS) return err('conflict', 'Too late: a disposition is taken up to 24 h after its call; this one was not recorded');
    const heldByOther = [...this.leases.values()].some((l) => l.debtorId === stored.debtorId);
    if (stored.newerAttempt || (stored.released && heldByOther)) return err('conflict', 'The debtor was called again since: this disposition was not recorded');
    // reserved for a coming lead, not yet anyone's: it goes back (finish() decides when the debtor is next due)
    if (stored.released) this.unprepare(stored.debtorId);
    const attempt = a ? { id: a.id, startedAt: a.startedAt, answeredAt: a.answeredAt, endedAt: a.endedAt ?? now, predictive: false } : null;
    const dialed = a ? 1 : 0;
    return ok({
      id: stored.id, campaignId: stored.campaignId, debtorId: stored.debtorId, userId: stored.userId,
      phone: { id: stored.phoneId, e164: '', ddd: '', status: 'valid', internalDnc: false, naoMeLigue: false, attemptsToday: 0, lastAttemptAt: null },
      // only what finish() reads is restored
      debtor: null as unknown as LeadDebtor,
      // '' = restored: this attempt's caller-ID figures were counted by the process that dialed it
      callerId: '', callback: stored.callbackId !== null ? { id: stored.callbackId } as DueCallback : null,
      // the counts before this attempt (finish() adds it back); an attempt of an earlier day is not in today's
      expiresAt: 0, attemptsToday: Math.max(0, stored.attemptsToday - dialed), attemptsInCampaign: Math.max(0, stored.attemptsInCampaign - dialed), attempt, lead: null as unknown as Lead,
    });
  }

  /** Takes a debtor out of every prepared buffer (reserved for a lead, not leased). */
  private unprepare(debtorId: DebtorId): void {
    for (const rt of this.runtimes.values()) {
      const before = rt.prepared.length;
      rt.prepared = rt.prepared.filter((c) => c.debtorId !== debtorId);
      if (rt.prepared.length !== before) this.busyDebtors.delete(debtorId);
    }
  }

  /** Answered calls whose wrap-up ran out: the server records the documented default and moves the agent on. */
  private async expireWrapUps(now: number): Promise<void> {
    for (const lease of [...this.leases.values()]) {
      const a = lease.attempt;
      if (!a || a.answeredAt === null || a.endedAt === null) continue;
      const limit = (this.runtimes.get(lease.campaignId)?.detail.settings.wrapUpSeconds ?? DEFAULT_CAMPAIGN_SETTINGS.wrapUpSeconds) * 1000;
      if (now - a.endedAt < limit) continue;
      await this.finish(lease, WRAP_UP_TIMEOUT_OUTCOME, null, null, now, null, {
        key: null, userId: lease.userId, defaultReason: null, promise: null, timeline: 'Ligação sem resultado: o tempo de pós-atendimento acabou (registrado pelo sistema)',
      });
      this.deps.push.revoked(lease.userId, { leaseId: lease.id, reason: 'wrap_up_timeout' });
      if (this.deps.agentState(lease.userId)?.state.name === 'wrap_up') this.deps.dispatchAgent(lease.userId, { type: 'goAvailable' });
    }
  }

  /** Once a day is enough; run hourly: promises dated before today are broken, their debtors back in the queue. */
  async breakOverduePromises(): Promise<number> {
    const now = this.deps.clock.now();
    const broken = await this.deps.store.breakOverduePromises(isoDay(brasiliaDayStart(now)), now);
    for (const campaignId of new Set(broken.map((b) => b.campaignId))) if (campaignId !== null) await this.reloadCampaign(campaignId);
    return broken.length;
  }

  promisesOf(debtorId: DebtorId): Promise<PromiseView[]> {
    return this.deps.store.promisesOf(debtorId);
  }

  /**
   * Lines still ringing for this agent: sent again to a console that reconnects (a dial push may have been lost).
   * Only lines younger than the ring timeout: an older one has ended on the softphone (its report is on its way).
   */
  ringingDialsOf(userId: UserId): DialCommand[] {
    const now = this.deps.clock.now();
    const young = (startedAt: number) => this.deps.ringTimeoutMs === undefined || now - startedAt < this.deps.ringTimeoutMs;
    return [...this.leases.values()]
      .filter((l) => l.userId === userId && l.attempt && l.attempt.answeredAt === null && l.attempt.endedAt === null && young(l.attempt.startedAt))
      .map((l) => ({ attemptId: l.attempt!.id, leaseId: l.id, debtorId: l.debtorId, to: l.phone.e164, callerId: l.callerId, predictive: l.attempt!.predictive }));
  }

  /** Records the outcome, applies the retry rules, releases the lease. */
  private async finish(
    lease: LiveLease, outcome: DialOutcome, sipCode: number | null, note: string | null, now: number,
    callback: { dueAt: number; userId: UserId | null; phoneId: PhoneId; createdBy: UserId } | null = null,
    disposition: Parameters<DialerStore['finishAttempt']>[0]['disposition'] = null,
  ): Promise<void> {
    const rt = this.runtimes.get(lease.campaignId);
    const settings = rt?.detail.settings;
    const dialed = lease.attempt ? 1 : 0;
    let next = settings
      ? nextStep(settings, outcome, { debtorToday: lease.attemptsToday + dialed, debtorLifetime: lease.attemptsInCampaign + dialed }, now)
      : ({ done: false, nextAttemptAt: now } as const);
    // a paid debtor: the payment's transaction closed its rows; the attempt is recorded, the row left as it is
    // (by the time the journal writes, a mailing import may have revived it for a new debt)
    const paid = this.stopped.has(lease.debtorId);
    // a scheduled callback brings the debtor back itself; the queue waits a grace hour after it
    if (callback && !next.done) next = { done: false, nextAttemptAt: Math.max(next.nextAttemptAt, settings ? nextOpening(settings.hours, callback.dueAt + 3_600_000) : callback.dueAt) };
    const flag = outcome === 'wrong_number' || outcome === 'third_party' ? { phoneId: lease.phone.id as PhoneId, status: outcome, userId: lease.userId } : null;
    this.leases.delete(lease.id);
    if (lease.attempt) {
      this.attempts.delete(lease.attempt.id);
      if (lease.callerId !== '') this.recordCallerId(lease, outcome, now);
    }
    this.busyDebtors.delete(lease.debtorId);
    if (rt) {
      if (paid || next.done) rt.queue.remove(lease.debtorId);
      else rt.queue.put(lease.debtorId, this.rankOf(rt, lease.debtorId), next.nextAttemptAt);
    }
    const written = await this.deps.store.finishAttempt({
      attemptId: lease.attempt?.id ?? null, leaseId: lease.id, campaignId: lease.campaignId, debtorId: lease.debtorId,
      outcome, sipCode, note, at: now, next: paid ? null : next, phoneFlag: flag, callback, completeCallback: lease.callback?.id ?? null, disposition,
    });
    if (rt && callback && written.callbackId !== null) {
      rt.callbacks.push({ id: written.callbackId, campaignId: lease.campaignId, debtorId: lease.debtorId, phoneId: callback.phoneId, userId: callback.userId, dueAt: callback.dueAt });
    }
  }

  /** The caller ID's figures for the day (Anatel: not answered by a person, voicemail or ≤ 6 s is short). */
  private recordCallerId(lease: LiveLease, outcome: DialOutcome, now: number): void {
    const a = lease.attempt!;
    const answered = a.answeredAt !== null && outcome !== 'abandoned';
    const short = !answered || outcome === 'machine' || (a.endedAt ?? now) - (a.answeredAt ?? a.startedAt) <= SHORT_CALL_MS;
    const day = brasiliaDayStart(now);
    if (day !== this.poolDay) return; // yesterday's call: its day's figures are closed
    const rested = this.callerIds.record(lease.callerId, { answered, short }, day + DAY_MS);
    if (rested) this.deps.logger.warn({ callerId: lease.callerId, reason: rested }, 'caller ID rested for the day');
    void this.deps.store.saveCallerIdDay(lease.callerId, isoDay(day), this.callerIds.stats(lease.callerId));
  }

  /** Gives a lead back untouched (the agent left before dialing, or the lease expired). */
  private async release(lease: LiveLease, now: number): Promise<void> {
    this.leases.delete(lease.id);
    if (lease.attempt) this.attempts.delete(lease.attempt.id);
    this.busyDebtors.delete(lease.debtorId);
    const rt = this.runtimes.get(lease.campaignId);
    if (rt && lease.callback) rt.callbacks.push(lease.callback);
    else if (rt) rt.queue.put(lease.debtorId, this.rankOf(rt, lease.debtorId), now);
    await this.deps.store.closeLease(lease.id, now);
  }

  private async releaseAgent(userId: UserId): Promise<void> {
    const now = this.deps.clock.now();
    for (const lease of [...this.leases.values()]) {
      if (lease.userId !== userId) continue;
      if (lease.attempt) await this.finish(lease, lease.attempt.answeredAt ? 'abandoned' : 'cancelled', null, null, now);
      else await this.release(lease, now);
    }
  }

  private renew(lease: LiveLease, now: number): void {
    lease.expiresAt = now + this.leaseTtlMs;
    lease.lead.leaseExpiresAt = lease.expiresAt;
    this.busyDebtors.set(lease.debtorId, lease.expiresAt);
  }

  /** Once a second: preview countdowns, predictive pacing, idle agents, lease renewal and expiry. */
  async tick(): Promise<void> {
    const now = this.deps.clock.now();
    for (const lease of [...this.leases.values()]) {
      if (lease.lead.autoDialAt !== null && lease.attempt === null && now >= lease.lead.autoDialAt) {
        const dialed = await this.dial(lease.userId, lease.id);
        if (dialed.ok) this.deps.push.dial(lease.userId, dialed.data);
      }
    }
    for (const rt of this.runtimes.values()) {
      if (rt.detail.status === 'active' && rt.detail.mode === 'predictive') await this.pace(rt, now);
    }
    for (const rt of this.runtimes.values()) {
      if (rt.detail.status !== 'active' || rt.detail.mode === 'predictive') continue;
      for (const userId of rt.detail.agentIds as UserId[]) {
        if (this.deps.agentState(userId)?.state.name === 'available') await this.assignIfIdle(userId);
      }
    }
    await this.expireWrapUps(now);
    await this.expireRings(now);
    if (this.ticks++ % 10 === 0) await this.sweepLeases(now);
  }

  /** Connected agents keep their leases alive; leases of agents gone (or of a crashed server) lapse. */
  async sweepLeases(now: number): Promise<void> {
    const renewed: LeaseId[] = [];
    for (const lease of [...this.leases.values()]) {
      const state = this.deps.agentState(lease.userId)?.state.name;
      if (state && state !== 'offline') {
        this.renew(lease, now);
        renewed.push(lease.id);
      } else if (lease.expiresAt <= now) {
        this.deps.push.revoked(lease.userId, { leaseId: lease.id, reason: 'expired' });
        await this.release(lease, now);
      }
    }
    if (renewed.length) await this.deps.store.renewLeases(renewed, now + this.leaseTtlMs);
    for (const l of await this.deps.store.closeExpiredLeases(now)) {
      if (this.busyDebtors.get(l.debtorId) === l.expiresAt) this.busyDebtors.delete(l.debtorId);
    }
  }

  /** Predictive: ask the pacer how many lines to ring, give each to the agent likeliest to be free. */
  private async pace(rt: Runtime, now: number): Promise<void> {
    if (!withinHours(rt.detail.settings.hours, now)) return;
    this.rollDay(rt, now);
    const seen = this.pacingView(rt, now);
    if (!seen) return;
    const { team, ringing, snapshot } = seen;
    const p = rt.detail.settings.pacing;
    const decision = rt.pacer.decide(snapshot);
    await this.cancelLines(ringing, decision.cancel, now);
    const linesOf = (id: UserId) => ringing.filter((l) => l.userId === id).length;
    // idle agents first, then those whose wrap-up has lasted longest; never more lines than the cap
    const order = team
      .filter((a) => a.presence!.state.name === 'available' || a.presence!.state.name === 'wrap_up')
      .sort((a, b) => Number(a.presence!.state.name !== 'available') - Number(b.presence!.state.name !== 'available') || a.presence!.since - b.presence!.since);
    const toDial = Math.min(decision.dial, p.callsPerSecond);
    for (let n = 0; n < toDial; n++) {
      const agent = order.filter((a) => linesOf(a.id) < p.maxLinesPerAgent).sort((a, b) => linesOf(a.id) - linesOf(b.id))[0];
      if (!agent) break;
      const candidate = await this.nextCandidate(rt, now);
      const lead = candidate && (await this.lease(rt, candidate, agent.id));
      if (!lead) break;
      const lease = this.leases.get(lead.leaseId)!;
      if (await this.deniedAtDial(lease)) continue;
      this.deps.push.lead(agent.id, lead);
      const command = await this.startAttempt(lease, true);
      ringing.push(lease);
      this.deps.push.dial(agent.id, command);
    }
  }

  /** What the pacer sees of a predictive campaign now: the team at work, its ringing lines, the day's counters; null if nobody works. */
  private pacingView(rt: Runtime, now: number): { team: { id: UserId; presence: AgentPresence | undefined }[]; ringing: LiveLease[]; snapshot: PacingSnapshot } | null {
    const team = (rt.detail.agentIds as UserId[]).map((id) => ({ id, presence: this.deps.agentState(id) })).filter((a) => a.presence && ['available', 'dialing', 'on_call', 'wrap_up'].includes(a.presence.state.name));
    if (team.length === 0) return null;
    const ringing = [...this.leases.values()].filter((l) => l.campaignId === rt.detail.id && l.attempt && l.attempt.answeredAt === null && l.attempt.predictive);
    const agents: AgentView[] = team.map(({ presence }) => {
      const elapsed = (now - presence!.since) / 1000;
      return presence!.state.name === 'on_call' ? { state: 'talk', elapsed } : presence!.state.name === 'wrap_up' ? { state: 'wrap', elapsed } : { state: 'idle' };
    });
    const p = rt.detail.settings.pacing;
    const params: PacingParams = {
      ...DEFAULT_PACING,
      abandonTarget: p.abandonTarget,
      maxLinesPerAgent: p.maxLinesPerAgent,
      shortCalls: { ratio: p.shortCallRatio, dailyAttempts: p.dailyAttemptCap },
      smallTeamAnswersPerFreeAgent: p.smallTeamAnswersPerFreeAgent,
    };
    const snapshot: PacingSnapshot = {
      agents,
      lines: ringing.map((l) => ({ elapsed: (now - l.attempt!.startedAt) / 1000 })),
      today: { clock: (now - rt.day.start) / 1000, attempts: rt.day.attempts, shortCalls: rt.day.shortCalls, humanAnswered: rt.day.humanAnswered, abandoned: rt.day.abandoned },
      params,
    };
    return { team, ringing, snapshot };
  }

  /** Cancels the `count` longest-ringing of these lines (the pacer models that order). */
  private async cancelLines(ringing: LiveLease[], count: number, now: number): Promise<void> {
    for (const line of [...ringing].sort((a, b) => a.attempt!.startedAt - b.attempt!.startedAt).slice(0, count)) {
      this.deps.push.cancel(line.userId, { attemptId: line.attempt!.id, reason: 'pacing' });
      await this.finish(line, 'cancelled', null, null, now);
    }
  }

  /**
   * The instant a person answers a predictive line the pacer is asked again, as in the simulator that measured
   * it: in a small pool the lines rung for "the next free agent" are excess once one of them has taken it.
   */
  private async paceOnAnswer(rt: Runtime, now: number): Promise<void> {
    const seen = this.pacingView(rt, now);
    if (!seen || seen.ringing.length === 0) return;
    await this.cancelLines(seen.ringing, rt.pacer.cancelOnAnswer(seen.snapshot), now);
  }

  private rollDay(rt: Runtime, now: number): void {
    const start = brasiliaDayStart(now);
    if (start !== rt.day.start) rt.day = { start, attempts: 0, shortCalls: 0, humanAnswered: 0, abandoned: 0, denials: {} };
  }

  private campaignsOf(userId: UserId): Runtime[] {
    return [...this.runtimes.values()].filter((rt) => rt.detail.status === 'active' && (rt.detail.agentIds as number[]).includes(userId));
  }
}
