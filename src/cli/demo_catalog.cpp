#include "cli/demo_catalog.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <optional>
#include <random>
#include <set>
#include <string_view>
#include <tuple>
#include <vector>

namespace affinity {
namespace {

// One category of the demo catalog. List fields are '|'-separated; `extra` holds further attributes
// as "key=v1|v2;key2=v1|v2". Models are listed from entry level to flagship: a model's place in the
// list sets where its price falls within [price_lo, price_hi].
struct CategorySpec {
  std::string_view path;
  std::string_view sku_prefix;
  int share;               // relative number of products
  int price_lo, price_hi;  // whole dollars
  double margin_lo, margin_hi;
  int upsells;  // upsell links per product
  std::string_view nouns, brands, models, colors, sizes, materials, tags, extra;
};

constexpr CategorySpec kCategories[] = {
    {"Footwear/Running", "RUN-SHOE", 8, 59, 219, 0.30, 0.50, 2,
     "Running Shoes|Road Runners|Trail Runners", "Stride|Fleetfoot|Trailhead|Northpeak",
     "Pace|Tempo|Glide|Cloudrun|Velocity|Apex Carbon", "black|white|blue|red|grey|neon yellow",
     "38|39|40|41|42|43|44|45|46", "mesh|knit", "running|footwear", ""},
    {"Footwear/Hiking", "HIKE-BOOT", 5, 79, 289, 0.30, 0.50, 2, "Hiking Boots|Trail Shoes",
     "Trailhead|Northpeak|Alpenglow|Cobble", "Ridge|Scout|Summit|Traverse|Expedition GTX",
     "brown|olive|grey|black", "38|39|40|41|42|43|44|45|46", "leather|suede|synthetic",
     "hiking|outdoor|footwear", "waterproof=true|false"},
    {"Accessories/Socks", "SOCK", 6, 6, 29, 0.45, 0.60, 1, "Running Socks|Hiking Socks|Crew Socks",
     "Stride|Fleetfoot|Trailhead|Northpeak|Wolle", "Everyday|Cushion|Compression|Merino",
     "black|white|grey|navy", "S|M|L", "cotton|merino wool|nylon blend", "socks",
     "pack_size=1|2|3"},
    {"Apparel/Activewear/Tops", "ACT-TOP", 5, 19, 79, 0.35, 0.55, 1,
     "Running Tee|Training Top|Long Sleeve Top", "Stride|Fleetfoot|Pulse|Zenflow",
     "Base|Breeze|Dri Core|Aero Pro", "black|white|coral|teal|navy", "XS|S|M|L|XL",
     "polyester|recycled polyester|merino wool", "running|activewear", ""},
    {"Apparel/Outerwear/Coats", "COAT", 6, 89, 449, 0.30, 0.55, 2, "Parka|Wool Coat|Down Jacket",
     "Northpeak|Alpenglow|Cobble|Fjordwear", "City|Harbor|Glacier|Polar|Arctic Expedition",
     "black|camel|navy|olive|charcoal", "XS|S|M|L|XL|XXL", "wool|down|recycled polyester",
     "winter|outerwear", "hooded=true|false"},
    {"Apparel/Outerwear/Rain Jackets", "RAIN", 3, 59, 259, 0.30, 0.50, 1,
     "Rain Jacket|Shell Jacket", "Northpeak|Trailhead|Fjordwear",
     "Drizzle|Monsoon|Stormshell|Tempest Pro", "yellow|navy|red|black|green", "S|M|L|XL",
     "nylon|gore-tex", "rain|outerwear|outdoor", ""},
    {"Accessories/Scarves", "SCARF", 4, 15, 89, 0.45, 0.60, 1, "Scarf|Knit Scarf|Snood",
     "Wolle|Alpenglow|Cobble|Fjordwear", "Classic|Chunky|Cashmere Blend|Pure Cashmere",
     "grey|burgundy|camel|navy|cream", "", "wool|cashmere|acrylic", "winter|scarves", ""},
    {"Accessories/Gloves", "GLOVE", 3, 12, 79, 0.45, 0.60, 1, "Gloves|Mittens|Touchscreen Gloves",
     "Wolle|Northpeak|Alpenglow|Fjordwear", "Everyday|Thermal|Leather|Expedition",
     "black|brown|grey|navy", "S|M|L|XL", "wool|leather|fleece", "winter|gloves", ""},
    {"Electronics/Phones", "PHONE", 5, 199, 1299, 0.10, 0.25, 2, "Smartphone",
     "Voltix|Pixelwave|Aurora|Nimbus", "Lite|One|Plus|Pro|Pro Max|Ultra",
     "black|silver|blue|green|gold", "", "", "electronics|phones",
     "storage_gb=64|128|256|512;screen_in=6.1|6.4|6.7"},
    {"Electronics/Tablets", "TABLET", 3, 229, 1099, 0.10, 0.25, 2, "Tablet",
     "Voltix|Pixelwave|Aurora", "Tab Go|Tab|Tab Air|Tab Pro", "grey|silver|blue", "", "",
     "electronics|tablets", "storage_gb=64|128|256;screen_in=10.9|11|12.9"},
    {"Electronics/Audio/Headphones", "HEADPH", 5, 29, 449, 0.20, 0.40, 2, "Headphones|Earbuds",
     "Sonara|Auralis|Bassline|Nimbus", "Buds|Studio|Studio ANC|Reference",
     "black|white|midnight blue|sand|silver|rose", "", "", "electronics|audio",
     "wireless=true|false;noise_cancelling=true|false"},
    {"Electronics/Audio/Speakers", "SPEAKER", 3, 39, 399, 0.20, 0.40, 1,
     "Bluetooth Speaker|Smart Speaker", "Sonara|Auralis|Bassline", "Mini|Go|Boom|Home Max",
     "black|white|red|teal", "", "", "electronics|audio", "waterproof=true|false"},
    {"Accessories/Phone Cases", "CASE", 6, 9, 59, 0.45, 0.60, 1, "Phone Case|Folio Case",
     "Armorshell|Voltix|Pixelwave|Nimbus", "Slim|Clear|Rugged|Leather Folio",
     "black|clear|navy|red|sage", "", "silicone|polycarbonate|leather", "phone accessories",
     "magnetic=true|false"},
    {"Accessories/Chargers", "CHARGER", 4, 12, 79, 0.35, 0.55, 1,
     "Charger|Wireless Charger|Power Bank", "JuiceLab|Voltix|Pixelwave|Nimbus",
     "20W|35W|65W GaN|MagStand", "white|black", "", "", "phone accessories|charging",
     "watts=20|35|65"},
    {"Accessories/Screen Protectors", "SCREEN", 2, 7, 39, 0.50, 0.60, 1, "Screen Protector",
     "Armorshell|Voltix|Pixelwave", "Film|Tempered Glass|Privacy Glass", "clear", "", "",
     "phone accessories", "screen_in=6.1|6.4|6.7|11|12.9"},
    {"Accessories/Cables", "CABLE", 3, 6, 35, 0.45, 0.60, 1,
     "USB-C Cable|Audio Cable|Charging Cable", "JuiceLab|Voltix|Sonara|Nimbus",
     "Basic|Braided|Braided Pro", "white|black|grey", "", "nylon|pvc", "cables|charging",
     "length_m=1|2|3"},
    {"Home/Kitchen/Coffee Machines", "COFFEE-MACH", 4, 79, 1499, 0.20, 0.40, 2,
     "Espresso Machine|Drip Coffee Maker|Pod Machine", "Crema|Barista|Brewcraft|Kettleworks",
     "Daily|Classic|Duo|Pro|Dual Boiler", "black|stainless steel|cream|red", "", "",
     "coffee|kitchen", "bar_pressure=9|15|19"},
    {"Home/Kitchen/Coffee Grinders", "GRINDER", 2, 29, 399, 0.25, 0.45, 1,
     "Coffee Grinder|Burr Grinder", "Crema|Barista|Brewcraft", "Hand|Conical|Flat Burr Pro",
     "black|stainless steel", "", "steel|ceramic", "coffee|kitchen", ""},
    {"Home/Kitchen/Coffee Beans", "BEANS", 5, 8, 34, 0.35, 0.55, 1, "Coffee Beans|Espresso Beans",
     "Roastwell|Altiplano|Crema|Brewcraft", "House Blend|Single Origin|Reserve|Geisha Reserve", "",
     "", "", "coffee|grocery",
     "roast=light|medium|dark;origin=Ethiopia|Colombia|Brazil|Kenya|Guatemala;weight_g=250|500|"
     "1000"},
    {"Home/Kitchen/Mugs", "MUG", 3, 8, 39, 0.45, 0.60, 1, "Mug|Travel Mug|Espresso Cups",
     "Kettleworks|Crema|Hydra", "Everyday|Stoneware|Insulated|Artisan",
     "white|black|sage|terracotta", "", "ceramic|stainless steel|glass", "coffee|kitchen|gift", ""},
    {"Sports/Cycling/Bikes", "BIKE", 4, 399, 3999, 0.15, 0.30, 2,
     "Road Bike|Gravel Bike|City Bike|E-Bike", "Velocita|Ridgeline|Cadence",
     "Sport|Comp|Expert|Pro|Team Carbon", "black|red|blue|white|green", "50|52|54|56|58|60",
     "aluminium|steel|carbon", "cycling|bikes", "gears=8|11|12"},
    {"Sports/Cycling/Helmets", "HELMET", 3, 39, 249, 0.35, 0.55, 1, "Helmet|MIPS Helmet",
     "Velocita|Ridgeline|Cadence|Lumen", "Urban|Sport|Aero|Aero Pro", "black|white|red|fluo yellow",
     "S|M|L", "polycarbonate|eps foam", "cycling|safety", ""},
    {"Sports/Cycling/Lights", "BIKELIGHT", 2, 15, 119, 0.40, 0.60, 1,
     "Light Set|Front Light|Rear Light", "Lumen|Cadence|Ridgeline", "City|Trail|Night Rider",
     "black", "", "aluminium|plastic", "cycling|safety", "lumens=200|500|1000"},
    {"Sports/Cycling/Locks", "LOCK", 2, 19, 129, 0.40, 0.60, 1, "U-Lock|Chain Lock|Folding Lock",
     "Lockwell|Cadence|Velocita", "Cable|Standard|Heavy Duty", "black|orange", "", "hardened steel",
     "cycling|security", "security_level=5|7|9|12"},
    {"Sports/Fitness/Yoga Mats", "YOGA", 2, 19, 129, 0.40, 0.60, 1, "Yoga Mat|Travel Mat",
     "Zenflow|Pulse|Stride", "Basic|Grip|Cork|Studio Pro", "purple|teal|black|sand", "",
     "tpe|cork|natural rubber", "yoga|fitness", "thickness_mm=3|5|6"},
    {"Sports/Fitness/Water Bottles", "BOTTLE", 3, 9, 45, 0.45, 0.60, 1,
     "Water Bottle|Insulated Bottle", "Hydra|Trailhead|Velocita|Zenflow",
     "Sport|Squeeze|Thermo|Thermo Pro", "blue|black|white|pink|green", "",
     "stainless steel|bpa-free plastic", "hydration|fitness|summer", "volume_ml=500|750|1000"},
};

struct LinkRule {
  std::string_view from, to;
  int per_source;
};

// Main category -> its accessory categories. No category is on both sides (checked below), so the
// accessory links can never form a cycle.
constexpr LinkRule kAccessories[] = {
    {"Footwear/Running", "Accessories/Socks", 2},
    {"Footwear/Hiking", "Accessories/Socks", 1},
    {"Electronics/Phones", "Accessories/Phone Cases", 2},
    {"Electronics/Phones", "Accessories/Chargers", 1},
    {"Electronics/Phones", "Accessories/Screen Protectors", 1},
    {"Electronics/Tablets", "Accessories/Chargers", 1},
    {"Electronics/Tablets", "Accessories/Cables", 1},
    {"Electronics/Tablets", "Accessories/Screen Protectors", 1},
    {"Electronics/Audio/Headphones", "Accessories/Cables", 1},
    {"Electronics/Audio/Headphones", "Accessories/Chargers", 1},
    {"Electronics/Audio/Speakers", "Accessories/Cables", 1},
    {"Electronics/Audio/Speakers", "Accessories/Chargers", 1},
    {"Home/Kitchen/Coffee Machines", "Home/Kitchen/Coffee Beans", 3},
    {"Home/Kitchen/Coffee Machines", "Home/Kitchen/Mugs", 1},
    {"Home/Kitchen/Coffee Grinders", "Home/Kitchen/Coffee Beans", 1},
    {"Sports/Cycling/Bikes", "Sports/Cycling/Helmets", 2},
    {"Sports/Cycling/Bikes", "Sports/Cycling/Lights", 1},
    {"Sports/Cycling/Bikes", "Sports/Cycling/Locks", 1},
    {"Sports/Cycling/Bikes", "Sports/Fitness/Water Bottles", 1},
};

// Complementary categories, bought together.
constexpr LinkRule kCrossSells[] = {
    {"Footwear/Running", "Accessories/Socks", 1},
    {"Footwear/Running", "Apparel/Activewear/Tops", 1},
    {"Footwear/Running", "Sports/Fitness/Water Bottles", 1},
    {"Footwear/Hiking", "Accessories/Socks", 1},
    {"Footwear/Hiking", "Apparel/Outerwear/Rain Jackets", 1},
    {"Footwear/Hiking", "Sports/Fitness/Water Bottles", 1},
    {"Apparel/Outerwear/Coats", "Accessories/Scarves", 2},
    {"Apparel/Outerwear/Coats", "Accessories/Gloves", 2},
    {"Accessories/Scarves", "Accessories/Gloves", 1},
    {"Apparel/Activewear/Tops", "Sports/Fitness/Water Bottles", 1},
    {"Apparel/Activewear/Tops", "Sports/Fitness/Yoga Mats", 1},
    {"Sports/Fitness/Yoga Mats", "Sports/Fitness/Water Bottles", 1},
    {"Electronics/Phones", "Electronics/Audio/Headphones", 1},
    {"Electronics/Tablets", "Electronics/Audio/Headphones", 1},
    {"Electronics/Audio/Speakers", "Electronics/Phones", 1},
    {"Home/Kitchen/Coffee Machines", "Home/Kitchen/Coffee Grinders", 1},
    {"Home/Kitchen/Coffee Beans", "Home/Kitchen/Mugs", 1},
    {"Home/Kitchen/Coffee Beans", "Home/Kitchen/Coffee Grinders", 1},
    {"Sports/Cycling/Helmets", "Sports/Cycling/Lights", 1},
    {"Sports/Cycling/Locks", "Sports/Cycling/Lights", 1},
    {"Sports/Cycling/Locks", "Sports/Cycling/Helmets", 1},
    {"Accessories/Chargers", "Accessories/Cables", 1},
    {"Accessories/Phone Cases", "Accessories/Chargers", 1},
    {"Accessories/Phone Cases", "Accessories/Screen Protectors", 1},
};

struct Seed {
  std::string_view sku, name, category, price, brand, tags, color;
  double margin;
  int stock;
};

constexpr Seed kSeeds[] = {
    {"RUN-SHOE-001", "Running Shoes", "Footwear/Running", "89.99", "Stride", "running|footwear",
     "blue", 0.35, 40},
    {"RUN-SOCK-001", "Running Socks", "Accessories/Socks", "12.99", "Stride", "running|socks",
     "white", 0.55, 120},
    {"STD-MODEL-001", "Standard Model", "Electronics/Phones", "499.00", "Voltix",
     "electronics|phones", "black", 0.18, 25},
    {"PERF-MODEL-001", "Performance Model", "Electronics/Phones", "799.00", "Voltix",
     "electronics|phones|premium", "silver", 0.22, 12},
};

constexpr std::uint64_t kSeed = 20240601;
constexpr int kNewArrivalPercent = 4;  // tagged "new", not linked yet
constexpr int kOutOfStockPercent = 4;
constexpr int kPinOneIn = 25;  // main items whose first accessory is pinned at position 1

std::vector<std::string_view> Split(std::string_view text, char sep) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    std::size_t at = text.find(sep);
    out.push_back(text.substr(0, at));
    if (at == std::string_view::npos) break;
    text.remove_prefix(at + 1);
  }
  return out;
}

