import { create } from 'zustand';
import type { WallboardLive } from '../../../shared/wallboard';

/** The wallboard's campaign figures and agents' current work, as the server pushes them every second. */
interface WallboardState {
  live: WallboardLive | null;
  received(live: WallboardLive): void;
  clear(): void;
}

export const useWallboardStore = create<WallboardState>((set) => ({
  live: null,
  received: (live) => set({ live }),
  clear: () => set({ live: null }),
}));
