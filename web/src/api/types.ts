// The shapes of the affinity REST API (/v1) as the console reads them. The server's OpenAPI
// document (/v1/openapi.json) describes requests with schemas but replies only in prose, so these
// are written from the handlers (src/server/*_api.cpp); keep them in step with those.

export const PERMISSIONS = [
  'recommend',
  'read',
  'write',
  'intake_read',
  'intake_write',
  'order_import',
  'admin',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** GET /v1/me */
export interface Me {
  name: string;
  role: string;
  may: Record<Permission, boolean>;
}

/** RFC 9457 problem+json, as every error is answered. */
export interface ProblemBody {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  errors?: { line?: number; message: string }[];
}

export interface Product {
  sku: string;
  name: string;
  /** Decimal in major units: "59.99". */
  price: string;
  currency: string;
  category: string;
  brand: string;
  tags: string[];
  margin: number | null;
  /** null: stock not tracked. */
  stock: number | null;
  in_stock: boolean;
  attributes: Record<string, unknown>;
  version: number;
}

export interface ProductPage {
  items: Product[];
  total: number;
  next_cursor: string | null;
}

export interface ProductQuery {
  q?: string;
  category?: string;
  brand?: string;
  min_price?: string;
  max_price?: string;
  in_stock?: boolean;
  covered?: boolean;
  limit?: number;
  cursor?: string;
}

export interface Relationship {
  id: number;
  source: string;
  target: string;
  type: string;
  weight: number;
  /** manual | rule:<id> | mined:<job> | bundle */
  origin: string;
  position: number | null;
  version: number;
}

export interface RelationType {
  name: string;
  weight: number;
  directed: boolean;
  acyclic: boolean;
  max_per_product: number;
  builtin: boolean;
  version: number;
}

export interface Reason {
  kind: 'link' | 'rule';
  rule?: string;
  priority?: number;
  relationship_id?: number;
  origin: string;
  type: string;
  type_weight: number;
  link_weight?: number;
  rule_weight?: number;
  score: number;
  position?: number;
  text: string;
}

export interface Recommendation {
  sku: string;
  name: string;
  type: string;
  score: number;
  price: string;
  currency: string;
  in_stock: boolean;
  position?: number;
  reasons?: Reason[];
}

export interface Recommendations {
  sku: string;
  name: string;
  items: Recommendation[];
  at: string;
  generation: number;
}

export interface GraphNode {
  sku: string;
  name: string;
  category: string;
  brand: string;
  price: string;
  currency: string;
  stock: number | null;
  depth: number;
}

export interface GraphEdge {
  /** The relationship id; null for an edge a rule generated. */
  id: number | null;
  source: string;
  target: string;
  type: string;
  weight: number;
  origin: string;
  position: number | null;
  cycle: boolean;
  contradiction: boolean;
}

export interface GraphFinding {
  kind: 'cycle' | 'contradiction' | (string & {});
  message: string;
  skus: string[];
}

/** GET /v1/products/{sku}/graph */
export interface Graph {
  root: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  truncated: boolean;
  findings: GraphFinding[];
}

export interface BundleItem {
  sku: string;
  quantity: number;
  optional: boolean;
}

export interface BundleProblem {
  /** The item the problem is about; absent or empty for the bundle as a whole. */
  sku?: string | null;
  code: string;
  message: string;
}

/** What a bundle edit sends (POST /v1/bundles, PUT /v1/bundles/{id}, POST /v1/bundles:validate). */
export interface BundleDraft {
  id?: string;
  name: string;
  items: BundleItem[];
  price?: string | null;
  currency?: string | null;
  discount_percent?: number | null;
  active_from?: string | null;
  active_to?: string | null;
}

export interface Bundle extends BundleDraft {
  id: string;
  valid: boolean;
  problems: BundleProblem[];
  version: number;
}

/** POST /v1/bundles:validate */
export interface BundleValidation {
  valid: boolean;
  problems: BundleProblem[];
  total_price?: string | null;
  total_with_optional?: string | null;
  bundle_price?: string | null;
  savings?: string | null;
  currency?: string | null;
  active?: boolean;
}

export interface RuleDiagnostic {
  field?: string;
  line?: number;
  column?: number;
  message: string;
}

export interface Rule {
  id: string;
  type: string;
  when: string;
  then: string;
  weight?: number;
  priority?: number;
  limit?: number;
  context?: string;
  enabled?: boolean;
  version?: number;
  stats?: { sources: number; targets: number; edges: number };
  warnings?: RuleDiagnostic[];
}

export interface Suggestion {
  id: number;
  source: string;
  target: string;
  type: string;
  job: string;
  status: string;
  reason: string;
  evidence: {
    together: number;
    source_count: number;
    target_count: number;
    baskets: number;
    support: number;
    confidence: number;
    lift: number;
  };
  created_at: string | number;
  relationship_id: number | null;
}

export interface IntakeSource {
  channel: string;
  account: string;
  status: 'ok' | 'failing' | (string & {});
  reasons: string[];
  received: number;
  backlog: number;
  retrying: number;
  parked: number;
  dead_letters: number;
  error_rate: number;
  last_success_at: string | null;
  last_failure_at: string | null;
  oldest_dead_letter_at: string | null;
  signed: boolean;
}

export interface ItemList<T> {
  items: T[];
  next_cursor?: string | null;
}
