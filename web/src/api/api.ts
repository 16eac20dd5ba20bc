// The endpoints the console uses, typed. One function per call; pages never build URLs.
import { HttpClient, seg, type Query } from './client';
import type {
  Bundle,
  BundleDraft,
  BundleValidation,
  Graph,
  IntakeSource,
  ItemList,
  Me,
  Product,
  ProductPage,
  ProductQuery,
  Recommendations,
  RelationType,
  Relationship,
  Rule,
  Suggestion,
} from './types';

export interface GraphQuery {
  depth?: number;
  types?: string[];
  max_nodes?: number;
}

export class AffinityApi {
  readonly http: HttpClient;

  constructor(http: HttpClient) {
    this.http = http;
  }

  me(signal?: AbortSignal): Promise<Me> {
    return this.http.get('/v1/me', undefined, signal);
  }

  // Catalog
  products(q: ProductQuery, signal?: AbortSignal): Promise<ProductPage> {
    return this.http.get('/v1/products', q as Query, signal);
  }
  product(sku: string, signal?: AbortSignal): Promise<Product> {
    return this.http.get(`/v1/products/${seg(sku)}`, undefined, signal);
  }
  putProduct(product: Product): Promise<Product> {
    const { sku, version, in_stock, ...body } = product;
    return this.http.request('PUT', `/v1/products/${seg(sku)}`, { body, ifMatch: version });
  }

  // Relationships
  relationTypes(signal?: AbortSignal): Promise<ItemList<RelationType>> {
    return this.http.get('/v1/relation-types', undefined, signal);
  }
  putRelationType(name: string, change: Partial<RelationType>, version?: number) {
    return this.http.request<RelationType>('PUT', `/v1/relation-types/${seg(name)}`, {
      body: change,
      ifMatch: version,
    });
  }
  relationships(sku: string, direction: 'out' | 'in' | 'both' = 'out', signal?: AbortSignal) {
    return this.http.get<{ sku: string; items: Relationship[] }>(
      `/v1/products/${seg(sku)}/relationships`,
      { direction },
      signal,
    );
  }
  createRelationship(link: { source: string; target: string; type: string; weight?: number }) {
    return this.http.request<Relationship>('POST', '/v1/relationships', { body: link });
  }
  deleteRelationship(id: number, version?: number): Promise<void> {
    return this.http.request('DELETE', `/v1/relationships/${seg(id)}`, { ifMatch: version });
  }
  /** Pins the links of one type at positions 1..n in this order, atomically. */
  reorderRelationships(sku: string, type: string, ids: number[]) {
    return this.http.request<{ items?: Relationship[] }>(
      'POST',
      `/v1/products/${seg(sku)}/relationships:reorder`,
      { body: { type, ids } },
    );
  }
  recommendations(
    sku: string,
    q: { limit?: number; explain?: boolean; type?: string; include_out_of_stock?: boolean },
    signal?: AbortSignal,
  ): Promise<Recommendations> {
    return this.http.get(`/v1/products/${seg(sku)}/recommendations`, q, signal);
  }

  // Graph
  graph(sku: string, q: GraphQuery, signal?: AbortSignal): Promise<Graph> {
    return this.http.get(
      `/v1/products/${seg(sku)}/graph`,
      { depth: q.depth, types: q.types?.join(','), max_nodes: q.max_nodes },
      signal,
    );
  }

  // Bundles
  bundles(signal?: AbortSignal): Promise<ItemList<Bundle>> {
    return this.http.get('/v1/bundles', undefined, signal);
  }
  bundle(id: string, signal?: AbortSignal): Promise<Bundle> {
    return this.http.get(`/v1/bundles/${seg(id)}`, undefined, signal);
  }
  createBundle(draft: BundleDraft): Promise<Bundle> {
    return this.http.request('POST', '/v1/bundles', { body: draft });
  }
  updateBundle(id: string, draft: BundleDraft, version?: number): Promise<Bundle> {
    return this.http.request('PUT', `/v1/bundles/${seg(id)}`, { body: draft, ifMatch: version });
  }
  deleteBundle(id: string, version?: number): Promise<void> {
    return this.http.request('DELETE', `/v1/bundles/${seg(id)}`, { ifMatch: version });
  }
  validateBundle(draft: BundleDraft, signal?: AbortSignal): Promise<BundleValidation> {
    return this.http.request('POST', '/v1/bundles:validate', { body: draft, signal });
  }

  // Rules, suggestions, intake (read views for now)
  rules(signal?: AbortSignal): Promise<ItemList<Rule>> {
    return this.http.get('/v1/rules', undefined, signal);
  }
  suggestions(signal?: AbortSignal): Promise<ItemList<Suggestion>> {
    return this.http.get('/v1/suggestions', { status: 'pending', limit: 100 }, signal);
  }
  decideSuggestion(id: number | string, decision: 'accept' | 'reject') {
    return this.http.request<unknown>('POST', `/v1/suggestions/${seg(id)}:${decision}`);
  }
  intakeSources(signal?: AbortSignal): Promise<ItemList<IntakeSource>> {
    return this.http.get('/v1/intake/sources', undefined, signal);
  }
}