int CategoryIndex(std::string_view path) {
  for (std::size_t i = 0; i < std::size(kCategories); ++i) {
    if (kCategories[i].path == path) return static_cast<int>(i);
  }
  assert(false && "a link rule names a category missing from kCategories");
  return -1;
}

// Only the raw output of mt19937_64 is fixed by the standard (the distributions are not), so the
// helpers below derive every draw from it directly: the same catalog on every platform.
class Rng {
 public:
  std::uint64_t Below(std::uint64_t n) { return engine_() % n; }
  double Unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  bool Percent(int p) { return Below(100) < static_cast<std::uint64_t>(p); }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Below(v.size())];
  }

 private:
  std::mt19937_64 engine_{kSeed};
};

void AppendQuoted(std::string* out, std::string_view s) {
  *out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') *out += '\\';
    *out += c;  // every string here is printable ASCII from the tables above
  }
  *out += '"';
}

// Numbers and booleans from the tables are written bare, everything else as a string.
void AppendValue(std::string* out, std::string_view v) {
  bool number = !v.empty() && v.find_first_not_of("0123456789.") == std::string_view::npos;
  if (number || v == "true" || v == "false") {
    *out += v;
  } else {
    AppendQuoted(out, v);
  }
}

// How a variant's attribute reads in its name: "white", "size 42", "128 GB", "waterproof"; empty
// for a flag that is off.
std::string VariantPart(std::string_view key, std::string_view value) {
  if (value == "false") return "";
  if (value == "true") {
    std::string label(key);
    std::replace(label.begin(), label.end(), '_', ' ');
    return label;
  }
  if (key == "size") return fmt::format("size {}", value);
  constexpr std::pair<std::string_view, std::string_view> kUnits[] = {
      {"_gb", " GB"}, {"_ml", " ml"}, {"_mm", " mm"}, {"_g", " g"}, {"_m", " m"}, {"_in", " in"}};
  for (const auto& [suffix, unit] : kUnits) {
    if (key.ends_with(suffix)) return fmt::format("{}{}", value, unit);
  }
  if (key == "watts") return fmt::format("{} W", value);
  if (key == "lumens") return fmt::format("{} lm", value);
  if (key == "gears") return fmt::format("{}-speed", value);
  if (key == "bar_pressure") return fmt::format("{} bar", value);
  if (key == "pack_size") return fmt::format("{}-pack", value);
  if (key == "security_level") return fmt::format("level {}", value);
  return std::string(value);
}

