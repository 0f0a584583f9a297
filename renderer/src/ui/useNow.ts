import { useEffect, useState } from 'react';
import { useSession } from '../stores/session';

/** The current time, refreshed every `intervalMs`: for timers such as "time in state". */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}

/** The server's current time by this PC's clock corrected by the skew measured at login: for timers from server timestamps. */
export function useServerNow(intervalMs = 1000): number {
  return useNow(intervalMs) + useSession((s) => s.clockSkewMs);
}
