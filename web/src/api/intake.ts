// The order intake as the console reads it: source health, failures ranked by impact, dead letters
// with their payload, replays (and dry runs) and their record, deliveries. Shapes from
// src/server/intake_api.cpp.
import { seg } from './client';
import type { AffinityApi } from './api';

export type IntakeClass = 'transient' | 'unresolved' | 'permanent';
export type FailureState = 'open' | 'replayed' | 'resolved';

export interface SourceHealth {
  channel: string;
  account: string;
  status: 'ok' | 'failing';
  reasons: string[];
  received: number;
  backlog: number;
  retrying: number;
  parked: number;
  dead_letters: number;
  error_rate: number;
  recent_processed: number;
  recent_failed: number;
  last_success_at: string | null;
  last_failure_at: string | null;
  oldest_dead_letter_at: string | null;
  oldest_dead_letter_age_seconds: number | null;
  oldest_pending_at: string | null;
  signed: boolean;
}

export interface FailureGroup {
  cause: string;
  kind: 'dead_letter' | 'parked' | (string & {});
  class: IntakeClass;
  stage: string;
  field: string;
  example: string;
  /** Orders blocked. */
  orders: number;
  /** Their value by currency: {"USD": "819.88"}. */
  value: Record<string, string>;
  oldest_at: string | null;
  latest_at: string | null;
  sources: string[];
  failure_ids: number[];
  impact: number;
  /** What to do about it. */
  action: string;
}

export interface DeadLetter {
  id: number;
  delivery: number;
  channel: string;
  account: string;
  kind: string;
  class: IntakeClass;
  stage: string;
  field: string;
  message: string;
  attempts: number;
  first_failure_at: string | null;
  last_failure_at: string | null;
  state: FailureState;
  order_id: string | null;
  value?: string;
  currency?: string;
  closed_at?: string | null;
  closed_by?: string;
}

export interface DeadLetterDetail extends DeadLetter {
  payload?: string;
  headers?: Record<string, string>;
}

export interface DeadLetterFilter {
  channel?: string;
  account?: string;
  class?: IntakeClass | '';
  /** ISO 8601 */
  from?: string;
  to?: string;
  state?: FailureState | 'any';
  limit?: number;
}

export interface ReplayItem {
  dead_letter: number;
  delivery: number;
  outcome: 'would_store' | 'would_park' | 'would_fail' | 'requeued' | (string & {});
  order_id: string | null;
  /** Dry run: orders the delivery would store. */
  orders?: number;
  error?: string;
}

export interface ReplayResult {
  replay: number;
  dry_run: boolean;
  deliveries_requeued: number;
  items: ReplayItem[];
}

export interface ReplayRecord {
  id: number;
  at: string;
  dry_run: boolean;
  /** The request body as sent. */
  request: string;
  dead_letters: number[];
  deliveries: number[];
  summary: string;
}

export interface Delivery {
  id: number;
  channel: string;
  account: string;
  source: string;
  state: 'pending' | 'done' | 'failed' | (string & {});
  attempts: number;
  received_at: string | null;
  processed_at: string | null;
  orders_stored: number;
  bytes: number;
  delivery_id: string | null;
  next_attempt_at?: string | null;
  failures: DeadLetter[];
}

export function intakeSources(api: AffinityApi, signal?: AbortSignal) {
  return api.http.get<{ items: SourceHealth[] }>('/v1/intake/sources', undefined, signal);
}

export function intakeFailures(api: AffinityApi, signal?: AbortSignal) {
  return api.http.get<{ groups: number; items: FailureGroup[] }>('/v1/intake/failures', { limit: 50 }, signal);
}

export function deadLetters(api: AffinityApi, f: DeadLetterFilter, signal?: AbortSignal) {
  return api.http.get<{ items: DeadLetter[] }>('/v1/intake/dead-letters', { ...f }, signal);
}

export function deadLetter(api: AffinityApi, id: number, signal?: AbortSignal) {
  return api.http.get<DeadLetterDetail>(`/v1/intake/dead-letters/${seg(id)}`, undefined, signal);
}

export function replayDeadLetters(api: AffinityApi, ids: number[], dryRun: boolean) {
  return api.http.request<ReplayResult>('POST', '/v1/intake/dead-letters:replay', {
    body: dryRun ? { ids, dry_run: true } : { ids },
  });
}

export function intakeReplays(api: AffinityApi, signal?: AbortSignal) {
  return api.http.get<{ items: ReplayRecord[] }>('/v1/intake/replays', { limit: 20 }, signal);
}

export function intakeDelivery(api: AffinityApi, id: number, signal?: AbortSignal) {
  return api.http.get<Delivery>(`/v1/intake/deliveries/${seg(id)}`, undefined, signal);
}