struct Item {
  std::string sku;
  std::string brand;
  int category = 0;
  std::int64_t price_minor = 0;
  double tier = 0;       // where the price falls in the category's band, 0..1
  bool linkable = true;  // false for new arrivals
  bool seed = false;
};

double TierOf(const CategorySpec& c, std::int64_t price_minor) {
  double t = std::log(price_minor / (100.0 * c.price_lo)) / std::log(1.0 * c.price_hi / c.price_lo);
  return std::clamp(t, 0.0, 1.0);
}

class Generator {
 public:
  explicit Generator(std::size_t product_count) : target_(product_count) {}

  DemoCatalog Run() {
    for (const Seed& s : kSeeds) AddSeed(s);
    std::size_t generated = target_ > items_.size() ? target_ - items_.size() : 0;
    int total_share = 0;
    for (const auto& c : kCategories) total_share += c.share;
    std::size_t assigned = 0;
    std::vector<std::size_t> per_category;
    for (const auto& c : kCategories) {
      per_category.push_back(generated * c.share / total_share);
      assigned += per_category.back();
    }
    for (std::size_t i = 0; assigned < generated; i = (i + 1) % per_category.size(), ++assigned) {
      ++per_category[i];
    }
    for (std::size_t c = 0; c < per_category.size(); ++c) {
      for (std::size_t n = 0; n < per_category[c]; ++n) AddGenerated(static_cast<int>(c));
    }
    Link();
    return std::move(out_);
  }

