import { describe, expect, it, vi } from 'vitest';
import { DESKTOP_CHANNELS } from '../../../shared/desktop-bridge';

const exposed = new Map<string, Record<string, (...a: unknown[]) => unknown>>();
const invoke = vi.fn(async (...args: unknown[]) => ({ ok: true, data: args }));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: Record<string, (...a: unknown[]) => unknown>) => exposed.set(key, api) },
  ipcRenderer: { invoke: (...args: unknown[]) => invoke(...args) },
}));

describe('preload bridge (electron mocked)', () => {
  it('exposes one function per channel under window.quitaDesktop, and nothing else', async () => {
    await import('../../../electron/preload/index');
    expect([...exposed.keys()]).toEqual(['quitaDesktop']);
    const bridge = exposed.get('quitaDesktop')!;
    expect(Object.keys(bridge).sort()).toEqual(Object.keys(DESKTOP_CHANNELS).sort());
    await bridge.setServerUrl!('https://x');
    expect(invoke).toHaveBeenLastCalledWith(DESKTOP_CHANNELS.setServerUrl, 'https://x');
    await bridge.getInfo!();
    expect(invoke).toHaveBeenLastCalledWith(DESKTOP_CHANNELS.getInfo);
  });
});
