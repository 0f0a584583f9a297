import type { Result } from '../../../shared/result';

/** REST client: every answer is a Result; network failures become a Result too, never a throw. */
export interface ApiClient {
  get<T>(path: string): Promise<Result<T>>;
  post<T>(path: string, body?: unknown): Promise<Result<T>>;
}

export function createApiClient(baseUrl: string, getToken: () => string | null): ApiClient {
  async function call<T>(method: string, path: string, body?: unknown): Promise<Result<T>> {
    const token = getToken();
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await response.json()) as Result<T>;
      if (typeof json === 'object' && json !== null && 'ok' in json) return json;
      return { ok: false, error: { code: 'internal', message: `Unexpected answer (HTTP ${response.status})` } };
    } catch {
      return { ok: false, error: { code: 'internal', message: 'network' } };
    }
  }
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
  };
}
