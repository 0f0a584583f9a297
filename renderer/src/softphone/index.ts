/** The softphone: interface, state machine, the dialer bridge and the one sip.js adapter. */
export type { AudioDevices, CallInfo, DialOptions, MediaStats, RegistrationState, Softphone, SoftphoneEvent } from './types';
export { callQuality, QUALITY_LIMITS, type CallQuality } from './quality';
export { webAudioRingtone, type Ringtone } from './ringtone';
export { listAudioDevices, type AudioDeviceOption } from './devices';
export type { CallPhase, CallState } from './call-state';
export { DialerBridge, type DialerLink, type LineView } from './dialer-bridge';
export { SipJsSoftphone, type SipJsSettings } from './sipjs-softphone';