 private:
  void AddSeed(const Seed& s) {
    int c = CategoryIndex(s.category);
    std::int64_t minor = 0;
    for (char ch : s.price) {
      if (ch != '.') minor = minor * 10 + (ch - '0');
    }
    std::vector<std::string_view> tags = Split(s.tags, '|');
    Item item;
    item.sku = std::string(s.sku);
    item.brand = std::string(s.brand);
    item.category = c;
    item.price_minor = minor;
    item.tier = TierOf(kCategories[c], minor);
    item.seed = true;
    WriteProduct(std::move(item), s.name, tags, s.margin, s.stock, {{"color", s.color}});
  }

  void AddGenerated(int c) {
    const CategorySpec& spec = kCategories[c];
    std::vector<std::string_view> brands = Split(spec.brands, '|');
    std::vector<std::string_view> models = Split(spec.models, '|');
    std::string_view brand = rng_.Pick(brands);
    std::size_t model = rng_.Below(models.size());
    // The model's place in the list, blurred a little, sets the price on a log scale.
    double tier = std::clamp((model + 0.15 + 0.7 * rng_.Unit()) / models.size(), 0.0, 1.0);
    double dollars = spec.price_lo * std::pow(1.0 * spec.price_hi / spec.price_lo, tier);
    std::int64_t whole = std::max<std::int64_t>(1, std::llround(dollars));
    std::uint64_t ending = rng_.Below(20);
    std::int64_t minor = ending < 14   ? whole * 100 - 1
                         : ending < 17 ? whole * 100 - 51
                                       : whole * 100;
    minor = std::max<std::int64_t>(minor, 99);

    Item item;
    item.brand = std::string(brand);
    item.category = c;
    item.price_minor = minor;
    item.tier = TierOf(spec, minor);
    std::string code(brand.substr(0, 3));
    for (char& ch : code) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    item.sku = fmt::format("{}-{}-{:04}", spec.sku_prefix, code, ++sku_counter_[c]);

    std::vector<std::string_view> tags = Split(spec.tags, '|');
    if (item.tier > 0.8) tags.push_back("premium");
    if (item.tier < 0.2) tags.push_back("budget");
    if (rng_.Percent(8)) tags.push_back("eco");
    if (rng_.Percent(6)) tags.push_back("sale");
    if (rng_.Percent(kNewArrivalPercent)) {
      tags.push_back("new");
      item.linkable = false;
    }
    double margin = spec.margin_lo + (spec.margin_hi - spec.margin_lo) * rng_.Unit();
    if (item.tier > 0.8) margin = std::min(0.6, margin + 0.05);
    margin = std::round(margin * 100) / 100;
    int stock = rng_.Percent(kOutOfStockPercent)
                    ? 0
                    : 1 + static_cast<int>(rng_.Below(item.tier > 0.8 ? 30 : 150));

    std::vector<std::pair<std::string_view, std::string_view>> attributes;
    auto add_choice = [&](std::string_view key, std::string_view list) {
      if (!list.empty()) attributes.emplace_back(key, rng_.Pick(Split(list, '|')));
    };
    add_choice("color", spec.colors);
    add_choice("size", spec.sizes);
    add_choice("material", spec.materials);
    if (!spec.extra.empty()) {
      for (std::string_view kv : Split(spec.extra, ';')) {
        std::size_t eq = kv.find('=');
        add_choice(kv.substr(0, eq), kv.substr(eq + 1));
      }
    }

    std::vector<std::string_view> nouns = Split(spec.nouns, '|');
    std::string base = fmt::format("{} {} {}", brand, models[model], rng_.Pick(nouns));
    // A name already taken is a variant of that model: name it by its colour, size and so on, as a
    // shop would ("... Running Shoes (white, size 42)").
    std::string name = base, variant;
    for (std::size_t i = 0; names_.contains(name) && i < attributes.size(); ++i) {
      std::string part = VariantPart(attributes[i].first, attributes[i].second);
      if (part.empty()) continue;
      variant += (variant.empty() ? "" : ", ") + part;
      name = fmt::format("{} ({})", base, variant);
    }
    if (names_.contains(name)) name += fmt::format(" #{}", sku_counter_[c]);
    names_.insert(name);
    WriteProduct(std::move(item), name, tags, margin, stock, attributes);
  }

