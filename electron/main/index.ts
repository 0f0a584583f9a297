import path from 'node:path';
import { app, BrowserWindow, ipcMain, protocol, session } from 'electron';
import { registerIpc } from './ipc/index';
import { APP_ENTRY, APP_SCHEME } from './policy';
import { hardenSession, hardenWebContents, registerAppProtocol } from './security';
import { createSettingsStore } from './services/settings';
import { openDesktopOutbox } from './db/outbox';

// Must run before 'ready': app:// behaves like https (secure context for getUserMedia, fetch, CORS origin).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);

// dist/electron/main.cjs → dist/renderer, dist/electron/preload.cjs
const rendererDir = path.join(__dirname, '..', 'renderer');
const preload = path.join(__dirname, 'preload.cjs');

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1366,
    height: 768,
    minWidth: 1024,
    minHeight: 640,
    title: 'Quita',
    show: false,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY);
  return win;
}

app.enableSandbox();
hardenWebContents();

void app.whenReady().then(() => {
  const settings = createSettingsStore(path.join(app.getPath('userData'), 'settings.json'));
  registerAppProtocol(protocol, rendererDir, () => settings.getServerUrl());
  hardenSession(session.defaultSession);
  const outbox = openDesktopOutbox(path.join(app.getPath('userData'), 'outbox.sqlite'));
  app.on('will-quit', () => outbox.close());
  registerIpc(ipcMain, {
    settings,
    outbox,
    info: { appVersion: app.getVersion(), platform: process.platform },
    reloadSender: (event) => setImmediate(() => event.sender.reload()),
  });
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
