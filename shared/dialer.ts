import { z } from 'zod';
import type { AttemptId, CampaignId, DebtorId, LeaseId, PhoneId } from './ids';

/**
 * The dialer's contracts: campaign settings (validated here, stored as JSON), the outcomes an attempt
 * can end with, and what the server pushes to an agent (a lead, a dial command, a cancel).
 */

export const DIAL_MODES = ['preview', 'progressive', 'predictive'] as const;
export type DialMode = (typeof DIAL_MODES)[number];

/** Outcomes the softphone reports from SIP, before anyone spoke. */
export const NETWORK_OUTCOMES = ['busy', 'no_answer', 'machine', 'failed', 'rejected', 'cancelled', 'abandoned'] as const;
/** Outcomes the agent chooses after talking (the disposition). */
export const AGENT_OUTCOMES = ['rpc', 'third_party', 'wrong_number', 'refused', 'promise', 'agreement', 'callback'] as const;
/**
 * Recorded by the server when an answered call's wrap-up runs out (campaign `wrapUpSeconds`) without the
 * agent's disposition: somebody answered, nothing else is known.
 */
export const WRAP_UP_TIMEOUT_OUTCOME = 'not_disposed' as const;
export const DIAL_OUTCOMES = [...NETWORK_OUTCOMES, ...AGENT_OUTCOMES, WRAP_UP_TIMEOUT_OUTCOME] as const;
export type NetworkOutcome = (typeof NETWORK_OUTCOMES)[number];
export type AgentOutcome = (typeof AGENT_OUTCOMES)[number];
export type DialOutcome = (typeof DIAL_OUTCOMES)[number];

export const PRIORITY_KEYS = ['balance_desc', 'balance_asc', 'dpd_asc', 'dpd_desc', 'fewest_attempts'] as const;
export type PriorityKey = (typeof PRIORITY_KEYS)[number];

const retryRuleSchema = z.object({
  /** Minutes before the debtor may be dialed again after this outcome. */
  delayMinutes: z.number().int().min(0).max(60 * 24 * 30),
  /** After this outcome the debtor leaves the campaign (promise, agreement, refusal...). */
  final: z.boolean(),
});
export type RetryRule = z.infer<typeof retryRuleSchema>;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time must be HH:MM');

export const campaignSettingsSchema = z
  .object({
    pacing: z.object({
      /** Abandoned ÷ answered by a person, per day and per 30 days. */
      abandonTarget: z.number().min(0.005).max(0.1),
      maxLinesPerAgent: z.number().int().min(1).max(12),
      /** New calls per second on the trunk. */
      callsPerSecond: z.number().int().min(1).max(500),
      /** Anatel short-call guard for this campaign's originator. */
      shortCallRatio: z.number().min(0.1).max(1),
      dailyAttemptCap: z.number().int().min(1).max(10_000_000),
      /**
       * Teams of up to 10 agents (predictive): the extra lines rung for the next free agent, and cancelled while
       * still ringing once someone answers, may bring at most this many people per agent expected free. More:
       * more occupancy, more phones that ring then stop (5 agents at 15% answer: 0.4 → ~79% occupancy, ~1,600
       * cancels a day; 1 → ~83%). 0: no extra lines. Absent in settings stored before it: 0.4.
       */
      smallTeamAnswersPerFreeAgent: z.number().min(0).max(1).default(0.4),
    }),
    retry: z.record(z.enum(DIAL_OUTCOMES), retryRuleSchema),
    limits: z.object({
      attemptsPerPhonePerDay: z.number().int().min(1).max(50),
      attemptsPerDebtorPerDay: z.number().int().min(1).max(50),
      attemptsPerDebtorLifetime: z.number().int().min(1).max(10_000),
    }),
    priority: z.array(z.enum(PRIORITY_KEYS)).max(PRIORITY_KEYS.length),
    /** Brasília time; the contact policy narrows it further to the debtor's own state and time zone. */
    hours: z.object({ weekdays: z.tuple([hhmm, hhmm]), saturday: z.tuple([hhmm, hhmm]).nullable() }),
    /** Preview: seconds before the lead is dialed by itself (null: the agent clicks). */
    previewAutoDialSeconds: z.number().int().min(3).max(300).nullable(),
    /** After an answered call ends, the agent has this long to dispose; then the server records 'not_disposed'. */
    wrapUpSeconds: z.number().int().min(10).max(3600),
  })
  .refine((s) => s.hours.weekdays[0] < s.hours.weekdays[1], { message: 'weekday hours: start must be before end', path: ['hours', 'weekdays'] })
  .refine((s) => !s.hours.saturday || s.hours.saturday[0] < s.hours.saturday[1], { message: 'saturday hours: start must be before end', path: ['hours', 'saturday'] });
