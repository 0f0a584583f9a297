import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DialCommand, Lead } from '../../../../shared/dialer';
import type { AttemptId, CampaignId, DebtorId, LeaseId, PhoneId, UserId } from '../../../../shared/ids';
import type { RealtimeSocket } from '../../../../renderer/src/realtime/client';
import { callQuality } from '../../../../renderer/src/softphone/quality';

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
const { startSoftphone, stopSoftphone, useSoftphoneStore, QUALITY_SAMPLE_MS } = await import('../../../../renderer/src/stores/softphone');
const { FakeSoftphone } = await import('../../../../renderer/src/softphone/fake-softphone');

const settings = { wsUrl: 'ws://x', domain: 'x', username: 'a', displayName: 'A', password: null, ringTimeoutSeconds: 30 };
const lead: Lead = {
  leaseId: 11 as LeaseId, campaignId: 1 as CampaignId, campaignName: 'Cartões', mode: 'preview',
  debtor: { id: 5 as DebtorId, name: 'João', document: '***.456.789-**' }, phone: { id: 3 as PhoneId, masked: '(31) *****-0000', ddd: '31' },
  callbackAt: null, autoDialAt: null, wrapUpSeconds: 60, leaseExpiresAt: Date.now() + 60_000,
};
const dial: DialCommand = { attemptId: 21 as AttemptId, leaseId: 11 as LeaseId, debtorId: 5 as DebtorId, to: '+5531987650000', callerId: '+553135550101', predictive: false };
const ringtone = () => ({ start: vi.fn(), stop: vi.fn(), setOutput: vi.fn() });

afterEach(async () => {
  cleanup();
  vi.useRealTimers();
  await act(() => stopSoftphone());
  useDialerStore.getState().clear();
  sent.length = 0;
});

async function inCall() {
  useLocaleStore.setState({ locale: 'pt-BR' });
  useSession.setState({ user: { id: 1 as UserId, username: 'agente', displayName: 'Ana', role: 'agent' }, socket: {} as RealtimeSocket, api: { get: vi.fn(async () => ({ ok: false, error: { code: 'not_found', message: 'x' } })) } as never });
  const phone = new FakeSoftphone();
  const ring = ringtone();
  render(<AgentConsole />);
  await act(() => startSoftphone(settings, {} as RealtimeSocket, () => phone, ring));
  act(() => {
    useDialerStore.getState().leadReceived(lead);
    useDialerStore.getState().dialReceived(dial);
  });
  act(() => phone.remoteAnswer('fake-1'));
  return { phone, ring };
}

describe('call quality', () => {
  it('is the loss over the interval, with jitter and round trip; poor past the limits', () => {
    const base = { bytesSent: 0, bytesReceived: 0, packetsSent: 0, jitterMs: 10, roundTripMs: 80 };
    expect(callQuality(null, { ...base, packetsReceived: 100, packetsLost: 0 })).toEqual({ lossPercent: 0, jitterMs: 10, roundTripMs: 80, poor: false });
    // 10 lost of the last 100: poor, although the call's whole loss is small
    expect(callQuality({ ...base, packetsReceived: 1000, packetsLost: 0 }, { ...base, packetsReceived: 1090, packetsLost: 10 })).toMatchObject({ lossPercent: 10, poor: true });
    expect(callQuality(null, { ...base, packetsReceived: 100, packetsLost: 0, jitterMs: 45 }).poor).toBe(true);
    expect(callQuality(null, { ...base, packetsReceived: 100, packetsLost: 0, roundTripMs: 450 }).poor).toBe(true);
    expect(callQuality(null, { ...base, packetsReceived: 0, packetsLost: 0, jitterMs: null, roundTripMs: null })).toEqual({ lossPercent: 0, jitterMs: null, roundTripMs: null, poor: false });
  });
});

