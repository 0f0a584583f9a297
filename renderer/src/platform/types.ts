import type { OutboxEntry } from '../../../shared/desktop-bridge';
import type { Result } from '../../../shared/result';

/**
 * What the host offers the renderer. Two implementations: the plain browser (served by the dialer
 * server) and Electron (through the preload bridge). Features never know which one runs.
 */
export interface Platform {
  kind: 'browser' | 'electron';
  /** Base URL of the dialer server; '' means "the origin this page came from". null: not configured yet. */
  getServerUrl(): Promise<string | null>;
  /** Only where the user chooses the server (the desktop app). */
  setServerUrl: ((url: string) => Promise<Result<string>>) | null;
  /** Where the session token lives: per window, gone when the window closes. */
  sessionStorage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  /** Dispositions not yet acknowledged by the server: kept across reloads (browser) and restarts (desktop). */
  outbox: OutboxStorage;
}

export interface OutboxStorage {
  list(): Promise<OutboxEntry[]>;
  put(entry: OutboxEntry): Promise<void>;
  remove(key: string): Promise<void>;
}
