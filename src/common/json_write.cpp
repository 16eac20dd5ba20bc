#include "common/json_write.hpp"

#include <fmt/format.h>

#include <cmath>

namespace affinity {
namespace {

void WriteString(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<unsigned char>(c));
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void Write(std::string& out, const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null: out += "null"; break;
    case boost::json::kind::bool_: out += v.get_bool() ? "true" : "false"; break;
    case boost::json::kind::int64: out += fmt::format("{}", v.get_int64()); break;
    case boost::json::kind::uint64: out += fmt::format("{}", v.get_uint64()); break;
    case boost::json::kind::double_: {
      double d = v.get_double();
      if (!std::isfinite(d)) {
        out += "null";
      } else {
        std::string text = fmt::format("{:.12g}", d);
        out += text;
        // Keep a double recognisable as one ("1.0", not "1") for typed clients.
        if (text.find_first_of(".eEn") == std::string::npos) out += ".0";
      }
      break;
    }
    case boost::json::kind::string: WriteString(out, v.get_string()); break;
    case boost::json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& item : v.get_array()) {
        if (!first) out += ',';
        first = false;
        Write(out, item);
      }
      out += ']';
      break;
    }
    case boost::json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& kv : v.get_object()) {
        if (!first) out += ',';
        first = false;
        WriteString(out, kv.key());
        out += ':';
        Write(out, kv.value());
      }
      out += '}';
      break;
    }
  }
}

}  // namespace

std::string ToJsonText(const boost::json::value& value) {
  std::string out;
  Write(out, value);
  return out;
}

}  // namespace affinity