  void WriteProduct(Item item, std::string_view name, const std::vector<std::string_view>& tags,
                    double margin, int stock,
                    const std::vector<std::pair<std::string_view, std::string_view>>& attributes) {
    std::string& o = out_.products_ndjson;
    o += "{\"sku\":";
    AppendQuoted(&o, item.sku);
    o += ",\"name\":";
    AppendQuoted(&o, name);
    o += fmt::format(",\"price\":\"{}.{:02}\",\"currency\":\"USD\",\"category\":",
                     item.price_minor / 100, item.price_minor % 100);
    AppendQuoted(&o, kCategories[item.category].path);
    o += ",\"brand\":";
    AppendQuoted(&o, item.brand);
    o += ",\"tags\":[";
    for (std::size_t i = 0; i < tags.size(); ++i) {
      if (i) o += ',';
      AppendQuoted(&o, tags[i]);
    }
    o += fmt::format("],\"margin\":{},\"stock\":{},\"attributes\":{{", margin, stock);
    for (std::size_t i = 0; i < attributes.size(); ++i) {
      if (i) o += ',';
      AppendQuoted(&o, attributes[i].first);
      o += ':';
      AppendValue(&o, attributes[i].second);
    }
    o += "}}\n";
    ++out_.product_count;
    by_category_[item.category].push_back(items_.size());
    items_.push_back(std::move(item));
  }

