import { create } from 'zustand';
import type { HealthResponse, LoginResponse, PublicUser, SipSettings } from '../../../shared/api';
import type { AppError } from '../../../shared/result';
import { createApiClient, type ApiClient } from '../api/http';
import type { Platform } from '../platform/types';
import { useOutboxStore } from './outbox';
import { connectRealtime, type ConnectionState, type RealtimeSocket } from '../realtime/client';
import { useDialerStore } from './dialer';
import { useNegotiationStore } from './negotiation';
import { usePresenceStore } from './presence';
import { softphoneReconnected, startSoftphone, stopSoftphone } from './softphone';
import { useWallboardStore } from './wallboard';

const TOKEN_KEY = 'quita.session';

interface SessionState {
  platform: Platform | null;
  /** null until the desktop app is told which server to use. */
  serverUrl: string | null;
  api: ApiClient | null;
  user: PublicUser | null;
  token: string | null;
  socket: RealtimeSocket | null;
  connection: ConnectionState;
  /** The server's clock minus this PC's (ms): state timers start from the server's `since`. */
  clockSkewMs: number;
  /** Reads the host's server URL and resumes a saved session if it is still valid. */
  init(platform: Platform): Promise<void>;
  setServerUrl(url: string): Promise<AppError | null>;
  login(username: string, password: string): Promise<AppError | null>;
  logout(): Promise<void>;
}

export const useSession = create<SessionState>((set, get) => {
  function startRealtime(token: string): void {
    const { serverUrl, user } = get();
    // the outbox sends only this agent's dispositions for this server (a shared PC keeps the others')
    void useOutboxStore.getState().setOwner(user ? { userId: user.id, serverUrl: serverUrl ?? '' } : null);
    const socket = connectRealtime(serverUrl ?? '', token);
    set({ socket, connection: 'connecting' });
    socket.on('connect', () => {
      set({ connection: 'connected' });
      void useOutboxStore.getState().flush(socket);
      softphoneReconnected();
    });
    // dispositions waiting for an ack are retried until the server takes them
    const retry = setInterval(() => (get().socket === socket ? void useOutboxStore.getState().flush(socket) : clearInterval(retry)), 3000);
    socket.on('disconnect', () => set({ connection: 'disconnected' }));
    socket.on('connect_error', () => set({ connection: 'disconnected' }));
    socket.on('agent:state', (p) => usePresenceStore.getState().received(p));
    socket.on('dialer:lead', (lead) => {
      // already disposed here, the disposition still on its way: not shown again
      if (!useOutboxStore.getState().pendingLeases.includes(lead.leaseId)) useDialerStore.getState().leadReceived(lead);
    });
    socket.on('dialer:dial', (call) => useDialerStore.getState().dialReceived(call));
    socket.on('dialer:cancel', (c) => useDialerStore.getState().cancelled(c.attemptId, c.reason));
    socket.on('dialer:revoked', (r) => useDialerStore.getState().revoked(r.leaseId, r.reason));
    socket.on('dialer:paid', (p) => useDialerStore.getState().paid(p));
    socket.on('negotiation:requested', (a) => useNegotiationStore.getState().requested(a));
    socket.on('negotiation:decided', (a) => useNegotiationStore.getState().decided(a));
    socket.on('wallboard:live', (live) => useWallboardStore.getState().received(live));
    socket.on('session:ended', () => endLocally());
    // an agent's softphone registers with the SIP proxy the server names (none configured: outcomes by hand)
    if (get().user?.role === 'agent') {
      void get().api!.get<SipSettings | null>('/api/me/sip').then((r) => {
        if (r.ok && r.data && get().socket === socket) void startSoftphone(r.data, socket);
      });
    }
  }

  function endLocally(): void {
    void stopSoftphone();
    get().socket?.disconnect();
    get().platform?.sessionStorage.removeItem(TOKEN_KEY);
    usePresenceStore.getState().clear();
    useDialerStore.getState().clear();
    useNegotiationStore.getState().clear();
    useWallboardStore.getState().clear();
    void useOutboxStore.getState().setOwner(null);
    set({ user: null, token: null, socket: null, connection: 'disconnected' });
  }

  function useServer(serverUrl: string): void {
    const api = createApiClient(serverUrl, () => get().token);
    set({ serverUrl, api });
    // half the round trip is the best guess of when the server read its clock
    const sentAt = Date.now();
    void api.get<HealthResponse>('/api/health').then((r) => {
      if (r.ok && get().api === api) set({ clockSkewMs: r.data.time - (sentAt + Date.now()) / 2 });
    });
  }

  return {
    platform: null,
    serverUrl: null,
    api: null,
    user: null,
    token: null,
    socket: null,
    connection: 'disconnected',
    clockSkewMs: 0,

    async init(platform) {
      set({ platform });
      await useOutboxStore.getState().attach(platform.outbox);
      const serverUrl = await platform.getServerUrl();
      if (serverUrl === null) return;
      useServer(serverUrl);
      const saved = platform.sessionStorage.getItem(TOKEN_KEY);
      if (!saved) return;
      set({ token: saved });
      const me = await get().api!.get<PublicUser>('/api/me');
      if (me.ok) {
        set({ user: me.data });
        startRealtime(saved);
      } else {
        endLocally();
      }
    },

    async setServerUrl(url) {
      const platform = get().platform;
      if (!platform?.setServerUrl) return { code: 'forbidden', message: 'not configurable' };
      const result = await platform.setServerUrl(url);
      if (!result.ok) return result.error;
      useServer(result.data);
      return null;
    },

    async login(username, password) {
      const result = await get().api!.post<LoginResponse>('/api/auth/login', { username, password });
      if (!result.ok) return result.error;
      get().platform!.sessionStorage.setItem(TOKEN_KEY, result.data.token);
      set({ token: result.data.token, user: result.data.user });
      startRealtime(result.data.token);
      return null;
    },

    async logout() {
      await get().api?.post('/api/auth/logout');
      endLocally();
    },
  };
});
