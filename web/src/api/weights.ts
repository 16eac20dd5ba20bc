// Weights: a relation type's default weight (PUT /v1/relation-types/{name}), one link's weight
// (PATCH /v1/relationships/{id}), and the ranking with other weights before saving any
// (POST /v1/recommendations with "weights": answered with "preview": true, nothing saved).
import { seg } from './client';
import type { AffinityApi } from './api';
import type { Recommendation, Relationship } from './types';

/** Weights to try: by relation type name, by link id, by rule id. */
export interface WeightOverrides {
  types?: Record<string, number>;
  links?: Record<string, number>;
  rules?: Record<string, number>;
}

export interface RankingRequest {
  sku: string;
  limit?: number;
  explain?: boolean;
  weights?: WeightOverrides;
}

export interface Ranking {
  sku: string;
  name?: string;
  items: Recommendation[];
  at: string;
  generation?: number;
  /** True when weights were given: the ranking is what they would give, nothing was saved. */
  preview?: boolean;
}

export function ranking(api: AffinityApi, req: RankingRequest, signal?: AbortSignal) {
  return api.http.request<Ranking>('POST', '/v1/recommendations', { body: req, signal });
}

export function setTypeWeight(api: AffinityApi, name: string, weight: number, version: number) {
  return api.putRelationType(name, { weight }, version);
}

export function setLinkWeight(api: AffinityApi, id: number, weight: number, version: number) {
  return api.http.request<Relationship>('PATCH', `/v1/relationships/${seg(id)}`, {
    body: { weight },
    ifMatch: version,
  });
}
