#!/usr/bin/env bash
# Assembles the seed corpus of one fuzz target into a directory (created; existing files are kept):
#   fuzz/seeds.sh TARGET DIR        TARGET: condition csv product_import order_import intake_adapter
#                                   json_fields http
# Seeds come from the repository's fixtures (tests/fixtures, tests/rules/*.test) and, when present,
# from the shared payload folder (AFFINITY_SHARED_PAYLOADS, default /work/shared/payloads). They are
# copied at run time into the build directory and never committed: some shared payloads are under
# licences (GPL, AGPL) that must not enter the codebase (see its SOURCES.md). Inputs that once
# crashed a target are kept, committed, in fuzz/regressions/TARGET and passed to libFuzzer as a
# second corpus directory by scripts/fuzz.sh.
set -euo pipefail
export LC_ALL=C  # byte lengths (Content-Length) and byte-wise text tools
root="$(cd "$(dirname "$0")/.." && pwd)"
target="$1"
out="$2"
shared="${AFFINITY_SHARED_PAYLOADS:-/work/shared/payloads}"
mkdir -p "$out"

fixtures="$root/tests/fixtures"
payload_files() {  # every channel payload: the committed fixtures, then the shared folder if any
  ls "$fixtures"/payloads/*.json 2>/dev/null || true
  [ -d "$shared" ] && ls "$shared"/*.json "$shared"/*.csv 2>/dev/null || true
}
csv_files() {
  echo "$fixtures/online_retail_sample.csv"
  [ -d "$shared" ] && ls "$shared"/*.csv 2>/dev/null || true
}
# seed NAME PREFIX FILE: PREFIX (may be empty) followed by FILE's bytes.
seed() { { printf '%s' "$2"; cat "$3"; } >"$out/$1"; }
# text NAME CONTENT
text() { printf '%s' "$2" >"$out/$1"; }

products_csv='sku,name,price,currency,category,brand,tags,margin,stock,color
RS-1,Running Shoes,59.99,USD,Footwear/Running,Stride,running|summer,0.35,12,blue
RS-2,"Trail Shoes, waterproof",89.99,USD,Footwear/Trail,Stride,trail,,0,
SO-1,Running Socks,9.99,USD,Accessories/Socks,Stride,,0.6,,white
'
products_json='[{"sku":"RS-1","name":"Running Shoes","price":"59.99","currency":"USD","category":"Footwear/Running","brand":"Stride","tags":["running"],"margin":0.35,"stock":12,"attributes":{"color":"blue","size":42}},
 {"sku":"SO-1","name":"Running Socks","price":9.99,"category":"Accessories/Socks","brand":"Stride"}]'
rule_json='{"id":"socks-for-shoes","type":"accessory","when":"source.category startsWith \"Footwear\" && source.price > 50","then":"target.category == \"Accessories/Socks\" && target.brand == source.brand","weight":1.0,"priority":10,"limit":5,"enabled":true,"context":"customer.segment == \"high_value\"","schedule":{"recurring":"11-01/02-28"}}'
order_json='{"id":"1001","customer_id":"c-1","placed_at":"2026-03-01T10:00:00Z","currency":"USD","lines":[{"sku":"RS-1","quantity":1,"unit_price":"59.99"},{"sku":"SO-1","quantity":2,"unit_price":"9.99","discount":"1.00"}],"status":"paid"}'
links_csv='source,target,type,weight,position
RS-1,SO-1,accessory,1.0,1
RS-1,RS-2,upsell,,
'

case "$target" in
  condition)
    # The text of every `condition` record of tests/rules/*.test: the lines after its header up to
    # the "----" separator.
    n=0
    for f in "$root"/tests/rules/*.test; do
      awk -v dir="$out" -v base="$(basename "$f" .test)" '
        /^condition / { inside = 1; n++; file = sprintf("%s/%s-%03d", dir, base, n); printf "" > file; next }
        inside && /^----$/ { inside = 0; close(file); next }
        inside { print > file }
      ' "$f"
    done
    ;;
  csv)
    for f in $(csv_files) $(payload_files); do seed "$(basename "$f")" "," "$f"; done
    text products.csv ",$products_csv"
    text products-semicolon.csv ";$(printf '%s' "$products_csv" | tr ',' ';')"
    text links.csv ",$links_csv"
    text products.json ",$products_json"
    ;;
  product_import)
    text products.csv "c$products_csv"
    text products.json "j$products_json"
    text products.ndjson "n$(printf '%s' "$products_json" | sed -e 's/^\[//' -e 's/^ //' -e 's/},$/}/' -e 's/]$//')"
    for f in $(csv_files); do seed "$(basename "$f")" "c" "$f"; done
    ;;
  order_import)
    seed online_retail_sample.csv "c" "$fixtures/online_retail_sample.csv"
    text orders.json "j[$order_json]"
    text orders.ndjson "n$order_json
$order_json"
    columns='{"order_id":"Name","sku":"Lineitem sku","name":"Lineitem name","quantity":"Lineitem quantity","unit_price":"Lineitem price","placed_at":"Created at","customer_id":"Email","currency":"Currency"}'
    for f in $(csv_files); do seed "mapped-$(basename "$f")" "p$columns
" "$f"; done
    ;;
  intake_adapter)
    for f in $(payload_files); do
      name="$(basename "$f")"
      case "$name" in
        amazon*) letter=a ;; bigcommerce*) letter=b ;; ebay*) letter=e ;; magento*) letter=m ;;
        shopify*) letter=s ;; woocommerce*) letter=w ;; *.csv) letter=c ;; *) continue ;;
      esac
      seed "$name" "$letter" "$f"
    done
    ;;
  json_fields)
    for f in $(payload_files); do
      case "$f" in *.json) seed "$(basename "$f")" "" "$f" ;; esac
    done
    text product.json "$(printf '%s' "$products_json" | sed -n 1p | sed -e 's/^\[//' -e 's/},$/}/')"
    text products.json "$products_json"
    text rule.json "$rule_json"
    text order.json "$order_json"
    text columns.json '{"order_id":"InvoiceNo","sku":"StockCode","fixed_currency":"GBP","cancellation_prefix":"C","negative_price":"as_return","delimiter":";"}'
    text profiles.json '{"shopify":{"default":{"require_buyer_email":true,"state_countries":["US"]},"acme":{"require_po_number":true}}}'
    text link.json '{"source":"RS-1","target":"SO-1","type":"accessory","weight":1.5,"position":1,"valid_from":"2026-01-01T00:00:00Z"}'
    text type.json '{"weight":1.2,"directed":true,"acyclic":true,"max_per_product":5}'
    ;;
  http)
    # request NAME METHOD PATH CONTENT_TYPE BODY: one HTTP/1.1 request with a Content-Length.
    request() {
      local body="$5"
      {
        printf '%s %s HTTP/1.1\r\nHost: localhost\r\n' "$2" "$3"
        [ -n "$4" ] && printf 'Content-Type: %s\r\n' "$4"
        printf 'Content-Length: %d\r\n\r\n%s' "${#body}" "$body"
      } >"$out/$1"
    }
    request get-products GET '/v1/products?limit=2&category=Footwear' '' ''
    request get-product GET /v1/products/RS-1 '' ''
    request recommendations GET '/v1/products/RS-1/recommendations?limit=5&explain=true' '' ''
    request cart POST /v1/recommendations application/json '{"cart":{"currency":"USD","lines":[{"sku":"RS-1","quantity":1,"unit_price":"59.99"}]},"limit":3}'
    request put-product PUT /v1/products/RS-9 application/json "$(printf '%s' "$products_json" | sed -n 2p | sed -e 's/^ //' -e 's/]$//' -e 's/SO-1/RS-9/')"
    request import-csv POST /v1/products:import text/csv "$products_csv"
    request import-json POST /v1/products:import application/json "$products_json"
    request links-import POST /v1/relationships:import text/csv "$links_csv"
    request link POST /v1/relationships application/json '{"source":"RS-1","target":"RS-2","type":"upsell","weight":1.0}'
    request rule-validate POST /v1/rules:validate application/json "$rule_json"
    request rule-post POST /v1/rules application/json "$rule_json"
    request rule-deep POST /v1/rules:validate application/json "{\"id\":\"deep\",\"type\":\"accessory\",\"when\":\"$(printf '(%.0s' $(seq 80))source.price > 1$(printf ')%.0s' $(seq 80))\",\"then\":\"target.price > 1\"}"
    request type PUT /v1/relation-types/goes_with application/json '{"weight":0.9,"directed":false}'
    request orders-import POST /v1/orders:import text/csv "$(head -20 "$fixtures/online_retail_sample.csv")"
    request mining POST /v1/mining/jobs application/json '{"min_support":0.01,"min_confidence":0.2}'
    request openapi GET /v1/openapi.json '' ''
    request metrics GET /metrics '' ''
    for f in "$fixtures"/payloads/*.json; do
      name="$(basename "$f" .json)"
      request "intake-$name" POST "/v1/intake/${name%%-*}?account=acme" application/json "$(cat "$f")"
    done
    # Two requests on one connection: create, then read back.
    cat "$out/put-product" "$out/get-products" >"$out/pipelined"
    ;;
  *)
    echo "fuzz/seeds.sh: unknown target '$target'" >&2
    exit 2
    ;;
esac
