import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildContentSecurityPolicy, isAppUrl, isPermissionAllowed, isSafeExternalUrl, isTrustedSender, resolveAppFile } from '../../../electron/main/policy';

describe('desktop security policy', () => {
  it('recognises only the app origin', () => {
    expect(isAppUrl('app://quita/index.html')).toBe(true);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('https://quita.example/')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('::not a url')).toBe(false);
  });

  it('grants the microphone to the app only, and nothing else', () => {
    expect(isPermissionAllowed('media', 'app://quita/index.html', ['audio'])).toBe(true);
    expect(isPermissionAllowed('media', 'app://quita/index.html', ['audio', 'video'])).toBe(false);
    expect(isPermissionAllowed('media', 'app://quita/index.html', [])).toBe(false);
    expect(isPermissionAllowed('media', 'https://evil.example/', ['audio'])).toBe(false);
    for (const p of ['geolocation', 'notifications', 'clipboard-read', 'openExternal', 'midi']) {
      expect(isPermissionAllowed(p, 'app://quita/index.html', ['audio'])).toBe(false);
    }
  });

  it('opens only https links without credentials externally', () => {
    expect(isSafeExternalUrl('https://www.gov.br/')).toBe(true);
    expect(isSafeExternalUrl('http://www.gov.br/')).toBe(false);
    expect(isSafeExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isSafeExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isSafeExternalUrl('https://user:pw@host/')).toBe(false);
  });

  it('serves files only from inside the renderer folder', () => {
    const root = path.resolve('/opt/quita/renderer');
    expect(resolveAppFile(root, 'app://quita/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://quita/assets/index.js')).toBe(path.join(root, 'assets/index.js'));
    expect(resolveAppFile(root, 'app://quita/../../etc/passwd')).toBe(path.join(root, 'etc/passwd')); // URL parsing already clamps ..
    // encoded dot segments are normalised against the root: they can never climb out of it
    expect(resolveAppFile(root, 'app://quita/%2e%2e/%2e%2e/etc/passwd')).toBe(path.join(root, 'etc/passwd'));
    expect(resolveAppFile(root, 'app://quita/..%2F..%2F..%2Fetc%2Fpasswd')).toBe(path.join(root, 'etc/passwd'));
    expect(resolveAppFile(root, 'app://quita/a%00b')).toBeNull();
    expect(resolveAppFile(root, 'app://quita/%E0%A4%A')).toBeNull();
    expect(resolveAppFile(root, 'app://other/index.html')).toBeNull();
  });

  it('builds a CSP that allows network only to the configured server', () => {
    const csp = buildContentSecurityPolicy('https://discador.exemplo.com.br:8443');
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toMatch(/connect-src 'self' https:\/\/discador\.exemplo\.com\.br:8443 wss:\/\/discador\.exemplo\.com\.br:8443/);
    expect(buildContentSecurityPolicy(null)).toContain("connect-src 'self' wss:");
  });

  it('trusts IPC only from app frames', () => {
    expect(isTrustedSender('app://quita/index.html')).toBe(true);
    expect(isTrustedSender('https://evil.example/')).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });
});
