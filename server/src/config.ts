import fs from 'node:fs';
import { z } from 'zod';

/**
 * Configuration is read once, here, from the environment map main.ts passes in; nothing else reads it.
 * A bad value stops the start with the variable's name.
 */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  QUITA_DB_PATH: z.string().min(1).default('./data/quita.db'),
  QUITA_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  QUITA_DEMO_DATA: z.enum(['auto', 'off']).default('auto'),
  QUITA_SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  QUITA_AGENT_OFFLINE_GRACE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  QUITA_MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(100_000).default(2048),
  QUITA_CORS_ORIGINS: z
    .string()
    .default('app://quita')
    .transform((s) => s.split(',').map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[a-z][a-z0-9+.-]*:\/\/[^/\s]+$/i, 'each origin must look like scheme://host[:port]'))),
  // Demos and end-to-end tests: the server's clock starts at this instant (ISO 8601) and runs at real speed,
  // so calling hours, days and callbacks behave the same whenever the test runs.
  QUITA_AGREEMENT_GRACE_DAYS: z.coerce.number().int().min(0).max(60).default(5),
  QUITA_SMTP_URL: z.string().regex(/^smtps?:\/\/\S+$/, 'must look like smtp://user:pass@host:port').optional(),
  QUITA_MAIL_FROM: z.string().min(3).max(200).default('Quita <cobranca@quita.example>'),
  QUITA_SMS_URL: z.url({ protocol: /^https?$/ }).optional(),
  QUITA_SMS_TOKEN: z.string().max(500).default(''),
  QUITA_BOLETO_BANK: z.string().regex(/^\d{3}$/, 'a 3-digit FEBRABAN bank code').default('001'),
  QUITA_PIX_KEY: z.string().min(1).max(77).default('cobranca@quita.example'),
  QUITA_PIX_CITY: z.string().min(1).max(15).default('SAO PAULO'),
  // A PSP's API Pix (BCB v2) for registering each installment's charge (cobv); unset: static Pix codes.
  QUITA_PIX_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  QUITA_PIX_CLIENT_ID: z.string().min(1).max(500).optional(),
  QUITA_PIX_CLIENT_SECRET: z.string().min(1).max(500).optional(),
  QUITA_PIX_CERT: z.string().min(1).optional(),
  QUITA_PIX_CERT_KEY: z.string().min(1).optional(),
  QUITA_PIX_CA: z.string().min(1).optional(),
  QUITA_PIX_TIMEOUT_SECONDS: z.coerce.number().min(0.1).max(60).default(10),
  // The secret in the path of the Pix webhook URL registered at the PSP (unset: the webhook answers 404).
  QUITA_PIX_WEBHOOK_TOKEN: z.string().regex(/^[A-Za-z0-9_-]{32,128}$/, 'must be 32–128 letters, digits, _ or -').optional(),
  QUITA_CLOCK_START: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 instant such as 2026-11-24T14:00:00-03:00' }).optional(),
  // The agents' softphone: the SIP proxy's WebSocket (unset: no softphone, outcomes are recorded by hand).
  QUITA_SIP_WS_URL: z.string().regex(/^wss?:\/\/[^/\s]+(\/\S*)?$/i, 'must be a ws:// or wss:// URL').optional(),
  QUITA_SIP_DOMAIN: z.string().regex(/^[a-z0-9.-]+(:\d+)?$/i, 'must be a host name or address').optional(),
  // Digest password shared by every agent's SIP account (the user name is the agent's login); unset: no auth.
  QUITA_SIP_PASSWORD: z.string().min(8, 'must have at least 8 characters').optional(),
  QUITA_SIP_RING_TIMEOUT_SECONDS: z.coerce.number().int().min(2).max(120).default(30),
});

export interface Config {
  port: number;
  host: string;
  dbPath: string;
  logLevel: z.infer<typeof envSchema>['QUITA_LOG_LEVEL'];
  demoData: 'auto' | 'off';
  sessionTtlMs: number;
  agentOfflineGraceMs: number;
  corsOrigins: string[];
  maxUploadBytes: number;
  /** Boletos and Pix codes of agreements. */
  billing: { bank: string; pixKey: string; pixCity: string };
  /** Sending documents: SMTP (null: e-mail off) and the SMS/WhatsApp provider (null: off). */
  messaging: { smtpUrl: string | null; mailFrom: string; smsUrl: string | null; smsToken: string };
  /** The PSP's API Pix (cobv charges), or null: static Pix codes. */
  pixApi: { baseUrl: string; clientId: string; clientSecret: string; certPath: string | null; keyPath: string | null; caPath: string | null; timeoutMs: number } | null;
  /** The secret in the Pix webhook's path, or null: the webhook is off. */
  pixWebhookToken: string | null;
  /** Days after an installment's due date before an unpaid agreement is broken. */
  agreementGraceDays: number;
  /** Epoch ms the clock starts at, or null for the real time. */
  clockStart: number | null;
  /** The softphone's SIP settings, or null when no SIP proxy is configured. */
  sip: SipConfig | null;
}

