import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentPresence } from '../../../shared/api';
import type { DialCommand, Lead } from '../../../shared/dialer';
import type { AttemptId, CampaignId, DebtorId, LeaseId, PhoneId, UserId } from '../../../shared/ids';
import type { Result } from '../../../shared/result';
import type { RealtimeSocket } from '../../../renderer/src/realtime/client';

/** What the "server" answers to each dialer:dispose, in order (then ok). */
const answers: Result<null>[] = [];
const sent: { event: string; payload: unknown }[] = [];
vi.mock('../../../renderer/src/realtime/client', () => ({
  connectRealtime: () => ({ on: vi.fn(), disconnect: vi.fn() }),
  sendCommand: vi.fn(async (_s: unknown, event: string, payload: unknown) => {
    sent.push({ event, payload });
    if (event === 'dialer:dispose') return answers.shift() ?? { ok: true, data: null };
    return { ok: true, data: event === 'dialer:callEvent' && (payload as { event: string }).event === 'answered' ? { connect: true } : null };
  }),
}));

const { AgentConsole } = await import('../../../renderer/src/features/agent/AgentConsole');
const { parseAmountCents } = await import('../../../renderer/src/features/agent/DispositionForm');
const { useSession } = await import('../../../renderer/src/stores/session');
const { useLocaleStore } = await import('../../../renderer/src/stores/locale');
const { useDialerStore } = await import('../../../renderer/src/stores/dialer');
const { usePresenceStore } = await import('../../../renderer/src/stores/presence');
const { useOutboxStore } = await import('../../../renderer/src/stores/outbox');
const { localStorageOutbox } = await import('../../../renderer/src/platform/browser');
const { startSoftphone, stopSoftphone } = await import('../../../renderer/src/stores/softphone');
const { FakeSoftphone } = await import('../../../renderer/src/softphone/fake-softphone');

const me = { id: 1 as UserId, username: 'agente', displayName: 'Ana Souza', role: 'agent' as const };
const lead: Lead = {
  leaseId: 11 as LeaseId, campaignId: 1 as CampaignId, campaignName: 'Cartões', mode: 'preview',
  debtor: { id: 5 as DebtorId, name: 'João', document: '***.456.789-**' }, phone: { id: 3 as PhoneId, masked: '(31) *****-0000', ddd: '31' },
  callbackAt: null, autoDialAt: null, wrapUpSeconds: 60, leaseExpiresAt: Date.now() + 60_000,
};
const connected = { connected: true } as RealtimeSocket;
const presence = (state: AgentPresence['state'], since = Date.now()): AgentPresence => ({ userId: me.id, displayName: me.displayName, state, since });

function memory() {
  const data = new Map<string, string>();
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
}
let storage = memory();

beforeEach(async () => {
  storage = memory();
  await useOutboxStore.getState().attach(localStorageOutbox(storage));
  await useOutboxStore.getState().setOwner({ userId: me.id, serverUrl: '' });
  useLocaleStore.setState({ locale: 'pt-BR' });
  const api = { get: vi.fn(async () => ({ ok: false, error: { code: 'not_found', message: 'x' } })), post: vi.fn() };
  useSession.setState({ user: me, socket: connected, api: api as never, clockSkewMs: 0 });
});
afterEach(async () => {
  cleanup();
  await act(() => stopSoftphone());
  useDialerStore.getState().clear();
  useOutboxStore.setState({ status: null, pendingLeases: [] });
  answers.length = 0;
  sent.length = 0;
});

