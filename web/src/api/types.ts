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
  in_stock: boolean;
  depth: number;
}

export interface GraphEdge {
  /** The relationship id; null for an edge a rule generated. */
  id: number | null;
  source: string;
  target: string;
  type: string;
  /** The link's (or rule's) own weight; score = type weight x weight. */
  weight: number;
  score: number;
  /** manual | rule:<id> | mined:<job> | bundle */
  origin: string;
  rule: string | null;
  position: number | null;
  /** A symmetric type's link, drawn without an arrow. */
  symmetric: boolean;
  /** False for a rule edge outside its schedule at the time asked about. */
  live: boolean;
  cycle: boolean;
  contradiction: boolean;
}

export interface GraphFinding {
  kind: 'cycle' | 'contradiction' | (string & {});
  type: string;
  message: string;
  skus: string[];
}

/** GET /v1/products/{sku}/graph */
export interface Graph {
  root: string;
  depth: number;
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
  /** The item the problem is about; null for the bundle as a whole. */
  sku: string | null;
  /** empty_bundle, unknown_sku, duplicate_item, out_of_stock, inactive_product,
   * currency_mismatch, price_not_lower */
  code: string;
  severity?: 'error' | 'warning';
  message: string;
}

export interface MoneyAmount {
  /** Decimal in major units: "49.99". */
  amount: string;
  currency: string;
}

/** What a bundle edit sends (POST /v1/bundles, PUT /v1/bundles/{id}, POST /v1/bundles:validate). */
export interface BundleDraft {
  /** Optional on create: the server derives one from the name. */
  id?: string;
  name: string;
  description?: string;
  items: BundleItem[];
  /** A fixed bundle price; or discount_percent off the items' total; or neither. */
  price?: MoneyAmount | null;
  discount_percent?: number | null;
  /** ISO 8601 date or time. */
  active_from?: string | null;
  active_to?: string | null;
}

/** The bundle's check against the current catalog (POST /v1/bundles:validate, and in every GET). */
export interface BundleValidation {
  valid: boolean;
  active: boolean;
  problems: BundleProblem[];
  currency: string | null;
  total_price: string | null;
  total_with_optional: string | null;
  bundle_price: string | null;
  savings: string | null;
}

export interface Bundle extends BundleDraft, BundleValidation {
  id: string;
  version: number;
  created_at: string | null;
  updated_at: string | null;
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
