/** Time comes in through this port so the domain and tests control it. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that starts at `start` and runs at real speed (QUITA_CLOCK_START). */
export function shiftedClock(start: number): Clock {
  const offset = start - Date.now();
  return { now: () => Date.now() + offset };
}