describe('disposition form and outbox (fake server answers)', () => {
  it('parses amounts as people type them', () => {
    expect(parseAmountCents('150')).toBe(15_000);
    expect(parseAmountCents('R$ 1.234,56')).toBe(123_456);
    expect(parseAmountCents('99.9')).toBe(9_990);
    expect(parseAmountCents('0')).toBeNull();
    expect(parseAmountCents('abc')).toBeNull();
    expect(parseAmountCents('1,234')).toBeNull();
  });

  it('shows the wrap-up countdown; a promise with its reason goes to the outbox, survives a timeout and is removed on the ack', async () => {
    render(<AgentConsole />);
    act(() => {
      // the server's clock is far from this PC's (measured at login; in the e2e it is a fixed demo day): its
      // `since` and "today" for the promise's date are on its own clock
      const serverNow = Date.parse('2026-11-24T10:00:00-03:00');
      useSession.setState({ clockSkewMs: serverNow - Date.now() });
      usePresenceStore.getState().received(presence({ name: 'wrap_up' }, serverNow));
      useDialerStore.getState().leadReceived(lead);
    });
    // counted from the server's `since` on the server's clock
    expect(screen.getByRole('timer', { name: 'Tempo de pós-atendimento' }).textContent).toMatch(/^Pós-atendimento: (60|59) s para registrar o resultado$/);

    await userEvent.selectOptions(screen.getByRole('combobox', { name: /^Resultado$/ }), 'promise');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Motivo da inadimplência' }), 'forgot');
    await userEvent.type(screen.getByLabelText('Pagará até'), '2026-11-30');
    await userEvent.type(screen.getByLabelText('Valor prometido (R$)'), 'cem reais');
    await userEvent.click(screen.getByRole('button', { name: 'Registrar resultado' }));
    expect(within(screen.getByRole('form', { name: 'Resultado do contato' })).getByRole('alert').textContent).toBe('Informe o valor prometido, por exemplo 150,00.');
    expect(sent).toEqual([]);

    await userEvent.clear(screen.getByLabelText('Valor prometido (R$)'));
    await userEvent.type(screen.getByLabelText('Valor prometido (R$)'), '100,00');
    // the server does not answer in time
    answers.push({ ok: false, error: { code: 'internal', message: 'timeout' } });
    await userEvent.click(screen.getByRole('button', { name: 'Registrar resultado' }));
    await vi.waitFor(() => expect(screen.getByRole('status', { name: 'Resultado do contato' }).textContent).toContain('Resultado guardado neste computador'));
    const first = sent.find((s) => s.event === 'dialer:dispose')!.payload as Record<string, unknown>;
    expect(first).toMatchObject({ leaseId: 11, outcome: 'promise', defaultReason: 'forgot', promise: { dueDate: '2026-11-30', amountCents: 10_000 }, key: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(JSON.parse(storage.getItem('quita.dispositionOutbox')!)).toHaveLength(1);
    // the lead left the screen, and a re-sent lead for it is not shown while its disposition waits
    expect(screen.queryByRole('region', { name: 'Próximo contato' })).toBeNull();
    expect(useOutboxStore.getState().pendingLeases).toEqual([11]);

    // the next try (on reconnect or the timer) is acknowledged: the same key, removed from storage
    await act(() => useOutboxStore.getState().flush(connected));
    const disposes = sent.filter((s) => s.event === 'dialer:dispose').map((s) => s.payload as { key: string });
    expect(disposes).toHaveLength(2);
    expect(disposes[1]!.key).toBe(disposes[0]!.key);
    expect(screen.getByRole('status', { name: 'Resultado do contato' }).textContent).toBe('Resultado confirmado pelo servidor.');
    expect(JSON.parse(storage.getItem('quita.dispositionOutbox')!)).toEqual([]);
  });

  it('a promise date outside Brasília today … 30 days ahead is refused in the form (the lead stays), with the bounds on the date field', async () => {
    render(<AgentConsole />);
    act(() => useDialerStore.getState().leadReceived(lead));
    await userEvent.selectOptions(screen.getByRole('combobox', { name: /^Resultado$/ }), 'promise');
    const date = screen.getByLabelText('Pagará até');
    const today = new Date(Date.now() - 3 * 3_600_000).toISOString().slice(0, 10);
    const last = new Date(Date.parse(`${today}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
    expect([date.getAttribute('min'), date.getAttribute('max')]).toEqual([today, last]);
    await userEvent.type(date, '2099-12-31');
    await userEvent.type(screen.getByLabelText('Valor prometido (R$)'), '100,00');
    // the field's own bounds stop a real browser; the form's check stops anything else (a pasted value, jsdom)
    date.removeAttribute('max');
    await userEvent.click(screen.getByRole('button', { name: 'Registrar resultado' }));
    const br = (iso: string) => iso.split('-').reverse().join('/');
    expect(within(screen.getByRole('form', { name: 'Resultado do contato' })).getByRole('alert').textContent).toBe(`A data da promessa deve ser entre ${br(today)} e ${br(last)}.`);
    expect(sent).toEqual([]);
    expect(screen.getByRole('region', { name: 'Próximo contato' })).toBeTruthy();
  });

  it('a disposition made offline waits in storage (a reload keeps it) and a refusal is shown, not retried forever', async () => {
    useSession.setState({ socket: { connected: false } as RealtimeSocket });
    render(<AgentConsole />);
    act(() => useDialerStore.getState().leadReceived(lead));
    await userEvent.click(screen.getByRole('button', { name: 'Registrar resultado' }));
    expect(sent).toEqual([]);
    // a reload: a new outbox store reads the same storage
    await act(() => useOutboxStore.getState().attach(localStorageOutbox(storage)));
    expect(useOutboxStore.getState().status).toEqual({ kind: 'pending', count: 1 });
    answers.push({ ok: false, error: { code: 'not_found', message: 'This lead is no longer yours' } });
    await act(() => useOutboxStore.getState().flush(connected));
    expect(screen.getByRole('alert').textContent).toBe('O servidor recusou o resultado guardado: This lead is no longer yours');
    expect(JSON.parse(storage.getItem('quita.dispositionOutbox')!)).toEqual([]);
  });

  it('a shared PC: agent A\'s waiting disposition is neither counted nor sent under agent B (nor for another server); it goes when A signs in again', async () => {
    useSession.setState({ socket: { connected: false } as RealtimeSocket });
    render(<AgentConsole />);
    act(() => useDialerStore.getState().leadReceived(lead));
    await userEvent.click(screen.getByRole('button', { name: 'Registrar resultado' }));
    expect(JSON.parse(storage.getItem('quita.dispositionOutbox')!)).toMatchObject([{ userId: me.id, serverUrl: '' }]);
    // B signs in on the same PC
    await act(() => useOutboxStore.getState().setOwner({ userId: 2, serverUrl: '' }));
    expect(useOutboxStore.getState()).toMatchObject({ status: null, pendingLeases: [] });
    await act(() => useOutboxStore.getState().flush(connected));
    expect(sent).toEqual([]);
    // A again, but on another server
    await act(() => useOutboxStore.getState().setOwner({ userId: me.id, serverUrl: 'https://outro.example' }));
    await act(() => useOutboxStore.getState().flush(connected));
    expect(sent).toEqual([]);
    expect(JSON.parse(storage.getItem('quita.dispositionOutbox')!)).toHaveLength(1);
    // A on their server: sent and acknowledged
    await act(() => useOutboxStore.getState().setOwner({ userId: me.id, serverUrl: '' }));
    expect(useOutboxStore.getState().status).toEqual({ kind: 'pending', count: 1 });
    await act(() => useOutboxStore.getState().flush(connected));
    expect(sent.filter((s) => s.event === 'dialer:dispose')).toHaveLength(1);
    expect(JSON.parse(storage.getItem('quita.dispositionOutbox')!)).toEqual([]);
  });

  it('shortcuts: Ctrl+Shift+M mutes, Ctrl+Shift+E holds, Ctrl+Shift+D goes to the outcome, Ctrl+Shift+A answers the ringing call', async () => {
    const phone = new FakeSoftphone();
    render(<AgentConsole />);
    await act(() => startSoftphone({ wsUrl: 'ws://x', domain: 'x', username: 'a', displayName: 'A', password: null, ringTimeoutSeconds: 30 }, connected, () => phone));
    const dial: DialCommand = { attemptId: 21 as AttemptId, leaseId: 11 as LeaseId, debtorId: 5 as DebtorId, to: '+5531987650000', callerId: '+553135550101', predictive: false };
    act(() => {
      useDialerStore.getState().leadReceived(lead);
      useDialerStore.getState().dialReceived(dial);
    });
    act(() => phone.remoteAnswer('fake-1'));
    await vi.waitFor(() => expect(screen.getByRole('button', { name: 'Mudo' })).toBeTruthy());
    expect(screen.getByRole('button', { name: 'Mudo' }).getAttribute('aria-keyshortcuts')).toBe('Control+Shift+M');
    await userEvent.keyboard('{Control>}{Shift>}M{/Shift}{/Control}');
    expect(screen.getByRole('button', { name: 'Mudo' }).getAttribute('aria-pressed')).toBe('true');
    await userEvent.keyboard('{Control>}{Shift>}E{/Shift}{/Control}');
    expect(screen.getByRole('button', { name: 'Em espera' }).getAttribute('aria-pressed')).toBe('true');
    await userEvent.keyboard('{Control>}{Shift>}D{/Shift}{/Control}');
    expect(document.activeElement).toBe(screen.getByRole('combobox', { name: /^Resultado$/ }));

    let inbound = '';
    act(() => {
      inbound = phone.incoming('+5531987650000', '+553135550101');
    });
    await userEvent.keyboard('{Control>}{Shift>}A{/Shift}{/Control}');
    expect(phone.calls.get(inbound)!.state.phase).toBe('established');
  });
});
