import { useSoftphoneStore } from '../../stores/softphone';

/**
 * The console's keyboard shortcuts, one table: the help popover lists it, buttons name their key in
 * aria-keyshortcuts, and one keydown listener (AgentConsole) runs it. Ctrl+Shift so typing in a note or a
 * field never triggers one.
 */
export const SHORTCUTS = {
  answer: { key: 'A', aria: 'Control+Shift+A' },
  hangup: { key: 'H', aria: 'Control+Shift+H' },
  hold: { key: 'E', aria: 'Control+Shift+E' },
  mute: { key: 'M', aria: 'Control+Shift+M' },
  dispose: { key: 'D', aria: 'Control+Shift+D' },
} as const;
export type ShortcutAction = keyof typeof SHORTCUTS;

/** Which action a key press asks for, if any. */
export function shortcutOf(e: Pick<KeyboardEvent, 'ctrlKey' | 'shiftKey' | 'altKey' | 'metaKey' | 'key'>): ShortcutAction | null {
  if (!e.ctrlKey || !e.shiftKey || e.altKey || e.metaKey) return null;
  const key = e.key.toUpperCase();
  return (Object.keys(SHORTCUTS) as ShortcutAction[]).find((a) => SHORTCUTS[a].key === key) ?? null;
}

/** Runs an action on the live calls (the one established line, the ringing inbound call...). */
export function runShortcut(action: ShortcutAction): void {
  const sp = useSoftphoneStore.getState();
  const live = sp.lines.find((l) => l.phase === 'established');
  switch (action) {
    case 'answer': {
      const ringing = sp.incoming.find((c) => c.phase === 'incoming');
      if (ringing) sp.answerIncoming(ringing.callId);
      return;
    }
    case 'hangup':
      for (const line of sp.lines) if (line.phase !== 'ended') sp.hangup(line.attemptId);
      for (const call of sp.incoming) if (call.phase === 'established') sp.endIncoming(call.callId);
      return;
    case 'hold':
      if (live) sp.hold(live.attemptId, !live.held);
      return;
    case 'mute':
      if (live) sp.mute(live.attemptId, !live.muted);
      return;
    case 'dispose':
      document.querySelector<HTMLSelectElement>('#disposition-outcome')?.focus();
      return;
    default: {
      const never: never = action;
      return never;
    }
  }
}
