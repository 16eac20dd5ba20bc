// Serialises JSON for people as well as programs: numbers with a fraction print with up to 12
// significant digits (1.2 x 1.5 prints 1.8, not 1.7999999999999998 or Boost 1.81's 1.8E0).
// Integers print exactly. Non-finite numbers, which JSON cannot hold, print as null.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <string>
#include <string_view>

namespace affinity {

std::string ToJsonText(const boost::json::value& value);

// JsonWriter: writes JSON straight into a string, for hot paths that should not build a
// boost::json::value first. Numbers print as ToJsonText prints them. Commas are placed for you;
// REQUIRES: calls nest properly (a Key before each value inside an object), at most 32 levels.
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}
  JsonWriter& BeginObject() { return Open('{'); }
  JsonWriter& EndObject() { return Close('}'); }
  JsonWriter& BeginArray() { return Open('['); }
  JsonWriter& EndArray() { return Close(']'); }
  JsonWriter& Key(std::string_view key);
  // A literal key (every Key("...") in the code) is written as it is: it has nothing to escape.
  template <std::size_t N>
  JsonWriter& Key(const char (&key)[N]) {
    Separate();
    out_ += '"';
    out_.append(key, N - 1);
    out_ += "\":";
    after_key_ = true;
    return *this;
  }
  JsonWriter& String(std::string_view value);
  JsonWriter& Int(std::int64_t value);
  JsonWriter& UInt(std::uint64_t value);
  JsonWriter& Double(double value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  JsonWriter& Value(const boost::json::value& value);  // any JSON value, via ToJsonText

 private:
  JsonWriter& Open(char c);
  JsonWriter& Close(char c);
  void Separate();  // a comma before every value but the first at this level, unless after a key

  std::string& out_;
  bool first_[32] = {true};
  int depth_ = 0;
  bool after_key_ = false;
};

// Appends `s` as a JSON string literal (quoted and escaped).
void AppendJsonString(std::string& out, std::string_view s);

}  // namespace affinity
