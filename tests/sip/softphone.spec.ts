import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { signPayload } from '../../server/src/payments/signature';
import type { Page } from '@playwright/test';
import { expect, login, passwordOf, test } from './fixtures';
import { headerOf, kamailioSet, PORTS, SIP_WSS_URL, receivedInvite, sippCaller, sippPhone, startBaresip, startKamailio, type Proc, type SippPhone, type UasScenario } from './harness';

/**
 * The agent console's softphone against real SIP parts: Kamailio (WebSocket + UDP), rtpengine and sipp
 * as the debtor's phone (tests/sip/global-setup.ts). The demo campaign is in preview mode: the agent
 * clicks "Ligar"; Kamailio routes every +55 number to the sipp phone of the test.
 */

function runDir(): string {
  const dir = process.env.QUITA_SIP_RUN_DIR;
  if (!dir) throw new Error('QUITA_SIP_RUN_DIR is not set: the SIP global setup did not run');
  return dir;
}

interface AttemptRow { id: number; outcome: string | null; sip_code: number | null; answered_at: number | null; caller_id: string; e164: string }
function lastAttempt(): AttemptRow | undefined {
  const db = new Database(process.env.QUITA_E2E_DB!, { readonly: true });
  try {
    return db.prepare('SELECT a.id, a.outcome, a.sip_code, a.answered_at, a.caller_id, p.e164 FROM dial_attempts a JOIN phones p ON p.id = a.phone_id ORDER BY a.id DESC LIMIT 1').get() as AttemptRow | undefined;
  } finally {
    db.close();
  }
}

/** A debtor whose phone belongs to nobody else, and a number of the caller-ID pool. */
function debtorAndPoolNumber(): { name: string; phone: string; pool: string } {
  const db = new Database(process.env.QUITA_E2E_DB!, { readonly: true });
  try {
    const d = db.prepare("SELECT d.name, p.e164 AS phone FROM phones p JOIN debtors d ON d.id = p.debtor_id WHERE p.status = 'valid' AND (SELECT COUNT(*) FROM phones x WHERE x.e164 = p.e164) = 1 ORDER BY d.id LIMIT 1").get() as { name: string; phone: string };
    const pool = db.prepare('SELECT e164 FROM caller_ids WHERE active = 1 ORDER BY id LIMIT 1').pluck().get() as string;
    return { ...d, pool };
  } finally {
    db.close();
  }
}

/** The full number of the agent's open lead (what the softphone will call). */
async function leadNumber(): Promise<string> {
  let e164: string | undefined;
  await expect.poll(() => {
    const db = new Database(process.env.QUITA_E2E_DB!, { readonly: true });
    try {
      e164 = db.prepare('SELECT p.e164 FROM leases l JOIN phones p ON p.id = l.phone_id WHERE l.released_at IS NULL ORDER BY l.id DESC LIMIT 1').pluck().get() as string | undefined;
    } finally {
      db.close();
    }
    return e164;
  }).toBeTruthy();
  return e164!;
}

const phones: Proc[] = [];
function phone(scenario: UasScenario, options: { ringMs?: number; port?: number; calls?: number } = {}): SippPhone {
  const p = sippPhone(runDir(), scenario, options);
  phones.push(p);
  return p;
}
test.afterEach(async () => {
  for (const p of phones.splice(0)) await p.stop();
});

/** Every RTCPeerConnection the page makes, for getStats (browser code as text: this file has no DOM types). */
async function watchPeerConnections(page: Page): Promise<void> {
  await page.addInitScript({
    content: `(() => {
      const Original = window.RTCPeerConnection;
      const made = [];
      window.__pcs = made;
      window.RTCPeerConnection = class extends Original {
        constructor(config) { super(config); made.push(this); }
      };
    })();`,
  });
}

async function packetsReceived(page: Page): Promise<number> {
  return page.evaluate(`(async () => {
    const pc = window.__pcs[window.__pcs.length - 1];
    let n = 0;
    if (pc) (await pc.getStats()).forEach((r) => { if (r.type === 'inbound-rtp' && r.kind === 'audio') n += r.packetsReceived || 0; });
    return n;
  })()`);
}

