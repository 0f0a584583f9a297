import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Platform } from '../../../renderer/src/platform/types';
import { localStorageOutbox } from '../../../renderer/src/platform/browser';

// No server here: the realtime client is replaced by an inert socket. Real-server coverage is in tests/e2e.
vi.mock('../../../renderer/src/realtime/client', () => ({
  connectRealtime: () => ({ on: vi.fn(), disconnect: vi.fn() }),
  sendCommand: vi.fn(async () => ({ ok: true, data: [] })),
}));

const { App } = await import('../../../renderer/src/App');
const { useSession } = await import('../../../renderer/src/stores/session');
const { useLocaleStore } = await import('../../../renderer/src/stores/locale');

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), removeItem: (k: string) => void data.delete(k) };
}

function browserLike(storage = memoryStorage()): Platform {
  return { kind: 'browser', getServerUrl: async () => '', setServerUrl: null, sessionStorage: storage, outbox: localStorageOutbox(memoryStorage()) };
}

function respond(routes: Record<string, { status: number; body: unknown }>) {
  return vi.fn(async (url: string) => {
    const key = Object.keys(routes).find((r) => String(url).endsWith(r));
    const r = key ? routes[key]! : { status: 404, body: { ok: false, error: { code: 'not_found', message: 'x' } } };
    return new Response(JSON.stringify(r.body), { status: r.status });
  });
}

beforeEach(() => {
  useSession.setState({ user: null, token: null, serverUrl: null, api: null, socket: null });
  useLocaleStore.setState({ locale: 'pt-BR' });
  window.location.hash = '';
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('App', () => {
  it('shows the login in Portuguese and explains a wrong password', async () => {
    vi.stubGlobal('fetch', respond({ '/api/auth/login': { status: 401, body: { ok: false, error: { code: 'unauthenticated', message: 'Invalid username or password' } } } }));
    render(<App platform={browserLike()} />);
    await userEvent.type(await screen.findByLabelText('Usuário'), 'agente');
    await userEvent.type(screen.getByLabelText('Senha'), 'errada');
    await userEvent.click(screen.getByRole('button', { name: 'Entrar' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Usuário ou senha inválidos.');
  });

  it('switches the whole UI to English', async () => {
    render(<App platform={browserLike()} />);
    await userEvent.selectOptions(await screen.findByLabelText('Idioma'), 'en');
    expect(screen.getByRole('heading', { name: 'Sign in to Quita' })).toBeTruthy();
    expect(screen.getByLabelText('Password')).toBeTruthy();
  });

  it('resumes a saved session and opens the role home; an area the role lacks shows access denied', async () => {
    const agent = { id: 1, username: 'agente', displayName: 'Ana Souza', role: 'agent' };
    vi.stubGlobal('fetch', respond({ '/api/me': { status: 200, body: { ok: true, data: agent } } }));
    const storage = memoryStorage({ 'quita.session': 'tok' });
    window.location.hash = '#/admin';
    render(<App platform={browserLike(storage)} />);
    expect(await screen.findByRole('heading', { name: 'Acesso negado' })).toBeTruthy();
    expect(screen.getByText('Seu perfil (Agente) não pode abrir esta área.')).toBeTruthy();
    window.location.hash = '#/agent';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(await screen.findByRole('heading', { name: 'Console do agente' })).toBeTruthy();
  });

  it('drops a saved session the server no longer accepts', async () => {
    vi.stubGlobal('fetch', respond({ '/api/me': { status: 401, body: { ok: false, error: { code: 'unauthenticated', message: 'expired' } } } }));
    const storage = memoryStorage({ 'quita.session': 'old' });
    render(<App platform={browserLike(storage)} />);
    expect(await screen.findByRole('heading', { name: 'Entrar no Quita' })).toBeTruthy();
    expect(storage.getItem('quita.session')).toBeNull();
  });

  it('in the desktop app, asks for the dialer server first and shows a bad URL error', async () => {
    const setServerUrl = vi.fn(async (url: string) =>
      url.startsWith('http') ? { ok: true as const, data: url } : { ok: false as const, error: { code: 'bad_request' as const, message: 'serverUrl: must start with http:// or https://' } });
    const platform: Platform = { kind: 'electron', getServerUrl: async () => null, setServerUrl, sessionStorage: memoryStorage(), outbox: localStorageOutbox(memoryStorage()) };
    render(<App platform={platform} />);
    const input = await screen.findByLabelText('Endereço do servidor');
    await userEvent.clear(input);
    await userEvent.type(input, 'ftp://x');
    await userEvent.click(screen.getByRole('button', { name: 'Conectar' }));
    expect(setServerUrl).toHaveBeenCalledWith('ftp://x');
    expect((await screen.findByRole('alert')).textContent).toContain('serverUrl: must start with http');
  });
});