describe('softphone tools in the console (fake softphone)', () => {
  it('shows the live quality and warns when it degrades', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { phone } = await inCall();
    await act(() => vi.advanceTimersByTimeAsync(QUALITY_SAMPLE_MS));
    expect(screen.getByRole('status', { name: 'Qualidade do áudio' }).textContent).toBe('Perda 0,0% · jitter 5 ms · ida e volta 40 ms');
    expect(screen.queryByText(/Qualidade ruim/)).toBeNull();
    // since the last sample (1 packet): 91 received, 9 lost
    phone.media = { ...phone.media, packetsReceived: 92, packetsLost: 9, jitterMs: 60, roundTripMs: 420 };
    await act(() => vi.advanceTimersByTimeAsync(QUALITY_SAMPLE_MS));
    expect(screen.getByRole('status', { name: 'Qualidade do áudio' }).textContent).toBe('Perda 9,0% · jitter 60 ms · ida e volta 420 ms');
    expect(screen.getByText('Qualidade ruim: o devedor pode não ouvir bem. Verifique a rede.')).toBeTruthy();
  });

  it('blind transfer: REFER to the typed target; accepted, the line ends and the agent disposes; refused, the call goes on', async () => {
    const { phone } = await inCall();
    phone.acceptTransfers = false;
    await userEvent.type(screen.getByLabelText('Transferir para'), '9001');
    await userEvent.click(screen.getByRole('button', { name: 'Transferir' }));
    expect(await screen.findByText('A transferência foi recusada; a chamada continua.')).toBeTruthy();
    expect(phone.calls.get('fake-1')!.state.phase).toBe('established');
    phone.acceptTransfers = true;
    await userEvent.click(screen.getByRole('button', { name: 'Transferir' }));
    expect(phone.transfers).toEqual([{ id: 'fake-1', target: '9001' }, { id: 'fake-1', target: '9001' }]);
    expect(phone.calls.get('fake-1')!.state.phase).toBe('ended');
    await vi.waitFor(() => expect(sent).toContainEqual({ event: 'dialer:callEvent', payload: { attemptId: 21, event: 'ended' } }));
    expect(screen.getByRole('form', { name: 'Resultado do contato' })).toBeTruthy();
  });

  it('rings on an incoming call and stops on answer; an inbound call is transferred too; the chosen devices reach the softphone and are remembered', async () => {
    const { phone, ring } = await inCall();
    let id = '';
    act(() => {
      id = phone.incoming('+5531987650000', '+553135550101');
    });
    expect(ring.start).toHaveBeenCalledTimes(1);
    expect(ring.stop).not.toHaveBeenCalled();
    act(() => phone.answer(id));
    expect(ring.stop).toHaveBeenCalled();

    // the debtor who called in goes to the right desk: the inbound call has the same transfer
    const inbound = screen.getByRole('region', { name: 'Chamada recebida' });
    await userEvent.type(within(inbound).getByLabelText('Transferir para'), '9002');
    await userEvent.click(within(inbound).getByRole('button', { name: 'Transferir' }));
    expect(phone.transfers).toEqual([{ id, target: '9002' }]);
    expect(phone.calls.get(id)!.state.phase).toBe('ended');
    expect(screen.queryByRole('region', { name: 'Chamada recebida' })).toBeNull();

    act(() => useSoftphoneStore.getState().setDevices({ inputId: 'mic-2', outputId: 'spk-2' }));
    await vi.waitFor(() => expect(phone.devices).toEqual({ inputId: 'mic-2', outputId: 'spk-2' }));
    expect(ring.setOutput).toHaveBeenLastCalledWith('spk-2');
    expect(JSON.parse(localStorage.getItem('quita.audioDevices')!)).toEqual({ inputId: 'mic-2', outputId: 'spk-2' });
    expect(screen.getByRole('combobox', { name: 'Microfone' })).toBeTruthy();
    expect(screen.getByRole('combobox', { name: 'Alto-falante' })).toBeTruthy();
  });
});
