/**
 * The console's ring for an incoming call, made with WebAudio (no audio file to ship or to load past the
 * CSP): two short 440/480 Hz bursts every 3 s, like a desk phone. Plays on the chosen speaker where the
 * browser can route an AudioContext (setSinkId); the system default otherwise.
 */
export interface Ringtone {
  start(): void;
  stop(): void;
  setOutput(deviceId: string | null): void;
}

const BURSTS = [0, 0.6]; // seconds into each 3 s cycle
const BURST_S = 0.4;
const CYCLE_MS = 3000;

export function webAudioRingtone(): Ringtone {
  let ctx: AudioContext | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  let output: string | null = null;
  const ring = () => {
    if (!ctx) return;
    const t0 = ctx.currentTime;
    for (const at of BURSTS) {
      const gain = ctx.createGain();
      gain.gain.value = 0.15;
      gain.connect(ctx.destination);
      for (const hz of [440, 480]) {
        const osc = ctx.createOscillator();
        osc.frequency.value = hz;
        osc.connect(gain);
        osc.start(t0 + at);
        osc.stop(t0 + at + BURST_S);
      }
    }
  };
  const route = () => {
    const sinkable = ctx as (AudioContext & { setSinkId?: (id: string) => Promise<void> }) | null;
    if (sinkable?.setSinkId && output) void sinkable.setSinkId(output).catch(() => undefined);
  };
  return {
    start() {
      if (timer || typeof AudioContext === 'undefined') return;
      ctx = new AudioContext();
      route();
      ring();
      timer = setInterval(ring, CYCLE_MS);
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
      void ctx?.close().catch(() => undefined);
      ctx = null;
    },
    setOutput(deviceId) {
      output = deviceId;
      route();
    },
  };
}
