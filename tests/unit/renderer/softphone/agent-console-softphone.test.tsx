import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DialCommand, Lead } from '../../../../shared/dialer';
import type { AttemptId, CampaignId, DebtorId, LeaseId, PhoneId, UserId } from '../../../../shared/ids';
import type { RealtimeSocket } from '../../../../renderer/src/realtime/client';

const sent: { event: string; payload: unknown }[] = [];
vi.mock('../../../../renderer/src/realtime/client', () => ({
  connectRealtime: () => ({ on: vi.fn(), disconnect: vi.fn() }),
  sendCommand: vi.fn(async (_s: unknown, event: string, payload: unknown) => {
    sent.push({ event, payload });
    return { ok: true, data: event === 'dialer:callEvent' && (payload as { event: string }).event === 'answered' ? { connect: true } : null };
  }),
}));

const { AgentConsole } = await import('../../../../renderer/src/features/agent/AgentConsole');
const { useSession } = await import('../../../../renderer/src/stores/session');
const { useLocaleStore } = await import('../../../../renderer/src/stores/locale');
const { useDialerStore } = await import('../../../../renderer/src/stores/dialer');
const { startSoftphone, stopSoftphone } = await import('../../../../renderer/src/stores/softphone');
const { FakeSoftphone } = await import('../../../../renderer/src/softphone/fake-softphone');

const settings = { wsUrl: 'ws://127.0.0.1:8080', domain: '127.0.0.1', username: 'agente', displayName: 'Ana Souza', password: null, ringTimeoutSeconds: 30 };
const lead: Lead = {
  leaseId: 11 as LeaseId, campaignId: 1 as CampaignId, campaignName: 'Cartões', mode: 'preview',
  debtor: { id: 5 as DebtorId, name: 'João', document: '***.456.789-**' }, phone: { id: 3 as PhoneId, masked: '(31) *****-0000', ddd: '31' },
  callbackAt: null, autoDialAt: null, wrapUpSeconds: 60, leaseExpiresAt: Date.now() + 60_000,
};
const dial: DialCommand = { attemptId: 21 as AttemptId, leaseId: 11 as LeaseId, debtorId: 5 as DebtorId, to: '+5531987650000', callerId: '+553135550101', predictive: false };

afterEach(async () => {
  cleanup();
  await act(() => stopSoftphone());
  useDialerStore.getState().clear();
  sent.length = 0;
});

describe('agent console with a softphone', () => {
  it('shows the registration by name, rings the dial command, and Ctrl+Shift+H hangs up (pt-BR and en)', async () => {
    useLocaleStore.setState({ locale: 'pt-BR' });
    useSession.setState({ user: { id: 1 as UserId, username: 'agente', displayName: 'Ana Souza', role: 'agent' }, socket: {} as RealtimeSocket });
    const phone = new FakeSoftphone();
    render(<AgentConsole />);
    await act(() => startSoftphone(settings, {} as RealtimeSocket, () => phone));
    expect(screen.getByRole('status', { name: 'Softphone' }).textContent).toBe('Registrado');
    act(() => phone.setRegistration('reconnecting'));
    expect(screen.getByRole('status', { name: 'Softphone' }).textContent).toBe('Conexão perdida: reconectando…');
    act(() => phone.setRegistration('registered'));

    act(() => {
      useDialerStore.getState().leadReceived(lead);
      useDialerStore.getState().dialReceived(dial);
    });
    expect(phone.dialed).toEqual([{ id: 'fake-1', target: '+5531987650000', callerId: '+553135550101' }]);
    act(() => phone.remoteRinging('fake-1'));
    expect(screen.getByRole('status', { name: 'Chamada' }).textContent).toContain('Tocando…');
    expect(screen.getByRole('button', { name: 'Desligar' }).getAttribute('aria-keyshortcuts')).toBe('Control+Shift+H');

    act(() => useLocaleStore.setState({ locale: 'en' }));
    expect(screen.getByRole('status', { name: 'Softphone' }).textContent).toBe('Registered');
    expect(screen.getByRole('status', { name: 'Call' }).textContent).toContain('Ringing…');

    await userEvent.keyboard('{Control>}{Shift>}H{/Shift}{/Control}');
    expect(phone.calls.get('fake-1')!.state.phase).toBe('ended');
    await vi.waitFor(() => expect(sent).toContainEqual({ event: 'dialer:callEvent', payload: { attemptId: 21, event: 'ended', outcome: 'cancelled' } }));
    // the line ended before anyone spoke: the dialer closed the lead
    expect(useDialerStore.getState().leads).toEqual([]);
  });

  it('the server’s cancel (dialer:cancel → the dialer store) stops a ringing line without reporting it', async () => {
    const phone = new FakeSoftphone();
    await act(() => startSoftphone(settings, {} as RealtimeSocket, () => phone));
    act(() => {
      useDialerStore.getState().leadReceived(lead);
      useDialerStore.getState().dialReceived(dial);
    });
    act(() => useDialerStore.getState().cancelled(21, 'paid'));
    expect(phone.calls.get('fake-1')!.state.phase).toBe('ended');
    expect(sent).toEqual([]);
    // the server closed the line's lead too, and says why
    expect(useDialerStore.getState().leads).toEqual([]);
    expect(useDialerStore.getState().notice).toEqual({ kind: 'revoked', reason: 'paid' });
  });

  it('an incoming call pops the debtors the server identifies; answer, then hang up', async () => {
    useLocaleStore.setState({ locale: 'pt-BR' });
    const get = vi.fn(async () => ({ ok: true, data: { from: '(31) *****-0000', debtors: [{ debtorId: 5, name: 'João da Silva', document: '***.456.789-**', phoneStatus: 'valid', openCents: 123456 }] } }));
    useSession.setState({ user: { id: 1 as UserId, username: 'agente', displayName: 'Ana Souza', role: 'agent' }, socket: {} as RealtimeSocket, api: { get } as never });
    const phone = new FakeSoftphone();
    render(<AgentConsole />);
    await act(() => startSoftphone(settings, {} as RealtimeSocket, () => phone));
    let id = '';
    act(() => {
      id = phone.incoming('+5531987650000', '+553135550101');
    });
    const region = await screen.findByRole('region', { name: 'Chamada recebida' });
    expect(get).toHaveBeenCalledWith('/api/inbound/identify?from=%2B5531987650000&to=%2B553135550101');
    expect((await screen.findByRole('list', { name: 'Possíveis devedores' })).textContent).toContain('João da Silva');
    expect(region.textContent).toContain('De (31) *****-0000');
    await userEvent.click(screen.getByRole('button', { name: 'Atender' }));
    expect(phone.calls.get(id)!.state.phase).toBe('established');
    expect(screen.getByRole('region', { name: 'Chamada recebida' }).textContent).toContain('Em conversa');
    await userEvent.keyboard('{Control>}{Shift>}H{/Shift}{/Control}');
    expect(phone.calls.get(id)!.state.phase).toBe('ended');
    expect(screen.queryByRole('region', { name: 'Chamada recebida' })).toBeNull();
  });
});