  // How well `b` goes with `a`: same brand, a similar price tier, and some taste.
  double Fit(const Item& a, const Item& b) {
    return (a.brand == b.brand ? 1.0 : 0.0) + 0.8 * (1.0 - std::abs(a.tier - b.tier)) +
           0.6 * rng_.Unit();
  }

  // Links `source` to the `k` best candidates by `score` (higher first, SKU breaking ties); a
  // candidate scored below zero is never taken. Returns the links added.
  template <typename ScoreFn>
  int LinkBest(std::size_t source, const std::vector<std::size_t>& candidates, int k,
               std::string_view type, const ScoreFn& score) {
    std::vector<std::pair<double, std::size_t>> scored;
    for (std::size_t c : candidates) {
      if (c == source || !items_[c].linkable) continue;
      double s = score(items_[c]);
      if (s >= 0) scored.emplace_back(s, c);
    }
    std::sort(scored.begin(), scored.end(), [&](const auto& x, const auto& y) {
      if (x.first != y.first) return x.first > y.first;
      return items_[x.second].sku < items_[y.second].sku;
    });
    int added = 0;
    for (const auto& [s, c] : scored) {
      if (added == k) break;
      std::optional<int> position;
      if (type == "accessory" && !pinned_.contains(source) && !items_[source].seed &&
          rng_.Below(kPinOneIn) == 0) {
        position = 1;
        pinned_.insert(source);
      }
      double weight = std::round((0.6 + 0.4 * s) * 10) / 10;
      if (AddLink(items_[source].sku, items_[c].sku, type, weight, position)) ++added;
    }
    return added;
  }

