import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { registerIpc } from '../../../electron/main/ipc/index';
import { createSettingsStore } from '../../../electron/main/services/settings';
import { openDesktopOutbox } from '../../../electron/main/db/outbox';
import { DESKTOP_CHANNELS } from '../../../shared/desktop-bridge';

type Listener = (event: unknown, ...args: unknown[]) => unknown;

function setup() {
  const handlers = new Map<string, Listener>();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quita-ipc-'));
  const file = path.join(dir, 'settings.json');
  const outboxFile = path.join(dir, 'outbox.sqlite');
  const reloadSender = vi.fn();
  const outbox = openDesktopOutbox(outboxFile);
  registerIpc({ handle: (channel: string, listener: Listener) => void handlers.set(channel, listener) } as never, {
    settings: createSettingsStore(file),
    outbox,
    info: { appVersion: '1.2.3', platform: 'linux' },
    reloadSender,
  });
  const invoke = (channel: string, frameUrl: string | undefined, ...args: unknown[]) =>
    handlers.get(channel)!({ senderFrame: frameUrl ? { url: frameUrl } : null }, ...args);
  return { handlers, invoke, reloadSender, file, outbox, outboxFile };
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

  it('keeps dispositions in a real SQLite file until removed; a restart (the file reopened) still has them', () => {
    const { invoke, outbox, outboxFile } = setup();
    const entry = { key: 'disp-0001-abcdef', payload: JSON.stringify({ leaseId: 7, outcome: 'rpc', key: 'disp-0001-abcdef' }), createdAt: 1000, userId: 3, serverUrl: 'https://quita.example' };
    expect(invoke(DESKTOP_CHANNELS.outboxPut, 'app://quita/', entry)).toEqual({ ok: true, data: null });
    expect(invoke(DESKTOP_CHANNELS.outboxPut, 'app://quita/', { ...entry, key: 'disp-0002-abcdef', createdAt: 2000 })).toEqual({ ok: true, data: null });
    // the same key again is kept once, with its first payload
    expect(invoke(DESKTOP_CHANNELS.outboxPut, 'app://quita/', { ...entry, payload: '{"changed":true}' })).toEqual({ ok: true, data: null });
    expect(invoke(DESKTOP_CHANNELS.outboxPut, 'app://quita/', { ...entry, key: 'disp-0004-abcdef', userId: undefined })).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('userId') } });
    expect(invoke(DESKTOP_CHANNELS.outboxPut, 'app://quita/', { ...entry, key: 'x', payload: '{}', createdAt: 1 })).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('key') } });
    expect(invoke(DESKTOP_CHANNELS.outboxPut, 'app://quita/', { ...entry, key: 'disp-0003-abcdef', payload: 42 })).toMatchObject({ ok: false, error: { message: expect.stringContaining('payload') } });
    outbox.close();

    // the app restarts: a new process opens the same file
    const reopened = openDesktopOutbox(outboxFile);
    expect(reopened.list()).toEqual([entry, { ...entry, key: 'disp-0002-abcdef', createdAt: 2000 }]);
    reopened.remove('disp-0001-abcdef');
    reopened.close();
    const again = openDesktopOutbox(outboxFile);
    expect(again.list().map((e) => e.key)).toEqual(['disp-0002-abcdef']);
    again.close();
  });

  it('an outbox file from before owners were kept is upgraded in place: its entries stay, with no owner', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quita-outbox-'));
    const file = path.join(dir, 'outbox.sqlite');
    const old = new Database(file);
    old.exec('CREATE TABLE disposition_outbox (key TEXT PRIMARY KEY, payload TEXT NOT NULL, created_at INTEGER NOT NULL) WITHOUT ROWID');
    old.prepare('INSERT INTO disposition_outbox VALUES (?, ?, ?)').run('disp-old-000001', '{"leaseId":1}', 500);
    old.close();
    const outbox = openDesktopOutbox(file);
    outbox.put({ key: 'disp-new-000001', payload: '{"leaseId":2}', createdAt: 600, userId: 4, serverUrl: 'https://quita.example' });
    expect(outbox.list()).toEqual([
      { key: 'disp-old-000001', payload: '{"leaseId":1}', createdAt: 500, userId: null, serverUrl: '' },
      { key: 'disp-new-000001', payload: '{"leaseId":2}', createdAt: 600, userId: 4, serverUrl: 'https://quita.example' },
    ]);
    outbox.close();
    // opened again: nothing to upgrade, nothing lost
    const again = openDesktopOutbox(file);
    expect(again.list()).toHaveLength(2);
    again.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
