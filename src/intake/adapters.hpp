// The registry of channel adapters: the one list every channel is added to (adapters.cpp), and the
// accessor of each adapter, defined in its own file (shopify_adapter.cpp, ...). Adapters are
// stateless singletons; the registry lives for the whole program.
//
// Delivery shapes each adapter accepts (besides the channel's own API responses):
//   bigcommerce: {"order": <GET /v2/orders/{id}>, "products": <GET /v2/orders/{id}/products>}, so
//     that one delivery holds an order and its lines (the v2 order only links to its products); an
//     order alone, or an array of them, maps with `awaiting` set ("products: GET ...").
//   amazon: {"orders": <getOrders response>, "items": {"<AmazonOrderId>": <getOrderItems
//     response>, ...}}; getOrders alone maps each order with `awaiting` = its items, getOrderItems
//     alone maps with `awaiting` = the order. The frappe ecommerce_integrations test wrapper
//     {"get_orders_200": {"json": ...}, "get_order_items_200": {"json": ...}} is read the same way.
#pragma once

#include <string_view>
#include <vector>

#include "intake/channel_adapter.hpp"

namespace affinity {

// Every registered adapter, in registration order.
const std::vector<const ChannelAdapter*>& ChannelAdapters();
// The adapter registered under `channel` ("shopify"), or nullptr.
const ChannelAdapter* FindAdapter(std::string_view channel);

// One accessor per adapter file.
const ChannelAdapter& ShopifyAdapter();      // shopify_adapter.cpp
const ChannelAdapter& WooCommerceAdapter();  // woocommerce_adapter.cpp
const ChannelAdapter& BigCommerceAdapter();  // bigcommerce_adapter.cpp
const ChannelAdapter& MagentoAdapter();      // magento_adapter.cpp
const ChannelAdapter& AmazonAdapter();       // amazon_adapter.cpp
const ChannelAdapter& EbayAdapter();         // ebay_adapter.cpp
const ChannelAdapter& CsvAdapter();          // csv_adapter.cpp (Shopify orders_export mapping)

}  // namespace affinity