export type CampaignSettings = z.infer<typeof campaignSettingsSchema>;

const minutes = (m: number, final = false): RetryRule => ({ delayMinutes: m, final });
export const DEFAULT_CAMPAIGN_SETTINGS: CampaignSettings = {
  pacing: { abandonTarget: 0.03, maxLinesPerAgent: 4, callsPerSecond: 20, shortCallRatio: 0.85, dailyAttemptCap: 100_000, smallTeamAnswersPerFreeAgent: 0.4 },
  retry: {
    busy: minutes(15),
    no_answer: minutes(60),
    machine: minutes(120),
    failed: minutes(240),
    rejected: minutes(120),
    cancelled: minutes(0),
    abandoned: minutes(30),
    rpc: minutes(24 * 60),
    third_party: minutes(240),
    wrong_number: minutes(0),
    refused: minutes(3 * 24 * 60),
    promise: minutes(0, true),
    agreement: minutes(0, true),
    callback: minutes(0),
    not_disposed: minutes(240),
  },
  limits: { attemptsPerPhonePerDay: 3, attemptsPerDebtorPerDay: 6, attemptsPerDebtorLifetime: 60 },
  priority: ['balance_desc', 'dpd_asc'],
  hours: { weekdays: ['08:00', '20:00'], saturday: ['08:00', '14:00'] },
  previewAutoDialSeconds: null,
  wrapUpSeconds: 60,
};

export const campaignUpsertSchema = z.object({
  name: z.string().trim().min(1, 'name is required').max(100),
  portfolioId: z.number().int().positive(),
  mode: z.enum(DIAL_MODES),
  status: z.enum(['active', 'paused']),
  agentIds: z.array(z.number().int().positive()).max(2000),
  /** The team that serves the campaign (null: none; absent on an update: unchanged). */
  teamId: z.number().int().positive().nullable().optional(),
  settings: campaignSettingsSchema,
});
export type CampaignUpsert = z.infer<typeof campaignUpsertSchema>;

export interface CampaignDetail extends CampaignUpsert {
  id: CampaignId;
}

/** A debtor and one of its phones, leased to one agent until the lease is released or expires. */
export interface Lead {
  leaseId: LeaseId;
  campaignId: CampaignId;
  campaignName: string;
  mode: DialMode;
  debtor: { id: DebtorId; name: string; document: string };
  phone: { id: PhoneId; masked: string; ddd: string };
  /** Set when the lead comes from a scheduled callback. */
  callbackAt: number | null;
  /** Preview: epoch ms when the lead dials itself (null: the agent clicks). */
  autoDialAt: number | null;
  /** The campaign's wrap-up limit: the console counts it down after the call. */
  wrapUpSeconds: number;
  leaseExpiresAt: number;
}

/** Tells the agent's softphone to ring a number: the only place the full number leaves the server. */
export interface DialCommand {
  attemptId: AttemptId;
  leaseId: LeaseId;
  debtorId: DebtorId;
  to: string;
  /** The caller ID to present (an owned number). */
  callerId: string;
  /** Predictive: one of several lines ringing for this agent; the first human answer wins. */
  predictive: boolean;
}

export const dialRequestSchema = z.object({ leaseId: z.number().int().positive() });

export const callEventSchema = z.discriminatedUnion('event', [
  z.object({ attemptId: z.number().int().positive(), event: z.literal('answered') }),
  z.object({ attemptId: z.number().int().positive(), event: z.literal('ended'), outcome: z.enum(NETWORK_OUTCOMES).optional(), sipCode: z.number().int().min(100).max(699).optional() }),
]);
export type CallEvent = z.infer<typeof callEventSchema>;

/**
 * Why the debtor did not pay (motivo de inadimplência), asked in every conversation with the debtor; a fixed
 * list so reports can count it (docs/dialer.md).
 */
