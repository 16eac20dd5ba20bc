#include "intake/channel_adapter.hpp"

#include <algorithm>
#include <cctype>

namespace affinity {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

void DeliveryHeaders::Set(std::string_view name, std::string value) {
  values_[Lower(name)] = std::move(value);
}

const std::string* DeliveryHeaders::Find(std::string_view name) const {
  auto it = values_.find(Lower(name));
  return it == values_.end() ? nullptr : &it->second;
}

const char* IntakeErrorClassName(IntakeErrorClass c) {
  switch (c) {
    case IntakeErrorClass::kTransient:
      return "transient";
    case IntakeErrorClass::kUnresolved:
      return "unresolved";
    case IntakeErrorClass::kPermanent:
      return "permanent";
  }
  return "permanent";  // unreachable: every enumerator is handled
}

std::optional<IntakeErrorClass> ParseIntakeErrorClass(std::string_view name) {
  for (IntakeErrorClass c : {IntakeErrorClass::kTransient, IntakeErrorClass::kUnresolved,
                             IntakeErrorClass::kPermanent}) {
    if (name == IntakeErrorClassName(c)) return c;
  }
  return std::nullopt;
}

Status IntakeError::ToStatus() const {
  std::string text = stage.empty() ? std::string() : stage + ": ";
  if (!field.empty()) text += "field '" + field + "': ";
  text += message;
  switch (error_class) {
    case IntakeErrorClass::kTransient:
      return Status::Unavailable(std::move(text));
    case IntakeErrorClass::kUnresolved:
      return Status::FailedPrecondition(std::move(text));
    case IntakeErrorClass::kPermanent:
      break;
  }
  return Status::InvalidArgument(std::move(text));
}

IntakeError IntakeError::FromStatus(const Status& status) {
  IntakeError e;
  switch (status.code()) {
    case StatusCode::kUnavailable:
    case StatusCode::kAborted:
    case StatusCode::kResourceExhausted:
      e.error_class = IntakeErrorClass::kTransient;
      break;
    case StatusCode::kFailedPrecondition:
      e.error_class = IntakeErrorClass::kUnresolved;
      break;
    default:
      e.error_class = IntakeErrorClass::kPermanent;
  }
  std::string_view rest = status.message();
  for (std::string_view stage : {"parse", "map", "validate"}) {
    if (rest.size() > stage.size() + 1 && rest.substr(0, stage.size()) == stage &&
        rest.substr(stage.size(), 2) == ": ") {
      e.stage = std::string(stage);
      rest.remove_prefix(stage.size() + 2);
      break;
    }
  }
  if (!e.stage.empty() && rest.substr(0, 7) == "field '") {
    if (auto end = rest.find("': ", 7); end != std::string_view::npos) {
      e.field = std::string(rest.substr(7, end - 7));
      rest.remove_prefix(end + 3);
    }
  }
  e.message = std::string(rest);
  return e;
}

}  // namespace affinity
