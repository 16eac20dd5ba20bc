// The one HTTP client of the affinity API: it sends the key, reads JSON and turns every refusal
// into an ApiError carrying the server's RFC 9457 problem (its `detail` is what the user sees).
import type { ProblemBody } from './types';

export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemBody;

  constructor(status: number, problem: ProblemBody) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  /** The sentence to show next to the control that caused it. */
  get detail(): string {
    return this.message;
  }
}

/** A thrown value as the sentence to show (ApiError detail, network failure, bug). */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.detail;
  if (e instanceof Error) return e.message;
  return String(e);
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** The entity version to require (sent as If-Match: "<version>"). */
  ifMatch?: number;
  signal?: AbortSignal;
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

/** Encodes one path segment (SKUs may hold any character but '/'). */
export function seg(s: string | number): string {
  return encodeURIComponent(String(s));
}

export class HttpClient {
  private readonly key: string;
  private readonly onUnauthorized: (e: ApiError) => void;

  constructor(key: string, onUnauthorized: (e: ApiError) => void = () => undefined) {
    this.key = key;
    this.onUnauthorized = onUnauthorized;
  }

  async request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.key}`,
      Accept: 'application/json, application/problem+json',
    };
    let body: string | undefined;
    if (opts.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    if (opts.ifMatch !== undefined) headers['If-Match'] = `"${opts.ifMatch}"`;
    let res: Response;
    try {
      res = await fetch(withQuery(path, opts.query), {
        method,
        headers,
        body,
        signal: opts.signal,
      });
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e;
      throw new ApiError(0, {
        title: 'Network error',
        detail: `The affinity server did not answer (${e instanceof Error ? e.message : String(e)}).`,
      });
    }
    const text = await res.text();
    let parsed: unknown = undefined;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
    }
    if (!res.ok) {
      const problem: ProblemBody =
        parsed && typeof parsed === 'object'
          ? parsed
          : { title: res.statusText, detail: text.slice(0, 300) || `HTTP ${res.status}` };
      problem.status ??= res.status;
      const err = new ApiError(res.status, problem);
      if (res.status === 401) this.onUnauthorized(err);
      throw err;
    }
    return parsed as T;
  }

  get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
    return this.request<T>('GET', path, { query, signal });
  }
}
