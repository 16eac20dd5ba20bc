#include "intake/adapters.hpp"

namespace affinity {

const std::vector<const ChannelAdapter*>& ChannelAdapters() {
  // The one list: a new channel is one file plus one line here.
  static const std::vector<const ChannelAdapter*> adapters = {
      &ShopifyAdapter(), &WooCommerceAdapter(), &BigCommerceAdapter(), &MagentoAdapter(),
      &AmazonAdapter(),  &EbayAdapter(),        &CsvAdapter(),
  };
  return adapters;
}

const ChannelAdapter* FindAdapter(std::string_view channel) {
  for (const ChannelAdapter* a : ChannelAdapters()) {
    if (a->name() == channel) return a;
  }
  return nullptr;
}

}  // namespace affinity
