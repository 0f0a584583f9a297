import type { Result } from '../../../shared/result';

/** REST client: every answer is a Result; network failures become a Result too, never a throw. */
export interface ApiClient {
  get<T>(path: string): Promise<Result<T>>;
  post<T>(path: string, body?: unknown): Promise<Result<T>>;
  put<T>(path: string, body: unknown): Promise<Result<T>>;
  patch<T>(path: string, body: unknown): Promise<Result<T>>;
  /** Sends a small text file (a CSV) as the body; a refusal may list the lines at fault beside the error. */
  postText<T>(path: string, text: string, contentType: string): Promise<Result<T> & { lines?: unknown[] }>;
  /** Sends a file as the raw body, reporting the bytes sent (fetch cannot report upload progress). */
  upload<T>(path: string, file: Blob, onProgress: (sent: number, total: number) => void): Promise<Result<T>>;
  /** Downloads a file behind the session token and hands it to the browser as a download. */
  download(path: string, fileName: string): Promise<Result<null>>;
}

export function createApiClient(baseUrl: string, getToken: () => string | null): ApiClient {
  async function call<T>(method: string, path: string, body?: unknown, text?: { body: string; contentType: string }): Promise<Result<T>> {
    const token = getToken();
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (text) headers['content-type'] = text.contentType;
    try {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: text ? text.body : body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await response.json()) as Result<T>;
      if (typeof json === 'object' && json !== null && 'ok' in json) return json;
      return { ok: false, error: { code: 'internal', message: `Unexpected answer (HTTP ${response.status})` } };
    } catch {
      return { ok: false, error: { code: 'internal', message: 'network' } };
    }
  }
  function upload<T>(path: string, file: Blob, onProgress: (sent: number, total: number) => void): Promise<Result<T>> {
    return new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `${baseUrl}${path}`);
      const token = getToken();
      if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
      xhr.setRequestHeader('content-type', 'application/octet-stream');
      xhr.upload.onprogress = (e) => onProgress(e.loaded, e.total || file.size);
      xhr.onload = () => {
        try {
          resolve(JSON.parse(xhr.responseText) as Result<T>);
        } catch {
          resolve({ ok: false, error: { code: 'internal', message: `Unexpected answer (HTTP ${xhr.status})` } });
        }
      };
      xhr.onerror = () => resolve({ ok: false, error: { code: 'internal', message: 'network' } });
      xhr.send(file);
    });
  }

  async function download(path: string, fileName: string): Promise<Result<null>> {
    const token = getToken();
    try {
      const response = await fetch(`${baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      if (!response.ok) return { ok: false, error: { code: 'internal', message: `HTTP ${response.status}` } };
      const url = URL.createObjectURL(await response.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      return { ok: true, data: null };
    } catch {
      return { ok: false, error: { code: 'internal', message: 'network' } };
    }
  }

  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    put: (path, body) => call('PUT', path, body),
    patch: (path, body) => call('PATCH', path, body),
    postText: (path, text, contentType) => call('POST', path, undefined, { body: text, contentType }),
    upload,
    download,
  };
}
