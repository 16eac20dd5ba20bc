#include "common/json_write.hpp"

#include <fmt/format.h>

#include <cmath>

namespace affinity {
namespace {

void WriteDouble(std::string& out, double d) {
  if (!std::isfinite(d)) {
    out += "null";
    return;
  }
  const std::size_t at = out.size();
  fmt::format_to(std::back_inserter(out), "{:.12g}", d);
  // Keep a double recognisable as one ("1.0", not "1") for typed clients.
  if (out.find_first_of(".eEn", at) == std::string::npos) out += ".0";
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