export interface SipConfig {
  wsUrl: string;
  domain: string;
  /** Shared digest password of the agents' SIP accounts; null: the proxy does not ask. Never logged. */
  password: string | null;
  ringTimeoutSeconds: number;
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined>): Config {
  // Empty strings count as unset, as shells and .env files often leave them.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = String(i.path[0]);
      return `  ${name}=${JSON.stringify(env[name])}: ${i.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.QUITA_SIP_WS_URL && !e.QUITA_SIP_DOMAIN) {
    throw new ConfigError('Invalid configuration:\n  QUITA_SIP_DOMAIN: required when QUITA_SIP_WS_URL is set');
  }
  if (e.QUITA_PIX_API_URL && (!e.QUITA_PIX_CLIENT_ID || !e.QUITA_PIX_CLIENT_SECRET)) {
    throw new ConfigError('Invalid configuration:\n  QUITA_PIX_CLIENT_ID, QUITA_PIX_CLIENT_SECRET: required when QUITA_PIX_API_URL is set');
  }
  if (!e.QUITA_PIX_CERT !== !e.QUITA_PIX_CERT_KEY) {
    throw new ConfigError('Invalid configuration:\n  QUITA_PIX_CERT, QUITA_PIX_CERT_KEY: set both (the mTLS client certificate and its key) or neither');
  }
  const unreadable = (['QUITA_PIX_CERT', 'QUITA_PIX_CERT_KEY', 'QUITA_PIX_CA'] as const).flatMap((name) => {
    const file = e[name];
    if (!file) return [];
    try {
      fs.accessSync(file, fs.constants.R_OK);
      return [];
    } catch (err) {
      return [`  ${name}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`];
    }
  });
  if (unreadable.length > 0) throw new ConfigError(`Invalid configuration:\n${unreadable.join('\n')}`);
  return {
    port: e.PORT,
    host: e.HOST,
    dbPath: e.QUITA_DB_PATH,
    logLevel: e.QUITA_LOG_LEVEL,
    demoData: e.QUITA_DEMO_DATA,
    sessionTtlMs: e.QUITA_SESSION_TTL_HOURS * 3_600_000,
    agentOfflineGraceMs: e.QUITA_AGENT_OFFLINE_GRACE_SECONDS * 1000,
    corsOrigins: e.QUITA_CORS_ORIGINS,
    maxUploadBytes: e.QUITA_MAX_UPLOAD_MB * 1024 * 1024,
    agreementGraceDays: e.QUITA_AGREEMENT_GRACE_DAYS,
    messaging: { smtpUrl: e.QUITA_SMTP_URL ?? null, mailFrom: e.QUITA_MAIL_FROM, smsUrl: e.QUITA_SMS_URL ?? null, smsToken: e.QUITA_SMS_TOKEN },
    billing: { bank: e.QUITA_BOLETO_BANK, pixKey: e.QUITA_PIX_KEY, pixCity: e.QUITA_PIX_CITY },
    pixApi: e.QUITA_PIX_API_URL
      ? {
          baseUrl: e.QUITA_PIX_API_URL, clientId: e.QUITA_PIX_CLIENT_ID!, clientSecret: e.QUITA_PIX_CLIENT_SECRET!,
          certPath: e.QUITA_PIX_CERT ?? null, keyPath: e.QUITA_PIX_CERT_KEY ?? null, caPath: e.QUITA_PIX_CA ?? null, timeoutMs: Math.round(e.QUITA_PIX_TIMEOUT_SECONDS * 1000),
        }
      : null,
    pixWebhookToken: e.QUITA_PIX_WEBHOOK_TOKEN ?? null,
    clockStart: e.QUITA_CLOCK_START ? Date.parse(e.QUITA_CLOCK_START) : null,
    sip: e.QUITA_SIP_WS_URL
      ? { wsUrl: e.QUITA_SIP_WS_URL, domain: e.QUITA_SIP_DOMAIN!, password: e.QUITA_SIP_PASSWORD ?? null, ringTimeoutSeconds: e.QUITA_SIP_RING_TIMEOUT_SECONDS }
      : null,
  };
}
