import { useEffect, useState } from 'react';
import { listAudioDevices, type AudioDeviceOption } from '../../softphone';
import { useT } from '../../stores/locale';
import { useSoftphoneStore } from '../../stores/softphone';

/** Microphone and speaker for the softphone (and the ringtone), remembered on this computer. */
export function AudioDevices() {
  const t = useT();
  const devices = useSoftphoneStore((s) => s.devices);
  const [options, setOptions] = useState<{ inputs: AudioDeviceOption[]; outputs: AudioDeviceOption[] }>({ inputs: [], outputs: [] });

  useEffect(() => {
    const refresh = () => void listAudioDevices().then(setOptions).catch(() => undefined);
    refresh();
    navigator.mediaDevices?.addEventListener?.('devicechange', refresh);
    return () => navigator.mediaDevices?.removeEventListener?.('devicechange', refresh);
  }, []);

  const set = (change: Partial<typeof devices>) => useSoftphoneStore.getState().setDevices({ ...devices, ...change });
  return (
    <div className="audio-devices">
      <label className="inline">
        {t('softphone.microphone')}
        <select value={devices.inputId ?? ''} onChange={(e) => set({ inputId: e.target.value || null })}>
          <option value="">{t('softphone.device.default')}</option>
          {options.inputs.map((d) => <option key={d.deviceId} value={d.deviceId}>{d.label}</option>)}
        </select>
      </label>
      <label className="inline">
        {t('softphone.speaker')}
        <select value={devices.outputId ?? ''} onChange={(e) => set({ outputId: e.target.value || null })}>
          <option value="">{t('softphone.device.default')}</option>
          {options.outputs.map((d) => <option key={d.deviceId} value={d.deviceId}>{d.label}</option>)}
        </select>
      </label>
    </div>
  );
}
