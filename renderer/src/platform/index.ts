import type { DesktopBridge } from '../../../shared/desktop-bridge';
import { browserPlatform } from './browser';
import { electronPlatform } from './electron';
import type { Platform } from './types';

export type { Platform };

declare global {
  interface Window {
    /** Present only inside the desktop app (electron/preload). */
    quitaDesktop?: DesktopBridge;
  }
}

/** The one place that knows which host we run in. */
export function detectPlatform(): Platform {
  return window.quitaDesktop ? electronPlatform(window.quitaDesktop) : browserPlatform();
}
