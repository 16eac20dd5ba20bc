// Suggested relationships from association mining (/v1/suggestions, accept / reject) and the
// mining jobs that make them (/v1/mining/jobs). Shapes from src/server/suggestions_api.cpp,
// mining_api.cpp and src/engine/mining_service.hpp.
import { seg } from './client';
import type { AffinityApi } from './api';

export type SuggestionStatus = 'pending' | 'accepted' | 'rejected';

export interface SuggestionEvidence {
  /** Orders (baskets) holding both products. */
  together: number;
  source_count: number;
  target_count: number;
  /** Orders looked at. */
  baskets: number;
  /** together / baskets */
  support: number;
  /** P(target | source) */
  confidence: number;
  /** confidence / P(target); 1 means independent */
  lift: number;
}

export interface MinedSuggestion {
  id: number;
  source: string;
  target: string;
  type: string;
  job: string;
  status: SuggestionStatus;
  reason: string;
  evidence: SuggestionEvidence;
  /** Unix seconds. */
  created_at: number;
  /** The link made when it was accepted. */
  relationship_id: number | null;
}

export interface SuggestionQuery {
  status?: SuggestionStatus | 'all';
  type?: string;
  sku?: string;
  job?: string;
  limit?: number;
  cursor?: string | number;
}

export interface SuggestionPage {
  items: MinedSuggestion[];
  next_cursor: number | null;
}

export type PairMeasure = 'confidence' | 'lift' | 'count';

export interface MiningParams {
  min_pair_count?: number;
  min_confidence?: number;
  min_lift?: number;
  top_k?: number;
  measure?: PairMeasure;
  max_basket_items?: number;
  itemset_min_support?: number;
}

export interface MiningJob {
  id: string;
  state: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  stage: string;
  progress: number;
  params: Required<MiningParams> & Record<string, unknown>;
  created_at: number;
  started_at: number;
  finished_at: number;
  stats: { baskets: number; products: number; pairs: number; suggestions: number; itemsets: number };
  error: string | null;
}

export function listSuggestions(api: AffinityApi, q: SuggestionQuery, signal?: AbortSignal) {
  return api.http.get<SuggestionPage>('/v1/suggestions', { ...q }, signal);
}

export function getSuggestion(api: AffinityApi, id: number, signal?: AbortSignal) {
  return api.http.get<MinedSuggestion>(`/v1/suggestions/${seg(id)}`, undefined, signal);
}

export function decideSuggestion(api: AffinityApi, id: number, decision: 'accept' | 'reject') {
  return api.http.request<MinedSuggestion>('POST', `/v1/suggestions/${seg(id)}:${decision}`);
}

export function miningJobs(api: AffinityApi, signal?: AbortSignal) {
  return api.http.get<{ items: MiningJob[] }>('/v1/mining/jobs', undefined, signal);
}

export function miningJob(api: AffinityApi, id: string, signal?: AbortSignal) {
  return api.http.get<MiningJob>(`/v1/mining/jobs/${seg(id)}`, undefined, signal);
}

export function startMiningJob(api: AffinityApi, params: MiningParams) {
  return api.http.request<MiningJob>('POST', '/v1/mining/jobs', { body: params });
}
