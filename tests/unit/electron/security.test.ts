import { beforeEach, describe, expect, it, vi } from 'vitest';

// 'electron' cannot run here: mock the parts security.ts touches and drive the hooks it installs.
const appListeners = new Map<string, (...args: unknown[]) => void>();
const openExternal = vi.fn();
vi.mock('electron', () => ({
  app: { on: (event: string, listener: (...args: unknown[]) => void) => appListeners.set(event, listener) },
  shell: { openExternal: (url: string) => openExternal(url) },
}));

const { hardenSession, hardenWebContents, registerAppProtocol } = await import('../../../electron/main/security');

function fakeContents() {
  const listeners = new Map<string, (...args: unknown[]) => void>();
  let windowOpen: ((d: { url: string }) => { action: string }) | null = null;
  return {
    on: (event: string, l: (...args: unknown[]) => void) => listeners.set(event, l),
    setWindowOpenHandler: (h: typeof windowOpen) => (windowOpen = h),
    fire(event: string, url?: string) {
      const preventDefault = vi.fn();
      listeners.get(event)!({ preventDefault }, url);
      return preventDefault;
    },
    open: (url: string) => windowOpen!({ url }),
  };
}

describe('Electron hardening (electron mocked)', () => {
  beforeEach(() => {
    appListeners.clear();
    openExternal.mockReset();
  });

  it('blocks navigation away from the app, webviews and new windows', () => {
    hardenWebContents();
    const contents = fakeContents();
    appListeners.get('web-contents-created')!({}, contents);
    expect(contents.fire('will-navigate', 'https://evil.example/')).toHaveBeenCalled();
    expect(contents.fire('will-navigate', 'app://quita/index.html#/admin')).not.toHaveBeenCalled();
    expect(contents.fire('will-redirect', 'http://evil.example/')).toHaveBeenCalled();
    expect(contents.fire('will-attach-webview')).toHaveBeenCalled();
    expect(contents.open('https://www.gov.br/')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://www.gov.br/');
    expect(contents.open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledTimes(1);
  });

  it('answers permission requests and checks with the policy', () => {
    let request: ((c: unknown, p: string, cb: (ok: boolean) => void, d: object) => void) | null = null;
    let check: ((c: unknown, p: string, origin: string, d: object) => boolean) | null = null;
    hardenSession({ setPermissionRequestHandler: (h: typeof request) => (request = h), setPermissionCheckHandler: (h: typeof check) => (check = h) } as never);
    const answer = (permission: string, details: object) => new Promise<boolean>((resolve) => request!(null, permission, resolve, details));
    return Promise.all([
      expect(answer('media', { requestingUrl: 'app://quita/index.html', mediaTypes: ['audio'] })).resolves.toBe(true),
      expect(answer('media', { requestingUrl: 'app://quita/index.html', mediaTypes: ['video'] })).resolves.toBe(false),
      expect(answer('geolocation', { requestingUrl: 'app://quita/index.html' })).resolves.toBe(false),
      expect(answer('media', { requestingUrl: 'https://evil.example/', mediaTypes: ['audio'] })).resolves.toBe(false),
    ]).then(() => {
      expect(check!(null, 'media', 'app://quita', { mediaType: 'audio' })).toBe(true);
      expect(check!(null, 'media', 'https://evil.example', { mediaType: 'audio' })).toBe(false);
    });
  });

  it('serves the renderer through app:// with the CSP, and 404 outside it', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quita-renderer-'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<h1>Quita</h1>');
    let handler: ((r: { url: string }) => Promise<Response>) | null = null;
    registerAppProtocol({ handle: (_s: string, h: typeof handler) => (handler = h) } as never, dir, () => 'http://10.1.1.1:3000');
    const index = await handler!({ url: 'app://quita/' });
    expect(index.status).toBe(200);
    expect(await index.text()).toBe('<h1>Quita</h1>');
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(index.headers.get('content-security-policy')).toContain('connect-src \'self\' http://10.1.1.1:3000 ws://10.1.1.1:3000');
    expect((await handler!({ url: 'app://quita/%2e%2e/secret' })).status).toBe(404);
    expect((await handler!({ url: 'app://quita/missing.js' })).status).toBe(404);
  });
});