export const DEFAULT_REASONS = [
  'unemployment', 'income_drop', 'illness', 'forgot', 'unaware_of_debt', 'disputes_amount', 'over_indebted', 'fraud', 'other',
] as const;
export type DefaultReason = (typeof DEFAULT_REASONS)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'not a real date');

/**
 * A promise is due between Brasília today and this many days ahead: further out it would keep the debtor out
 * of the campaigns for too long (docs/dialer.md); a past date would be broken at the next hourly check.
 */
export const PROMISE_MAX_DAYS = 30;

/** The dates a promise given on `today` (Brasília, YYYY-MM-DD) may be due: [first, last], both included. */
export function promiseDueRange(today: string): [string, string] {
  return [today, new Date(Date.parse(`${today}T00:00:00Z`) + PROMISE_MAX_DAYS * 86_400_000).toISOString().slice(0, 10)];
}

export const promiseTermsSchema = z.object({
  /** Brasília date by which the debtor pays: today to PROMISE_MAX_DAYS ahead (checked by the server, which knows today). */
  dueDate: isoDate,
  amountCents: z.number().int().positive().max(100_000_000_00),
});
export type PromiseTerms = z.infer<typeof promiseTermsSchema>;

export const dispositionSchema = z
  .object({
    leaseId: z.number().int().positive(),
    /**
     * Idempotency key, made once per disposition by the console: a retry with the same key is acknowledged
     * again and never recorded twice.
     */
    key: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'key: 8 to 64 letters, digits, - or _').optional(),
    /** Network outcomes too: without a softphone the agent records busy, no answer... by hand. */
    outcome: z.enum([...NETWORK_OUTCOMES, ...AGENT_OUTCOMES]),
    defaultReason: z.enum(DEFAULT_REASONS).optional(),
    /** Promise to pay: when and how much. */
    promise: promiseTermsSchema.optional(),
    /** Callback: when, and whether to this agent or to anyone. */
    callbackAt: z.number().int().positive().optional(),
    callbackFor: z.enum(['me', 'anyone']).optional(),
    note: z.string().max(2000).optional(),
  })
  .refine((d) => d.outcome !== 'callback' || d.callbackAt !== undefined, { message: 'a callback needs a time', path: ['callbackAt'] })
  .refine((d) => d.outcome !== 'promise' || d.promise !== undefined, { message: 'a promise needs a date and an amount', path: ['promise'] })
  .refine((d) => d.outcome === 'promise' || d.promise === undefined, { message: 'only a promise has promise terms', path: ['promise'] });
export type Disposition = z.infer<typeof dispositionSchema>;

/** Answer to an 'answered' call event: connect the person to the agent, or drop (abandon). */
export interface AnswerVerdict {
  connect: boolean;
}

/** Stop ringing this line. */
export interface CancelNotice {
  attemptId: AttemptId;
  /** ring_timeout: the server ended a line that rang past the ring timeout without news from the softphone. */
  reason: 'other_line_answered' | 'pacing' | 'lead_revoked' | 'paid' | 'ring_timeout' | 'promise_kept';
}

/** This lead is no longer the agent's. */
export interface RevokedNotice {
  leaseId: LeaseId;
  /** promise_kept: a late payment dated in time kept the debtor's broken promise; the debtor left the campaign again. */
  reason: 'expired' | 'removed' | 'policy' | 'paid' | 'wrap_up_timeout' | 'promise_kept';
}

/** The debtor on the agent's live call just paid. */
export interface PaidNotice {
  leaseId: LeaseId;
  debtorId: DebtorId;
  amountCents: number;
}

/** A pool number as the admin manages it. */
export interface CallerIdRow {
  e164: string;
  ddd: string;
  trunk: string;
  attested: boolean;
  active: boolean;
  dailyCap: number;
  fallback: boolean;
}

/** A pool number's figures for one day. */
export interface NumberDay {
  calls: number;
  answers: number;
  shortCalls: number;
  /** Epoch ms until which the number rests (cap reached, or rested for its short-call or answer rate). */
  restedUntil: number;
  restReason: 'cap' | 'short_calls' | 'low_answer' | null;
}

/** The admin's view of a pool number: its settings and today's figures. */
export type CallerIdView = CallerIdRow & { today: NumberDay };
