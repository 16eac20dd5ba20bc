// /v1/rules: list, read, create, replace, delete, the :validate dry run, versions and restore.
// Reply shapes written from src/server/rules_api.cpp and src/rules/rule.cpp (RuleToJson).
import { seg } from './client';
import type { AffinityApi } from './api';

/** One finding about a rule; line and column (1-based, in characters) when it has a position. */
export interface RuleDiagnostic {
  rule?: string;
  /** "when", "then", "context", "type", "" (the rule as a whole) */
  field: string;
  severity: 'error' | 'warning';
  message: string;
  line?: number;
  column?: number;
  code?: string;
  /** The known name nearest to an unknown one ("color" for "colr"): the fix to offer. */
  suggestion?: string;
}

/** {from, to} (ISO 8601, either end optional) or a yearly season {recurring: "MM-DD/MM-DD"}. */
export type RuleSchedule = { from?: string; to?: string } | { recurring: string };

/** What a rule edit sends (POST /v1/rules, PUT /v1/rules/{id}, POST /v1/rules:validate). */
export interface RuleBody {
  id: string;
  type: string;
  when: string;
  then: string;
  weight: number;
  priority: number;
  /** Targets per source, 1..1000. */
  limit: number;
  context?: string;
  schedule?: RuleSchedule;
  enabled: boolean;
  description?: string;
}

export interface RuleStats {
  sources: number;
  targets: number;
  edges: number;
}

export interface RulePair {
  source: string;
  target: string;
}

/** GET /v1/rules items and GET /v1/rules/{id}. */
export interface RuleView extends Omit<RuleBody, 'context' | 'schedule'> {
  version: number;
  context: string | null;
  schedule: RuleSchedule | null;
  stats: RuleStats;
  warnings: RuleDiagnostic[];
}

/** POST /v1/rules:validate, and the 422 problem of an unsound save (with the problem fields). */
export interface RuleReport {
  valid: boolean;
  errors: RuleDiagnostic[];
  warnings: RuleDiagnostic[];
  stats: RuleStats;
  sample: RulePair[];
}

export interface RuleSaved extends RuleView {
  sample: RulePair[];
}

export interface RuleVersion {
  audit_id: number;
  at: string;
  actor: string;
  action: string;
  version: number;
  state: RuleView | null;
}

export function listRules(api: AffinityApi, signal?: AbortSignal) {
  return api.http.get<{ items: RuleView[] }>('/v1/rules', undefined, signal);
}

export function getRule(api: AffinityApi, id: string, signal?: AbortSignal) {
  return api.http.get<RuleView>(`/v1/rules/${seg(id)}`, undefined, signal);
}

export function validateRule(api: AffinityApi, body: RuleBody, signal?: AbortSignal) {
  return api.http.request<RuleReport>('POST', '/v1/rules:validate', { body, signal });
}

export function createRule(api: AffinityApi, body: RuleBody) {
  return api.http.request<RuleSaved>('POST', '/v1/rules', { body });
}

/** Replaces the rule; `version` is sent as If-Match so a concurrent change is refused (412). */
export function replaceRule(api: AffinityApi, body: RuleBody, version: number) {
  const { id, ...rest } = body;
  return api.http.request<RuleSaved>('PUT', `/v1/rules/${seg(id)}`, { body: rest, ifMatch: version });
}

export function deleteRule(api: AffinityApi, id: string, version: number): Promise<void> {
  return api.http.request('DELETE', `/v1/rules/${seg(id)}`, { ifMatch: version });
}

export function ruleVersions(api: AffinityApi, id: string, signal?: AbortSignal) {
  return api.http.get<{ items: RuleVersion[] }>(`/v1/rules/${seg(id)}/versions`, undefined, signal);
}

export function restoreRule(api: AffinityApi, id: string, version: number) {
  return api.http.request<RuleSaved>('POST', `/v1/rules/${seg(id)}:restore`, { body: { version } });
}

/** The body of a stored rule, as an edit starts from it. */
export function bodyOfRule(r: RuleView): RuleBody {
  const body: RuleBody = {
    id: r.id,
    type: r.type,
    when: r.when,
    then: r.then,
    weight: r.weight,
    priority: r.priority,
    limit: r.limit,
    enabled: r.enabled,
  };
  if (r.context) body.context = r.context;
  if (r.schedule) body.schedule = r.schedule;
  if (r.description) body.description = r.description;
  return body;
}
