// /v1/reports/coverage, /v1/reports/violations and the brand guidelines (/v1/guidelines CRUD with
// If-Match, :validate). Reply shapes written from the server's replies (src/server, src/analytics).
import { seg } from './client';
import type { AffinityApi } from './api';
import type { RuleDiagnostic } from './rules';

export interface CoverageShare {
  covered_skus: number;
  coverage: number;
}

export interface CoverageGroup extends CoverageShare {
  total_skus: number;
}

export interface UncoveredSku {
  sku: string;
  name: string;
  category: string | null;
  brand: string | null;
  status: string;
  in_stock: boolean;
  /** Links the product has (none of which yields a recommendation now). */
  edges: number;
  /** Line totals of its purchases, when ranked by revenue. */
  revenue?: string | null;
}

export interface CoverageReport {
  at: string;
  total_skus: number;
  covered_skus: number;
  uncovered_skus: number;
  coverage: number;
  goal: number;
  meets_goal: boolean;
  by_type: Record<string, CoverageShare>;
  category_depth: number | string;
  by_category: Record<string, CoverageGroup>;
  by_brand: Record<string, CoverageGroup>;
  uncovered_ranked_by: string;
  uncovered: UncoveredSku[];
  next_cursor: string | null;
}

export interface CoverageQuery {
  limit?: number;
  cursor?: string;
  category_depth?: number | 'full';
}

export function coverageReport(api: AffinityApi, q: CoverageQuery, signal?: AbortSignal) {
  return api.http.get<CoverageReport>('/v1/reports/coverage', { ...q }, signal);
}

/** manual + link id, rule + rule id, mined + job + link id. */
export interface ViolationOrigin {
  kind: string;
  relationship?: number;
  rule?: string;
  job?: string | number;
}

export interface Violation {
  guideline: string;
  severity: 'error' | 'warning';
  description: string;
  source: string;
  target: string;
  type: string;
  origin: ViolationOrigin;
  message: string;
}

export interface ViolationsReport {
  total: number;
  edges_checked: number;
  counts: Record<string, number>;
  items: Violation[];
  next_cursor: string | null;
}

export interface ViolationsQuery {
  guideline?: string;
  severity?: string;
  type?: string;
  sku?: string;
  limit?: number;
  cursor?: string;
}

export function violationsReport(api: AffinityApi, q: ViolationsQuery, signal?: AbortSignal) {
  return api.http.get<ViolationsReport>('/v1/reports/violations', { ...q }, signal);
}

/** What a guideline edit sends (POST /v1/guidelines, PUT /v1/guidelines/{id}, :validate). */
export interface GuidelineBody {
  id: string;
  description: string;
  /** Relation types and "bundle"; empty means all of them. */
  types: string[];
  require: string;
  severity: 'error' | 'warning';
  enabled: boolean;
}

export interface Guideline extends GuidelineBody {
  version: number;
  warnings: RuleDiagnostic[];
}

export interface GuidelineSaved extends Guideline {
  violations: number;
}

/** POST /v1/guidelines:validate, and the 422 problem of a bad save. */
export interface GuidelineReport {
  valid: boolean;
  errors: RuleDiagnostic[];
  warnings: RuleDiagnostic[];
  /** Live links that break it now (counted as if enabled); null when it does not compile. */
  violations: number | null;
}

export function listGuidelines(api: AffinityApi, signal?: AbortSignal) {
  return api.http.get<{ items: Guideline[] }>('/v1/guidelines', undefined, signal);
}

export function getGuideline(api: AffinityApi, id: string, signal?: AbortSignal) {
  return api.http.get<Guideline>(`/v1/guidelines/${seg(id)}`, undefined, signal);
}

export function validateGuideline(api: AffinityApi, body: GuidelineBody, signal?: AbortSignal) {
  return api.http.request<GuidelineReport>('POST', '/v1/guidelines:validate', { body, signal });
}

export function createGuideline(api: AffinityApi, body: GuidelineBody) {
  return api.http.request<GuidelineSaved>('POST', '/v1/guidelines', { body });
}

/** Replaces the guideline; `version` is sent as If-Match so a concurrent change is refused (412). */
export function replaceGuideline(api: AffinityApi, body: GuidelineBody, version: number) {
  const { id, ...rest } = body;
  return api.http.request<GuidelineSaved>('PUT', `/v1/guidelines/${seg(id)}`, {
    body: rest,
    ifMatch: version,
  });
}

export function deleteGuideline(api: AffinityApi, id: string, version: number): Promise<void> {
  return api.http.request('DELETE', `/v1/guidelines/${seg(id)}`, { ifMatch: version });
}

export function bodyOfGuideline(g: Guideline): GuidelineBody {
  return {
    id: g.id,
    description: g.description,
    types: g.types,
    require: g.require,
    severity: g.severity,
    enabled: g.enabled,
  };
}
