import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { DESKTOP_CHANNELS, parseOutboxEntry, type DesktopInfo } from '../../../shared/desktop-bridge';
import type { DesktopOutbox } from '../db/outbox';
import { err, ok, type Result } from '../../../shared/result';
import { isTrustedSender } from '../policy';
import type { SettingsStore } from '../services/settings';

export interface IpcDeps {
  settings: SettingsStore;
  outbox: DesktopOutbox;
  info: DesktopInfo;
  /** After the server changes the window reloads, so the new CSP and connections take effect. */
  reloadSender(event: IpcMainInvokeEvent): void;
}

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Result<unknown>;

/** One handler per channel; each checks the sender frame and validates its arguments, and answers a Result. */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, deps: IpcDeps): void {
  const guarded = (channel: string, handler: Handler) =>
    ipcMain.handle(channel, (event, ...args) => {
      if (!isTrustedSender(event.senderFrame?.url)) return err('forbidden', 'IPC from an untrusted frame');
      try {
        return handler(event, ...args);
      } catch {
        return err('internal', 'Desktop error');
      }
    });

  guarded(DESKTOP_CHANNELS.getInfo, () => ok(deps.info));
  guarded(DESKTOP_CHANNELS.getServerUrl, () => ok(deps.settings.getServerUrl()));
  guarded(DESKTOP_CHANNELS.setServerUrl, (event, url) => {
    if (typeof url !== 'string') return err('bad_request', 'serverUrl: must be a string');
    const result = deps.settings.setServerUrl(url);
    if (result.ok) deps.reloadSender(event);
    return result;
  });
  guarded(DESKTOP_CHANNELS.outboxList, () => ok(deps.outbox.list()));
  guarded(DESKTOP_CHANNELS.outboxPut, (_event, entry) => {
    const parsed = parseOutboxEntry(entry);
    if (!parsed.ok) return parsed;
    deps.outbox.put(parsed.data);
    return ok(null);
  });
  guarded(DESKTOP_CHANNELS.outboxRemove, (_event, key) => {
    if (typeof key !== 'string') return err('bad_request', 'key: must be a string');
    deps.outbox.remove(key);
    return ok(null);
  });
}