  bool AddLink(const std::string& source, const std::string& target, std::string_view type,
               double weight, std::optional<int> position) {
    assert(source != target && "links never point at their own source");
    bool symmetric = type == "cross_sell";
    auto key = symmetric ? std::make_tuple(std::min(source, target), std::max(source, target),
                                           std::string(type))
                         : std::make_tuple(source, target, std::string(type));
    if (!links_.insert(key).second) return false;
    std::string& o = out_.relationships_ndjson;
    o += "{\"source\":";
    AppendQuoted(&o, source);
    o += ",\"target\":";
    AppendQuoted(&o, target);
    o += fmt::format(",\"type\":\"{}\"", type);
    if (weight != 1.0) o += fmt::format(",\"weight\":{}", weight);
    if (position) o += fmt::format(",\"position\":{}", *position);
    o += "}\n";
    ++out_.relationship_count;
    return true;
  }

  void Link() {
    AddLink("RUN-SHOE-001", "RUN-SOCK-001", "cross_sell", 1.0, 1);
    AddLink("STD-MODEL-001", "PERF-MODEL-001", "upsell", 1.0, 1);
    for (const LinkRule& rule : kAccessories) {
      const auto& targets = by_category_[CategoryIndex(rule.to)];
      for (std::size_t s : by_category_[CategoryIndex(rule.from)]) {
        if (!items_[s].linkable) continue;
        const Item& src = items_[s];
        LinkBest(s, targets, rule.per_source, "accessory",
                 [&](const Item& t) { return Fit(src, t); });
      }
    }
    for (const LinkRule& rule : kCrossSells) {
      const auto& targets = by_category_[CategoryIndex(rule.to)];
      for (std::size_t s : by_category_[CategoryIndex(rule.from)]) {
        if (!items_[s].linkable) continue;
        const Item& src = items_[s];
        LinkBest(s, targets, rule.per_source, "cross_sell",
                 [&](const Item& t) { return Fit(src, t); });
      }
    }
    // Upsells only go to a strictly pricier item, so following them can never come back.
    for (std::size_t c = 0; c < std::size(kCategories); ++c) {
      for (std::size_t s : by_category_[c]) {
        if (!items_[s].linkable) continue;
        const Item& src = items_[s];
        LinkBest(s, by_category_[c], kCategories[c].upsells, "upsell", [&](const Item& t) {
          double ratio = 1.0 * t.price_minor / src.price_minor;
          if (t.price_minor <= src.price_minor || ratio > 2.5) return -1.0;
          return (t.brand == src.brand ? 0.7 : 0.0) + (1.0 - std::abs(ratio - 1.5)) +
                 0.5 * rng_.Unit();
        });
      }
    }
  }

  std::size_t target_;
  Rng rng_;
  std::vector<Item> items_;
  std::vector<std::vector<std::size_t>> by_category_ =
      std::vector<std::vector<std::size_t>>(std::size(kCategories));
  std::vector<int> sku_counter_ = std::vector<int>(std::size(kCategories));
  std::set<std::string> names_;
  std::set<std::tuple<std::string, std::string, std::string>> links_;
  std::set<std::size_t> pinned_;
  DemoCatalog out_;
};

[[maybe_unused]] bool AccessorySidesAreDisjoint() {
  for (const LinkRule& a : kAccessories) {
    for (const LinkRule& b : kAccessories) {
      if (a.from == b.to) return false;
    }
  }
  return true;
}

}  // namespace

DemoCatalog MakeDemoCatalog(std::size_t product_count) {
  assert(AccessorySidesAreDisjoint() && "an accessory category must not have accessories itself");
  return Generator(product_count).Run();
}

}  // namespace affinity
