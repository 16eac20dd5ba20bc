#include "server/openapi.hpp"

namespace affinity {

std::string_view OpenApiDocument() {
  static constexpr std::string_view kDocument = R"json({
  "openapi": "3.1.0",
  "info": {"title": "affinity", "version": "1",
           "description": "Product relationships (cross-sell, upsell, accessory, custom types) and ranked, explained recommendations. Errors are RFC 9457 application/problem+json."},
  "paths": {
    "/healthz": {"get": {"summary": "The process is up", "responses": {"200": {"description": "ok"}}}},
    "/readyz": {"get": {"summary": "The catalog is loaded and serving", "responses": {"200": {"description": "ready, with product and edge counts"}}}},
    "/metrics": {"get": {"summary": "Prometheus text metrics", "responses": {"200": {"description": "metrics"}}}},
    "/v1/products": {"get": {"summary": "List products by SKU order",
      "parameters": [{"name": "category", "in": "query", "schema": {"type": "string"}, "description": "a category path; matches it and everything under it"},
                     {"name": "brand", "in": "query", "schema": {"type": "string"}},
                     {"name": "q", "in": "query", "schema": {"type": "string"}, "description": "text in sku, name or brand"},
                     {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 50}},
                     {"name": "cursor", "in": "query", "schema": {"type": "string"}, "description": "next_cursor of the previous page"}],
      "responses": {"200": {"description": "{items, total, next_cursor}"}}}},
    "/v1/products:import": {"post": {"summary": "Upsert a batch of products, all or nothing",
      "requestBody": {"content": {"text/csv": {}, "application/json": {}, "application/x-ndjson": {}}},
      "responses": {"200": {"description": "{imported, created, updated, errors: []}"},
                    "422": {"description": "problem with errors: [{line, message}]; nothing imported"},
                    "415": {"description": "unsupported Content-Type"}}}},
    "/v1/products/{sku}": {
      "parameters": [{"name": "sku", "in": "path", "required": true, "schema": {"type": "string"}}],
      "get": {"summary": "One product", "responses": {"200": {"description": "the product, with ETag"}, "404": {"description": "unknown sku"}}},
      "put": {"summary": "Create or replace a product (If-Match optional)",
              "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Product"}}}},
              "responses": {"200": {"description": "replaced"}, "201": {"description": "created"}, "400": {"description": "invalid"}, "412": {"description": "If-Match does not match"}}},
      "delete": {"summary": "Delete a product and its links", "responses": {"204": {"description": "deleted"}, "404": {"description": "unknown sku"}}}},
    "/v1/products/{sku}/relationships": {"get": {"summary": "Links of a product",
      "parameters": [{"name": "sku", "in": "path", "required": true, "schema": {"type": "string"}},
                     {"name": "type", "in": "query", "schema": {"type": "string"}},
                     {"name": "direction", "in": "query", "schema": {"enum": ["out", "in", "both"], "default": "out"}}],
      "responses": {"200": {"description": "{sku, items}"}}}},
    "/v1/products/{sku}/recommendations": {"get": {"summary": "Ranked recommendations",
      "parameters": [{"name": "sku", "in": "path", "required": true, "schema": {"type": "string"}},
                     {"name": "type", "in": "query", "schema": {"type": "string"}, "description": "one type or a comma-separated list"},
                     {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 10}},
                     {"name": "explain", "in": "query", "schema": {"type": "boolean", "default": false}},
                     {"name": "include_out_of_stock", "in": "query", "schema": {"type": "boolean", "default": false}}],
      "responses": {"200": {"description": "{sku, name, items: [{sku, name, type, score, price, currency, in_stock, position?, reasons?}]}"},
                    "404": {"description": "unknown sku"}}}},
    "/v1/relation-types": {"get": {"summary": "All relation types", "responses": {"200": {"description": "{items}"}}}},
    "/v1/relation-types/{name}": {
      "parameters": [{"name": "name", "in": "path", "required": true, "schema": {"type": "string"}}],
      "get": {"summary": "One relation type", "responses": {"200": {"description": "the type"}}},
      "put": {"summary": "Create or change a relation type",
              "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/RelationType"}}}},
              "responses": {"200": {"description": "changed"}, "201": {"description": "created"}, "409": {"description": "existing links forbid it (cycle, cap)"}}}},
    "/v1/relationships": {"post": {"summary": "Create a manual link (Idempotency-Key honoured)",
      "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewRelationship"}}}},
      "responses": {"201": {"description": "created, with id"}, "400": {"description": "self-link, unknown product or type"}, "409": {"description": "duplicate, or it would close a cycle (named)"}}}},
    "/v1/relationships:import": {"post": {"summary": "Upsert links keyed by (source, target, type), all or nothing",
      "requestBody": {"content": {"text/csv": {}, "application/json": {}, "application/x-ndjson": {}}},
      "responses": {"200": {"description": "{imported, created, updated}"}, "422": {"description": "errors by line"}}}},
    "/v1/recommendations": {"post": {"summary": "Recommendations for a product or a cart with an explicit context (previews)",
      "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {
        "sku": {"type": "string"}, "cart": {"type": "array"}, "customer": {"description": "an id (stored profile) or a profile object"},
        "at": {"type": "string", "format": "date-time"}, "type": {}, "limit": {"type": "integer"}, "explain": {"type": "boolean"}}}}}},
      "responses": {"200": {"description": "{sku | cart, items, at}"}}}},
    "/v1/rules": {
      "get": {"summary": "All rules with what they produce (stats) and their warnings", "responses": {"200": {"description": "{items}"}}},
      "post": {"summary": "Create a rule (checked: conditions, related() cycles, acyclic types, lints)",
               "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Rule"}}}},
               "responses": {"201": {"description": "the rule, stats, warnings, sample"}, "409": {"description": "the id exists"}, "422": {"description": "unsound: errors and warnings"}}}},
    "/v1/rules:validate": {"post": {"summary": "Dry run: every check, counts and a sample, nothing written",
      "responses": {"200": {"description": "{valid, errors, warnings, stats, sample}"}}}},
    "/v1/rules/{id}": {
      "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
      "get": {"summary": "One rule", "responses": {"200": {"description": "the rule"}}},
      "put": {"summary": "Create or replace a rule (If-Match optional)", "responses": {"200": {"description": "replaced"}, "201": {"description": "created"}, "422": {"description": "unsound"}}},
      "delete": {"summary": "Delete a rule and its edges", "responses": {"204": {"description": "deleted"}}}},
    "/v1/orders:import": {"post": {"summary": "Import orders, all or nothing (CSV in the Online Retail layout or ?columns= mapping, JSON, NDJSON)",
      "parameters": [{"name": "columns", "in": "query", "schema": {"type": "string"}, "description": "a JSON column mapping"}],
      "responses": {"200": {"description": "{imported, created, updated, duplicates}"}, "422": {"description": "errors by line"}}}},
    "/v1/orders": {"get": {"summary": "Orders by time", "parameters": [
      {"name": "customer", "in": "query", "schema": {"type": "string"}}, {"name": "channel", "in": "query", "schema": {"type": "string"}},
      {"name": "account", "in": "query", "schema": {"type": "string"}}, {"name": "limit", "in": "query", "schema": {"type": "integer"}},
      {"name": "cursor", "in": "query", "schema": {"type": "string"}}], "responses": {"200": {"description": "{items, next_cursor}"}}}},
    "/v1/orders/{id}": {"get": {"summary": "One order (id: <channel>:<account>:<external id>)",
      "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
      "responses": {"200": {"description": "the order"}, "404": {"description": "unknown"}}}},
    "/v1/customers/{id}": {"get": {"summary": "A customer's profile as rules see it (at= for as-of)",
      "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}, {"name": "at", "in": "query", "schema": {"type": "string"}}],
      "responses": {"200": {"description": "{segment, lifetime_value, order_count, recency_days, orders_in_category}"}}}},
    "/v1/mining/jobs": {
      "get": {"summary": "Mining jobs, newest first", "responses": {"200": {"description": "{items}"}}},
      "post": {"summary": "Start a mining job (min_pair_count, min_confidence, min_lift, top_k, measure, itemset_min_support, ...)",
               "responses": {"202": {"description": "the job"}, "409": {"description": "a job is running"}}}},
    "/v1/mining/jobs/{id}": {"get": {"summary": "A job's state, progress and stats",
      "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}], "responses": {"200": {"description": "the job"}}}},
    "/v1/suggestions": {"get": {"summary": "Suggested relationships with evidence (status=pending by default)",
      "responses": {"200": {"description": "{items, next_cursor}"}}}},
    "/v1/suggestions/{id}:accept": {"post": {"summary": "Create the relationship (origin mined:<job>)", "responses": {"200": {"description": "accepted"}, "409": {"description": "already decided"}}}},
    "/v1/suggestions/{id}:reject": {"post": {"summary": "Never suggest this pair again", "responses": {"200": {"description": "rejected"}}}},
    "/v1/reports/missing-accessories": {"get": {"summary": "Products whose category peers have accessories but which have none",
      "responses": {"200": {"description": "{items: [{sku, peers, peers_with_accessories, evidence, suggested_accessories}]}"}}}},
    "/v1/relationships/{id}": {
      "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "get": {"summary": "One link", "responses": {"200": {"description": "the link"}}},
      "patch": {"summary": "Change weight or position (null unpins)", "responses": {"200": {"description": "the link"}}},
      "delete": {"summary": "Delete a link", "responses": {"204": {"description": "deleted"}}}}
  },
  "components": {"schemas": {
    "Product": {"type": "object", "required": ["name", "price"], "properties": {
      "sku": {"type": "string"}, "name": {"type": "string"}, "price": {"type": "string", "example": "59.99"},
      "currency": {"type": "string", "default": "USD"}, "category": {"type": "string", "example": "Footwear/Running"},
      "brand": {"type": "string"}, "tags": {"type": "array", "items": {"type": "string"}},
      "margin": {"type": "number"}, "stock": {"type": ["integer", "null"], "description": "null: not tracked"},
      "attributes": {"type": "object"}}},
    "RelationType": {"type": "object", "properties": {
      "weight": {"type": "number"}, "directed": {"type": "boolean"}, "acyclic": {"type": "boolean"},
      "max_per_product": {"type": "integer", "description": "0: unlimited"}}},
    "Rule": {"type": "object", "required": ["id", "type", "when", "then"], "properties": {
      "id": {"type": "string"}, "type": {"type": "string"}, "when": {"type": "string"}, "then": {"type": "string"},
      "weight": {"type": "number"}, "priority": {"type": "integer"}, "limit": {"type": "integer"},
      "context": {"type": "string"}, "schedule": {"type": "object", "description": "{from, to} or {recurring: \"11-01/02-28\"}"},
      "enabled": {"type": "boolean"}}},
    "NewRelationship": {"type": "object", "required": ["source", "target", "type"], "properties": {
      "source": {"type": "string"}, "target": {"type": "string"}, "type": {"type": "string"},
      "weight": {"type": "number", "default": 1.0}, "position": {"type": "integer", "minimum": 1}}}
  }}
})json";
  return kDocument;
}

}  // namespace affinity
