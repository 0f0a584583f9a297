import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/events';
import type { Result } from '../../../shared/result';

export type RealtimeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

/**
 * The only importer of socket.io-client. socket.io reconnects with backoff by itself; on every
 * (re)connect the server pushes the current state, so the console resyncs without asking.
 */
export function connectRealtime(baseUrl: string, token: string): RealtimeSocket {
  return io(baseUrl || undefined, {
    auth: { token },
    transports: ['websocket'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
  });
}

type CommandName = keyof ClientToServerEvents;
type AckData<E extends CommandName> = Parameters<ClientToServerEvents[E]>[1] extends (r: Result<infer T>) => void ? T : never;

/** Sends a command and resolves with the server's Result, or a timeout error. */
export function sendCommand<E extends CommandName>(
  socket: RealtimeSocket,
  event: E,
  payload: unknown,
  timeoutMs = 5000,
): Promise<Result<AckData<E>>> {
  return new Promise((resolve) => {
    // Typed emit with an ack: socket.io's generics cannot express the union of events, hence the narrow cast.
    (socket.timeout(timeoutMs) as unknown as {
      emit(e: string, p: unknown, cb: (error: Error | null, r: Result<AckData<E>>) => void): void;
    }).emit(event, payload, (error, result) => {
      resolve(error ? { ok: false, error: { code: 'internal', message: 'timeout' } } : result);
    });
  });
}