async function audioBytes(page: Page): Promise<{ sent: number; received: number }> {
  return page.evaluate(`(async () => {
    const pc = window.__pcs[window.__pcs.length - 1];
    const out = { sent: 0, received: 0 };
    if (!pc) return out;
    (await pc.getStats()).forEach((r) => {
      if (r.type === 'outbound-rtp' && r.kind === 'audio') out.sent += r.bytesSent || 0;
      if (r.type === 'inbound-rtp' && r.kind === 'audio') out.received += r.bytesReceived || 0;
    });
    return out;
  })()`);
}

/** Every sink the page's audio elements were routed to (HTMLMediaElement.setSinkId). */
async function watchSinks(page: Page): Promise<void> {
  await page.addInitScript({
    content: `(() => {
      window.__sinks = [];
      const original = HTMLMediaElement.prototype.setSinkId;
      HTMLMediaElement.prototype.setSinkId = function (id) { window.__sinks.push(id); return original.call(this, id); };
    })();`,
  });
}

/** Jitter (s) of the incoming audio and the ICE pair's round trip (s), straight from getStats. */
async function rawQuality(page: Page): Promise<{ jitterS: number | null; rttS: number | null }> {
  return page.evaluate(`(async () => {
    const pc = window.__pcs[window.__pcs.length - 1];
    const out = { jitterS: null, rttS: null };
    (await pc.getStats()).forEach((r) => {
      if (r.type === 'inbound-rtp' && r.kind === 'audio' && r.jitter !== undefined) out.jitterS = r.jitter;
      if (r.type === 'remote-inbound-rtp' && r.roundTripTime !== undefined) out.rttS = r.roundTripTime;
      if (r.type === 'candidate-pair' && r.nominated && r.currentRoundTripTime !== undefined && out.rttS === null) out.rttS = r.currentRoundTripTime;
    });
    return out;
  })()`);
}

/** The label of the microphone track the call sends. */
async function senderTrackLabel(page: Page): Promise<string | null> {
  return page.evaluate(`(() => {
    const pc = window.__pcs[window.__pcs.length - 1];
    const sender = pc && pc.getSenders().find((s) => s.track && s.track.kind === 'audio');
    return sender ? sender.track.label : null;
  })()`);
}

/** Counts the ringtone's oscillators and the AudioContexts still open. */
async function watchRingtone(page: Page): Promise<void> {
  await page.addInitScript({
    content: `(() => {
      window.__ring = { oscillators: 0, open: 0 };
      const Original = window.AudioContext;
      window.AudioContext = class extends Original {
        constructor(o) { super(o); window.__ring.open++; }
        createOscillator() { window.__ring.oscillators++; return super.createOscillator(); }
        close() { window.__ring.open--; return super.close(); }
      };
    })();`,
  });
}

/** Logs the agent in, makes it available and returns its lead panel once the softphone is registered. */
async function agentWithLead(page: Page) {
  await login(page, 'agent');
  await expect(page.getByRole('status', { name: 'Softphone' })).toHaveText('Registrado', { timeout: 10_000 });
  const myState = page.getByRole('status', { name: 'Meu estado' });
  await expect(myState).not.toHaveText('Desconectado');
  if ((await myState.textContent())?.includes('Em pausa')) await page.getByRole('button', { name: 'Ficar disponível' }).click();
  const lead = page.getByRole('region', { name: 'Próximo contato' });
  await expect(lead).toBeVisible();
  const masked = await lead.locator('dd').nth(3).textContent();
  const ddd = /^\((\d{2})\)/.exec(masked ?? '')?.[1];
  expect(ddd, `masked phone ${masked}`).toMatch(/^\d{2}$/);
  return { lead, ddd: ddd!, myState };
}

