import { contextBridge, ipcRenderer } from 'electron';
import { DESKTOP_CHANNELS, type DesktopBridge } from '../../shared/desktop-bridge';

/** One function per IPC channel and nothing else: the renderer never sees ipcRenderer itself. */
const bridge: DesktopBridge = {
  getInfo: () => ipcRenderer.invoke(DESKTOP_CHANNELS.getInfo),
  getServerUrl: () => ipcRenderer.invoke(DESKTOP_CHANNELS.getServerUrl),
  setServerUrl: (url: string) => ipcRenderer.invoke(DESKTOP_CHANNELS.setServerUrl, url),
  outboxList: () => ipcRenderer.invoke(DESKTOP_CHANNELS.outboxList),
  outboxPut: (entry) => ipcRenderer.invoke(DESKTOP_CHANNELS.outboxPut, entry),
  outboxRemove: (key: string) => ipcRenderer.invoke(DESKTOP_CHANNELS.outboxRemove, key),
};

contextBridge.exposeInMainWorld('quitaDesktop', bridge);
