#include "common/json_write.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstdint>
#include <cstring>
#include <cmath>

namespace affinity {
namespace {

void WriteDouble(std::string& out, double d) {
  if (!std::isfinite(d)) {
    out += "null";
    return;
  }
  // The text of "%.12g". Fast path: the shortest round-trip digits (Ryu) when they are fixed
  // notation with at most 12 significant digits: then they are exactly what %.12g prints, since
  // rounding the exact value to 12 digits lands on them. Otherwise the precise 12-digit form.
  char buf[40];
  char* end = std::to_chars(buf, buf + sizeof buf, d).ptr;
  std::string_view text(buf, static_cast<std::size_t>(end - buf));
  int significant = 0;
  bool leading = true;
  for (char c : text) {
    if (c < '0' || c > '9') continue;
    if (leading && c == '0') continue;
    leading = false;
    ++significant;
  }
  if (text.find_first_of("eE") != std::string_view::npos || significant > 12) {
    end = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::general, 12).ptr;
    text = std::string_view(buf, static_cast<std::size_t>(end - buf));
  }
  out.append(text);
  // Keep a double recognisable as one ("1.0", not "1") for typed clients.
  if (text.find_first_of(".eEn") == std::string_view::npos) out += ".0";
}

void Write(std::string& out, const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null: out += "null"; break;
    case boost::json::kind::bool_: out += v.get_bool() ? "true" : "false"; break;
    case boost::json::kind::int64: fmt::format_to(std::back_inserter(out), "{}", v.get_int64()); break;
    case boost::json::kind::uint64:
      fmt::format_to(std::back_inserter(out), "{}", v.get_uint64());
      break;
    case boost::json::kind::double_: WriteDouble(out, v.get_double()); break;
    case boost::json::kind::string: AppendJsonString(out, v.get_string()); break;
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
        AppendJsonString(out, kv.key());
        out += ':';
        Write(out, kv.value());
      }
      out += '}';
      break;
    }
  }
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view s) {
  // Most strings need no escape: find the first byte that does, eight bytes at a time (a byte is
  // below 0x20, '"' or '\\' when the matching lane of these masks has its high bit set).
  constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t v;
    std::memcpy(&v, s.data() + i, 8);
    const std::uint64_t quote = v ^ (kOnes * '"'), slash = v ^ (kOnes * '\\');
    const std::uint64_t hits = (((v - kOnes * 0x20) & ~v) | ((quote - kOnes) & ~quote) |
                                ((slash - kOnes) & ~slash)) &
                               kHigh;
    if (hits) break;
  }
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == '"' || c == '\\') break;
    ++i;
  }
  if (i == s.size()) {
    out.reserve(out.size() + s.size() + 2);
    out += '"';
    out.append(s);
    out += '"';
    return;
  }
  out += '"';
  std::size_t run = 0;  // start of the run of characters that need no escape
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default: fmt::format_to(std::back_inserter(out), "\\u{:04x}", c);
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

std::string ToJsonText(const boost::json::value& value) {
  std::string out;
  Write(out, value);
  return out;
}

void JsonWriter::Separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_[depth_]) out_ += ',';
  first_[depth_] = false;
}

JsonWriter& JsonWriter::Open(char c) {
  Separate();
  out_ += c;
  first_[++depth_] = true;
  return *this;
}

JsonWriter& JsonWriter::Close(char c) {
  out_ += c;
  --depth_;
  return *this;
}

JsonWriter& JsonWriter::Key(std::string_view key) {
  Separate();
  AppendJsonString(out_, key);
  out_ += ':';
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view value) {
  Separate();
  AppendJsonString(out_, value);
  return *this;
}

JsonWriter& JsonWriter::Int(std::int64_t value) {
  Separate();
  fmt::format_to(std::back_inserter(out_), "{}", value);
  return *this;
}

JsonWriter& JsonWriter::UInt(std::uint64_t value) {
  Separate();
  fmt::format_to(std::back_inserter(out_), "{}", value);
  return *this;
}

JsonWriter& JsonWriter::Double(double value) {
  Separate();
  WriteDouble(out_, value);
  return *this;
}

JsonWriter& JsonWriter::Bool(bool value) {
  Separate();
  out_ += value ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::Null() {
  Separate();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::Value(const boost::json::value& value) {
  Separate();
  Write(out_, value);
  return *this;
}

}  // namespace affinity