/** Pays every open contract of the debtor of the last attempt through the signed webhook. */
async function payDebtorOfLastAttempt(): Promise<void> {
  const db = new Database(process.env.QUITA_E2E_DB!, { readonly: true });
  let debt: { document: string; cents: number };
  try {
    debt = db.prepare("SELECT d.document, SUM(c.original_amount_cents) AS cents FROM dial_attempts a JOIN debtors d ON d.id = a.debtor_id JOIN contracts c ON c.debtor_id = d.id AND c.status = 'open' WHERE a.id = (SELECT MAX(id) FROM dial_attempts) GROUP BY d.id").get() as { document: string; cents: number };
  } finally {
    db.close();
  }
  const raw = JSON.stringify({ paymentId: `PIX-E2E-${Date.now()}`, document: debt.document, amountCents: debt.cents, paidAt: '2026-11-24T09:30:00-03:00' });
  const ts = Math.floor((Date.now() + Number(process.env.QUITA_SIP_CLOCK_OFFSET_MS)) / 1000);
  const r = await fetch(`${process.env.QUITA_E2E_URL}/api/v1/payments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-quita-integration': 'banco-e2e', 'x-quita-timestamp': String(ts), 'x-quita-signature': signPayload(process.env.QUITA_SIP_PAYMENT_SECRET!, ts, raw) },
    body: raw,
  });
  expect(r.status, await r.clone().text()).toBe(200);
}

async function outcomeRecorded(previous: number | undefined): Promise<AttemptRow> {
  let row: AttemptRow | undefined;
  await expect.poll(() => {
    row = lastAttempt();
    return row && row.id !== previous ? row.outcome : null;
  }, { timeout: 15_000 }).not.toBeNull();
  return row!;
}

test.describe('softphone with real SIP (Kamailio, rtpengine, sipp)', () => {
  test('the agent’s softphone registers over WebSocket with digest auth', async ({ page }) => {
    await login(page, 'agent');
    await expect(page.getByRole('status', { name: 'Softphone' })).toHaveText('Registrado', { timeout: 10_000 });
  });

  test('the softphone registers over WSS (WebSocket over TLS) as well', async ({ page }) => {
    // the server hands out ws://; this console is given the proxy's wss:// address instead
    await page.route('**/api/me/sip', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { data: { wsUrl: string } };
      body.data.wsUrl = SIP_WSS_URL;
      await route.fulfill({ response, json: body });
    });
    await login(page, 'agent');
    await expect(page.getByRole('status', { name: 'Softphone' })).toHaveText('Registrado', { timeout: 10_000 });
    expect(fs.readFileSync(path.join(runDir(), 'kamailio.log'), 'utf8')).toMatch(/REQ REGISTER \S+ from 127\.0\.0\.1:\d+\/wss/);
  });

  test('a call that the debtor answers: audio both ways; the phone sees a caller ID from the debtor’s DDD in From and P-Asserted-Identity', async ({ page }) => {
    await watchPeerConnections(page);
    const debtorPhone = phone('answer', { ringMs: 800 });
    const { lead, ddd, myState } = await agentWithLead(page);
    const before = lastAttempt()?.id;
    await lead.getByRole('button', { name: 'Ligar' }).click();
    const call = lead.getByRole('status', { name: 'Chamada' });
    await expect(call).toContainText('Em conversa', { timeout: 10_000 });
    await expect(myState).toHaveText('Em ligação');
    // RTP both ways through rtpengine (sipp echoes what it hears)
    await expect.poll(async () => { const b = await audioBytes(page); return Math.min(b.sent, b.received); }, { timeout: 10_000 }).toBeGreaterThan(1000);

    const invite = receivedInvite(debtorPhone.messages());
    expect(invite, 'sipp received no INVITE').not.toBeNull();
    const fromUser = /sip:(\+\d+)@/.exec(headerOf(invite!, 'From') ?? '')?.[1];
    const paiUser = /sip:(\+\d+)@/.exec(headerOf(invite!, 'P-Asserted-Identity') ?? '')?.[1];
    expect(fromUser).toMatch(/^\+55\d{10}$/);
    expect(paiUser).toBe(fromUser);
    expect(fromUser!.slice(3, 5)).toBe(ddd);
    const attempt = lastAttempt()!;
    expect(attempt.id).not.toBe(before);
    expect(attempt.caller_id).toBe(fromUser);
    // the INVITE went to the debtor's full number
    expect(invite!.split('\n')[0]).toContain(`sip:${attempt.e164}@`);

    await lead.getByRole('button', { name: 'Desligar' }).click();
    expect((await debtorPhone.exited).code).toBe(0); // sipp got its BYE and answered it
    await expect(myState).toHaveText('Pós-atendimento');
    expect(lastAttempt()!.answered_at).not.toBeNull();
    await lead.getByRole('combobox', { name: /^Resultado/ }).selectOption({ label: 'Falou com o devedor (CPC)' });
    await lead.getByRole('button', { name: 'Registrar resultado' }).click();
    await expect(myState).toHaveText('Disponível');
  });

  for (const [scenario, outcome, sipCode, label] of [
    ['busy', 'busy', 486, 'busy (486)'],
    ['noanswer', 'no_answer', 487, 'no answer (ring timeout → CANCEL → 487)'],
    ['machine', 'machine', 200, 'an answering machine (the carrier’s X-AMD verdict)'],
  ] as const) {
    test(`${label} is recorded as the outcome, and the agent is ready again`, async ({ page }) => {
      const debtorPhone = phone(scenario, { ringMs: 300 });
      const { lead, myState } = await agentWithLead(page);
      const before = lastAttempt()?.id;
      await lead.getByRole('button', { name: 'Ligar' }).click();
      const row = await outcomeRecorded(before);
      expect(row).toMatchObject({ outcome, sip_code: sipCode });
      expect((await debtorPhone.exited).code).toBe(0);
      if (scenario === 'noanswer') expect(debtorPhone.messages()).toMatch(/^CANCEL sip:/m);
      await expect(myState).toHaveText('Disponível');
    });
  }

  test('a payment arriving while the debtor’s phone rings cancels the line: the phone sees CANCEL', async ({ page }) => {
    const debtorPhone = phone('noanswer');
    const { lead, myState } = await agentWithLead(page);
    const debtor = await lead.locator('dd').nth(1).textContent();
    const before = lastAttempt()?.id;
    await lead.getByRole('button', { name: 'Ligar' }).click();
    await expect(lead.getByRole('status', { name: 'Chamada' })).toContainText('Tocando…');
    await payDebtorOfLastAttempt();
    await expect.poll(() => debtorPhone.messages(), { timeout: 3000 }).toMatch(/^CANCEL sip:/m);
    expect((await debtorPhone.exited).code).toBe(0);
    expect(await outcomeRecorded(before)).toMatchObject({ outcome: 'cancelled' });
    // the paid debtor's lead is gone; the agent is ready and gets the next debtor
    await expect(myState).toHaveText('Disponível');
    await expect(page.getByRole('region', { name: 'Próximo contato' }).locator('dd').nth(1)).not.toHaveText(debtor!);
  });

  test('a debtor calls one of the operation’s numbers: the console rings with the debtor popped; the agent answers and hears the caller', async ({ page }) => {
    await watchPeerConnections(page);
    await watchRingtone(page);
    await login(page, 'agent');
    await expect(page.getByRole('status', { name: 'Softphone' })).toHaveText('Registrado', { timeout: 10_000 });
    const { name, phone: from, pool } = debtorAndPoolNumber();
    const caller = sippCaller(runDir(), { from, to: pool, talkMs: 3000 });
    phones.push(caller);
    const incoming = page.getByRole('region', { name: 'Chamada recebida' });
    await expect(incoming).toBeVisible({ timeout: 10_000 });
    await expect(incoming.getByRole('list', { name: 'Possíveis devedores' })).toContainText(name);
    // the caller's number is shown masked: DDD and last four digits only
    await expect(incoming.getByRole('status', { name: 'Chamada' })).toContainText(`(${from.slice(3, 5)})`);
    await expect(incoming.getByRole('status', { name: 'Chamada' })).toContainText(from.slice(-4));
    await expect(incoming.getByRole('status', { name: 'Chamada' })).not.toContainText(from.slice(5, -4));
    // the ringtone (WebAudio) plays while it rings, and stops on answer
    await expect.poll(() => page.evaluate('window.__ring')).toMatchObject({ oscillators: expect.any(Number), open: 1 });
    expect(((await page.evaluate('window.__ring')) as { oscillators: number }).oscillators).toBeGreaterThan(0);
    await incoming.getByRole('button', { name: 'Atender' }).click();
    await expect(incoming.getByRole('status', { name: 'Chamada' })).toContainText('Em conversa');
    await expect.poll(() => page.evaluate('window.__ring.open')).toBe(0);
    // the caller's greeting reaches the browser through rtpengine, and the browser's audio reaches the caller
    await expect.poll(async () => { const b = await audioBytes(page); return Math.min(b.sent, b.received); }, { timeout: 10_000 }).toBeGreaterThan(1000);
    // the caller hangs up after 3 s
    expect((await caller.exited).code).toBe(0);
    await expect(incoming).toHaveCount(0);
  });

  test('keypad tones reach the debtor’s phone as RFC 4733 events; hold stops the audio and unhold brings it back (a registered phone: baresip)', async ({ page }) => {
    await watchPeerConnections(page);
    const { lead, myState } = await agentWithLead(page);
    const debtorPhone = await startBaresip(runDir(), await leadNumber());
    phones.push(debtorPhone);
    await lead.getByRole('button', { name: 'Ligar' }).click();
    await expect(lead.getByRole('status', { name: 'Chamada' })).toContainText('Em conversa', { timeout: 10_000 });
    await expect.poll(() => packetsReceived(page), { timeout: 10_000 }).toBeGreaterThan(25); // baresip's 440 Hz tone

    const keypad = lead.getByRole('group', { name: 'Teclado' });
    for (const key of ['1', '2', '#']) await keypad.getByRole('button', { name: key, exact: true }).click();
    await expect.poll(() => debtorPhone.dtmf(), { timeout: 5000 }).toBe('12#');

    const hold = lead.getByRole('button', { name: 'Em espera' });
    await hold.click();
    await expect(hold).toHaveAttribute('aria-pressed', 'true');
    await page.waitForTimeout(300);
    const a = await packetsReceived(page);
    await page.waitForTimeout(700);
    expect(await packetsReceived(page)).toBe(a); // the debtor's side is recvonly: silence
    await hold.click();
    await expect(hold).toHaveAttribute('aria-pressed', 'false');
    await page.waitForTimeout(300);
    const b = await packetsReceived(page);
    await page.waitForTimeout(700);
    expect((await packetsReceived(page)) - b).toBeGreaterThan(20);

    await lead.getByRole('button', { name: 'Desligar' }).click();
    await expect(myState).toHaveText('Pós-atendimento');
    await lead.getByRole('combobox', { name: /^Resultado/ }).selectOption({ label: 'Falou com o devedor (CPC)' });
    await lead.getByRole('button', { name: 'Registrar resultado' }).click();
    await expect(myState).toHaveText('Disponível');
  });

  test('live quality from getStats, microphone and speaker from Chromium\'s fake devices, then a blind transfer: baresip follows the REFER and calls extension 9001 (a sipp phone)', async ({ page }) => {
    await watchPeerConnections(page);
    await watchSinks(page);
    const { lead, myState } = await agentWithLead(page);
    const debtorPhone = await startBaresip(runDir(), await leadNumber());
    phones.push(debtorPhone);
    const extension = phone('answer', { port: PORTS.sippExtension, ringMs: 200 });
    await lead.getByRole('button', { name: 'Ligar' }).click();
    await expect(lead.getByRole('status', { name: 'Chamada' })).toContainText('Em conversa', { timeout: 10_000 });
    await expect.poll(() => packetsReceived(page), { timeout: 10_000 }).toBeGreaterThan(25);

    // the console's figures come from the same getStats the page sees: jitter and the round trip are known
    const quality = lead.getByRole('status', { name: 'Qualidade do áudio' });
    await expect(quality).toHaveText(/^Perda \d+,\d% · jitter \d+ ms · ida e volta \d+ ms$/, { timeout: 10_000 });
    const raw = await rawQuality(page);
    expect(raw.jitterS).not.toBeNull();
    expect(raw.rttS).not.toBeNull();
    const shownRtt = Number(/ida e volta (\d+) ms/.exec((await quality.textContent())!)![1]);
    expect(shownRtt).toBeLessThan(300); // loopback: far below the warning limit
    await expect(lead.getByText(/Qualidade ruim/)).toHaveCount(0);

    // Chromium's fake devices: another microphone replaces the call's track at once; the speaker becomes the audio's sink
    const mic = page.getByRole('combobox', { name: 'Microfone' });
    const micOptions = await mic.locator('option').allTextContents();
    expect(micOptions.length).toBeGreaterThan(1);
    await mic.selectOption({ index: micOptions.length - 1 });
    await expect.poll(() => senderTrackLabel(page)).toBe(micOptions.at(-1));
    const speaker = page.getByRole('combobox', { name: 'Alto-falante' });
    const speakers = speaker.locator('option');
    expect(await speakers.count()).toBeGreaterThan(1);
    const sinkId = await speakers.last().getAttribute('value');
    await speaker.selectOption({ index: (await speakers.count()) - 1 });
    await expect.poll(() => page.evaluate('window.__sinks')).toContain(sinkId);
    await expect.poll(() => packetsReceived(page)).toBeGreaterThan(0);

    // blind transfer to extension 9001: REFER; baresip accepts it and calls 9001 through the proxy
    await lead.getByLabel('Transferir para').fill('9001');
    await lead.getByRole('button', { name: 'Transferir' }).click();
    await expect.poll(() => extension.messages(), { timeout: 10_000 }).toMatch(/^INVITE sip:9001@/m);
    expect(receivedInvite(extension.messages())).toMatch(/Referred-By|From: .*sip:\+55/);
    // the agent's leg ended: wrap-up, then the outcome
    await expect(myState).toHaveText('Pós-atendimento', { timeout: 10_000 });
    // the wrap-up counts down from the campaign's limit (60 s by default)
    await expect(lead.getByRole('timer', { name: 'Tempo de pós-atendimento' })).toHaveText(/^Pós-atendimento: (60|5\d) s para registrar o resultado$/);
    expect(debtorPhone.output()).toMatch(/transferring call \S+ to 'sip:9001@/);
    await lead.getByRole('combobox', { name: /^Resultado$/ }).selectOption({ label: 'Falou com o devedor (CPC)' });
    await lead.getByRole('button', { name: 'Registrar resultado' }).click();
    await expect(myState).toHaveText('Disponível');
  });

  // turns the demo campaign predictive: after every other call test
  test('predictive: two lines ring for the agent at once; the first answer connects and the other phone sees CANCEL', async ({ page }) => {
    test.setTimeout(90_000);
    await login(page, 'agent');
    await expect(page.getByRole('status', { name: 'Softphone' })).toHaveText('Registrado', { timeout: 10_000 });
    const myState = page.getByRole('status', { name: 'Meu estado' });
    const lines = page.getByRole('status', { name: 'Chamada' });
    await expect(myState).not.toHaveText('Desconectado');
    // paused while the campaign changes: no line is started for a console that is not there yet
    if (!(await myState.textContent())?.includes('Em pausa')) await page.getByRole('button', { name: 'Pausar' }).click();
    await expect(myState).toHaveText(/Em pausa/);
    await makeDemoCampaignPredictive();
    // warm-up: busy lines teach the pacer that few calls reach a person, so it dares two lines per agent
    const busy = phone('busy', { ringMs: 100, calls: 100 });
    await page.getByRole('button', { name: 'Ficar disponível' }).click();
    await expect.poll(() => countPredictive('busy'), { timeout: 30_000 }).toBeGreaterThanOrEqual(8);
    await page.getByRole('button', { name: 'Pausar' }).click();
    await expect(myState).toHaveText(/Em pausa/);
    await expect(lines).toHaveCount(0, { timeout: 15_000 }); // lines in flight end (busy, or cancelled by the pacer)
    await busy.stop();

    kamailioSet(runDir(), 'alternate', 1);
    try {
      const first = phone('answer', { port: PORTS.sippPhone, ringMs: 2500 });
      const second = phone('noanswer', { port: PORTS.sippPhone2 });
      await page.getByRole('button', { name: 'Ficar disponível' }).click();
      await expect(lines).toHaveCount(2, { timeout: 10_000 });
      await expect.poll(() => first.messages(), { timeout: 5000 }).toMatch(/^INVITE sip:/m);
      await expect.poll(() => second.messages(), { timeout: 5000 }).toMatch(/^INVITE sip:/m);
      // the first phone answers: the agent talks to it; the second line is cancelled at once
      await expect(lines.filter({ hasText: 'Em conversa' })).toHaveCount(1, { timeout: 10_000 });
      await expect.poll(() => second.messages(), { timeout: 3000 }).toMatch(/^CANCEL sip:/m);
      expect((await second.exited).code).toBe(0);
      await expect(lines).toHaveCount(1);
      await expect(myState).toHaveText('Em ligação');
      await page.keyboard.press('Control+Shift+H');
      expect((await first.exited).code).toBe(0);
      await expect(myState).toHaveText('Pós-atendimento');
      await page.getByRole('button', { name: 'Pausar' }).click();
    } finally {
      kamailioSet(runDir(), 'alternate', 0);
    }
  });

  test.describe(() => {
    test.use({ expectedConsoleErrors: [/^WebSocket connection to 'ws:\/\/127\.0\.0\.1:15080\/' failed/] });
    test('the WebSocket to the SIP proxy is lost: the console says so, reconnects with backoff and registers again', async ({ page }) => {
      await login(page, 'agent');
      const softphone = page.getByRole('status', { name: 'Softphone' });
      await expect(softphone).toHaveText('Registrado', { timeout: 10_000 });
      const pid = Number(fs.readFileSync(path.join(runDir(), 'kamailio.pid'), 'utf8').trim());
      process.kill(pid, 'SIGTERM'); // the proxy goes away (a Kamailio this suite started)
      await expect(softphone).toHaveText('Conexão perdida: reconectando…');
      await expect.poll(() => { try { process.kill(pid, 0); return true; } catch { return false; } }).toBe(false);
      await page.waitForTimeout(1500); // a retry or two fail while the proxy is down
      await expect(softphone).toHaveText('Conexão perdida: reconectando…');
      await startKamailio(runDir(), 'kamailio-restarted.log'); // memory-only registrations: empty after the restart
      await expect(softphone).toHaveText('Registrado', { timeout: 20_000 });
    });
  });
});

function countPredictive(outcome: string): number {
  const db = new Database(process.env.QUITA_E2E_DB!, { readonly: true });
  try {
    return db.prepare("SELECT COUNT(*) FROM dial_attempts WHERE mode = 'predictive' AND outcome = ?").pluck().get(outcome) as number;
  } finally {
    db.close();
  }
}

/** The demo campaign in predictive mode: two lines per agent at most, the highest abandon cap. */
async function makeDemoCampaignPredictive(): Promise<void> {
  const base = process.env.QUITA_E2E_URL!;
  const login = (await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: passwordOf('admin') }) })).json()) as { data: { token: string } };
  const auth = { authorization: `Bearer ${login.data.token}` };
  const list = (await (await fetch(`${base}/api/campaigns`, { headers: auth })).json()) as { data: { id: number; name: string }[] };
  const id = list.data.find((c) => c.name === 'Cartões — recuperação 2024')!.id;
  const detail = (await (await fetch(`${base}/api/campaigns/${id}`, { headers: auth })).json()) as { data: { name: string; portfolioId: number; status: string; agentIds: number[]; settings: { pacing: Record<string, unknown> } } };
  const { name, portfolioId, status, agentIds, settings } = detail.data;
  const body = { name, portfolioId, mode: 'predictive', status, agentIds, settings: { ...settings, pacing: { ...settings.pacing, maxLinesPerAgent: 2, abandonTarget: 0.1, shortCallRatio: 1 } } };
  const r = await fetch(`${base}/api/admin/campaigns/${id}`, { method: 'PUT', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(r.status, await r.clone().text()).toBe(200);
}
