import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { registerIpc } from '../../../electron/main/ipc/index';
import { createSettingsStore } from '../../../electron/main/services/settings';
import { DESKTOP_CHANNELS } from '../../../shared/desktop-bridge';

type Listener = (event: unknown, ...args: unknown[]) => unknown;

function setup() {
  const handlers = new Map<string, Listener>();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'quita-ipc-')), 'settings.json');
  const reloadSender = vi.fn();
  registerIpc({ handle: (channel: string, listener: Listener) => void handlers.set(channel, listener) } as never, {
    settings: createSettingsStore(file),
    info: { appVersion: '1.2.3', platform: 'linux' },
    reloadSender,
  });
  const invoke = (channel: string, frameUrl: string | undefined, ...args: unknown[]) =>
    handlers.get(channel)!({ senderFrame: frameUrl ? { url: frameUrl } : null }, ...args);
  return { handlers, invoke, reloadSender, file };
}

describe('desktop IPC', () => {
  it('registers exactly the bridge channels', () => {
    expect([...setup().handlers.keys()].sort()).toEqual(Object.values(DESKTOP_CHANNELS).sort());
  });

  it('answers the app frame with Results', () => {
    const { invoke } = setup();
    expect(invoke(DESKTOP_CHANNELS.getInfo, 'app://quita/index.html')).toEqual({ ok: true, data: { appVersion: '1.2.3', platform: 'linux' } });
    expect(invoke(DESKTOP_CHANNELS.getServerUrl, 'app://quita/index.html')).toEqual({ ok: true, data: null });
  });

  it('refuses every channel to a foreign or missing frame', () => {
    const { invoke } = setup();
    for (const channel of Object.values(DESKTOP_CHANNELS)) {
      expect(invoke(channel, 'https://evil.example/', 'http://x')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(invoke(channel, undefined, 'http://x')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });

  it('validates and stores the server URL, then reloads the window', () => {
    const { invoke, reloadSender, file } = setup();
    expect(invoke(DESKTOP_CHANNELS.setServerUrl, 'app://quita/', 42)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(invoke(DESKTOP_CHANNELS.setServerUrl, 'app://quita/', 'javascript:alert(1)')).toMatchObject({ ok: false });
    expect(reloadSender).not.toHaveBeenCalled();
    expect(invoke(DESKTOP_CHANNELS.setServerUrl, 'app://quita/', 'https://discador.local:3000/')).toEqual({ ok: true, data: 'https://discador.local:3000' });
    expect(reloadSender).toHaveBeenCalledOnce();
    expect(invoke(DESKTOP_CHANNELS.getServerUrl, 'app://quita/')).toEqual({ ok: true, data: 'https://discador.local:3000' });
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ serverUrl: 'https://discador.local:3000' });
  });

  it('treats a corrupt settings file as unset', () => {
    const { invoke, file } = setup();
    fs.writeFileSync(file, '{not json');
    expect(invoke(DESKTOP_CHANNELS.getServerUrl, 'app://quita/')).toEqual({ ok: true, data: null });
  });
});
