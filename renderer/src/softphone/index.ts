/** The softphone: interface, state machine, the dialer bridge and the one sip.js adapter. */
export type { CallInfo, DialOptions, MediaStats, RegistrationState, Softphone, SoftphoneEvent } from './types';
export type { CallPhase, CallState } from './call-state';
export { DialerBridge, type DialerLink, type LineView } from './dialer-bridge';
export { SipJsSoftphone, type SipJsSettings } from './sipjs-softphone';
