#include "stackgen/core/value.h"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "stackgen/core/error.h"
#include "stackgen/core/fn.h"

namespace stackgen::core {

struct Value::Node {
  std::variant<std::monostate, bool, std::int64_t, double, std::string, List, Map, Reference, Call,
               List /*template*/, std::string /*raw*/>
      data;
};

namespace {

// Variant indexes; the two List and two string alternatives need explicit positions.
constexpr std::size_t kTemplateIndex = 9;
constexpr std::size_t kRawIndex = 10;

bool is_identifier(std::string_view name) {
  if (name.empty()) return false;
  auto head = static_cast<unsigned char>(name[0]);
  if (!(std::isalpha(head) || head == '_')) return false;
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (!(std::isalnum(u) || u == '_' || u == '-' || u == ':')) return false;
  }
  return true;
}

[[noreturn]] void wrong_kind(const char* wanted) {
  throw Error(
      ErrorCategory::kConstruction,
      fmt::format("value: expected a {} but found another kind; check the value passed", wanted));
}

}  // namespace

Value::Value() {
  static const auto kNull = std::make_shared<const Node>();
  node_ = kNull;
}

Value Value::boolean(bool value) {
  return Value(
      std::make_shared<const Node>(Node{decltype(Node::data)(std::in_place_index<1>, value)}));
}

Value Value::integer(std::int64_t value) {
  return Value(
      std::make_shared<const Node>(Node{decltype(Node::data)(std::in_place_index<2>, value)}));
}

Value Value::number(double value) {
  if (!std::isfinite(value)) {
    throw Error(
        ErrorCategory::kConstruction,
        fmt::format("number {}: Terraform numbers must be finite; pass a finite value", value));
  }
  // Whole numbers within the exactly representable range are written as integers.
  if (std::trunc(value) == value && std::fabs(value) <= 9007199254740992.0) {
    return integer(static_cast<std::int64_t>(value));
  }
  return Value(
      std::make_shared<const Node>(Node{decltype(Node::data)(std::in_place_index<3>, value)}));
}

Value Value::string(std::string value) {
  return Value(std::make_shared<const Node>(
      Node{decltype(Node::data)(std::in_place_index<4>, std::move(value))}));
}

Value Value::list(List items) {
  return Value(std::make_shared<const Node>(
      Node{decltype(Node::data)(std::in_place_index<5>, std::move(items))}));
}

Value Value::map(Map entries) {
  return Value(std::make_shared<const Node>(
      Node{decltype(Node::data)(std::in_place_index<6>, std::move(entries))}));
}

Value Value::reference(const Element& target, std::vector<PathStep> path) {
  return Value(std::make_shared<const Node>(Node{decltype(Node::data)(
      std::in_place_index<7>, Reference{&target, std::string(), std::move(path)})}));
}

Value Value::root_reference(std::string root, std::vector<PathStep> path) {
  return Value(std::make_shared<const Node>(Node{decltype(Node::data)(
      std::in_place_index<7>, Reference{nullptr, std::move(root), std::move(path)})}));
}

Value Value::call(std::string name, List args) {
  if (!is_identifier(name)) {
    throw Error(ErrorCategory::kConstruction,
                fmt::format("function name \"{}\": must be a Terraform identifier such as "
                            "\"jsonencode\" or \"provider::aws::arn_parse\"; fix the name",
                            name));
  }
  return Value(std::make_shared<const Node>(
      Node{decltype(Node::data)(std::in_place_index<8>, Call{std::move(name), std::move(args)})}));
}

Value Value::concat(List parts) {
  // Flatten nested templates and merge adjacent literal text, so the result renders as one
  // flat interpolation.
  List flat;
  auto push = [&flat](const Value& part) {
    if (part.is_null()) return;
    if (part.kind() == Kind::kString && !flat.empty() && flat.back().kind() == Kind::kString) {
      flat.back() = string(flat.back().as_string() + part.as_string());
    } else {
      flat.push_back(part);
    }
  };
  for (const Value& part : parts) {
    if (part.kind() == Kind::kTemplate) {
      for (const Value& inner : part.as_template()) push(inner);
    } else {
      push(part);
    }
  }
  if (flat.empty()) return string("");
  if (flat.size() == 1 && flat[0].kind() == Kind::kString) return flat[0];
  return Value(std::make_shared<const Node>(
      Node{decltype(Node::data)(std::in_place_index<kTemplateIndex>, std::move(flat))}));
}

Value Value::raw(std::string expression) {
  return Value(std::make_shared<const Node>(
      Node{decltype(Node::data)(std::in_place_index<kRawIndex>, std::move(expression))}));
}

Value Value::from_json(const nlohmann::json& json) {
  switch (json.type()) {
    case nlohmann::json::value_t::null:
      return Value();
    case nlohmann::json::value_t::boolean:
      return boolean(json.get<bool>());
    case nlohmann::json::value_t::number_integer:
      return integer(json.get<std::int64_t>());
    case nlohmann::json::value_t::number_unsigned:
      return number(static_cast<double>(json.get<std::uint64_t>()));
    case nlohmann::json::value_t::number_float:
      return number(json.get<double>());
    case nlohmann::json::value_t::string:
      return string(json.get<std::string>());
    case nlohmann::json::value_t::array: {
      List items;
      items.reserve(json.size());
      for (const auto& item : json) items.push_back(from_json(item));
      return list(std::move(items));
    }
    case nlohmann::json::value_t::object: {
      Map entries;
      for (const auto& [key, item] : json.items()) entries.emplace(key, from_json(item));
      return map(std::move(entries));
    }
    default:
      throw Error(ErrorCategory::kConstruction,
                  "JSON value: binary JSON cannot become a Terraform value; use a string");
  }
}

Value::Kind Value::kind() const {
  switch (node_->data.index()) {
    case 0:
      return Kind::kNull;
    case 1:
      return Kind::kBool;
    case 2:
      return Kind::kInteger;
    case 3:
      return Kind::kNumber;
    case 4:
      return Kind::kString;
    case 5:
      return Kind::kList;
    case 6:
      return Kind::kMap;
    case 7:
      return Kind::kReference;
    case 8:
      return Kind::kCall;
    case kTemplateIndex:
      return Kind::kTemplate;
    default:
      return Kind::kRaw;
  }
}

bool Value::is_expression() const {
  Kind k = kind();
  return k == Kind::kReference || k == Kind::kCall || k == Kind::kTemplate || k == Kind::kRaw;
}

bool Value::contains_expression() const {
  if (is_expression()) return true;
  if (kind() == Kind::kList) {
    for (const Value& v : as_list()) {
      if (v.contains_expression()) return true;
    }
  } else if (kind() == Kind::kMap) {
    for (const auto& [key, v] : as_map()) {
      if (v.contains_expression()) return true;
    }
  }
  return false;
}

bool Value::as_bool() const {
  if (kind() != Kind::kBool) wrong_kind("bool");
  return std::get<1>(node_->data);
}

std::int64_t Value::as_integer() const {
  if (kind() != Kind::kInteger) wrong_kind("integer");
  return std::get<2>(node_->data);
}

double Value::as_number() const {
  if (kind() == Kind::kInteger) return static_cast<double>(std::get<2>(node_->data));
  if (kind() != Kind::kNumber) wrong_kind("number");
  return std::get<3>(node_->data);
}

const std::string& Value::as_string() const {
  if (kind() != Kind::kString) wrong_kind("string");
  return std::get<4>(node_->data);
}

const Value::List& Value::as_list() const {
  if (kind() != Kind::kList) wrong_kind("list");
  return std::get<5>(node_->data);
}

const Value::Map& Value::as_map() const {
  if (kind() != Kind::kMap) wrong_kind("map");
  return std::get<6>(node_->data);
}

const Value::Reference& Value::as_reference() const {
  if (kind() != Kind::kReference) wrong_kind("reference");
  return std::get<7>(node_->data);
}

const Value::Call& Value::as_call() const {
  if (kind() != Kind::kCall) wrong_kind("function call");
  return std::get<8>(node_->data);
}

const Value::List& Value::as_template() const {
  if (kind() != Kind::kTemplate) wrong_kind("template");
  return std::get<kTemplateIndex>(node_->data);
}

const std::string& Value::as_raw() const {
  if (kind() != Kind::kRaw) wrong_kind("raw expression");
  return std::get<kRawIndex>(node_->data);
}

Value Value::get(std::string attribute) const {
  if (kind() != Kind::kReference) {
    throw Error(ErrorCategory::kConstruction,
                fmt::format("attribute \"{}\": only references have attributes; reference the "
                            "element (element.attr(...)) instead of a literal",
                            attribute));
  }
  Reference ref = as_reference();
  ref.path.emplace_back(std::move(attribute));
  return Value(std::make_shared<const Node>(
      Node{decltype(Node::data)(std::in_place_index<7>, std::move(ref))}));
}

Value Value::at(std::int64_t index) const {
  if (kind() != Kind::kReference) {
    throw Error(ErrorCategory::kConstruction,
                fmt::format("index {}: only references can be indexed; index the literal list in "
                            "C++ instead",
                            index));
  }
  Reference ref = as_reference();
  ref.path.emplace_back(index);
  return Value(std::make_shared<const Node>(
      Node{decltype(Node::data)(std::in_place_index<7>, std::move(ref))}));
}

String operator+(const String& left, const String& right) {
  return String(Value::concat({left.value(), right.value()}));
}

String each_key() { return String(Value::root_reference("each.key")); }
Any each_value() { return Any(Value::root_reference("each.value")); }
Number count_index() { return Number(Value::root_reference("count.index")); }

namespace fn {
namespace {
Value call_of(const char* name, Value::List args) { return Value::call(name, std::move(args)); }
Value::List values_of(const std::vector<Any>& args) {
  Value::List out;
  out.reserve(args.size());
  for (const Any& a : args) out.push_back(a.value());
  return out;
}
}  // namespace

String jsonencode(const Any& value) { return String(call_of("jsonencode", {value.value()})); }
String join(const String& separator, const List<String>& list) {
  return String(call_of("join", {separator.value(), list.value()}));
}
String format(const String& spec, const std::vector<Any>& args) {
  Value::List all{spec.value()};
  for (const Any& a : args) all.push_back(a.value());
  return String(call_of("format", std::move(all)));
}
String lower(const String& text) { return String(call_of("lower", {text.value()})); }
String upper(const String& text) { return String(call_of("upper", {text.value()})); }
String replace(const String& text, const String& search, const String& replacement) {
  return String(call_of("replace", {text.value(), search.value(), replacement.value()}));
}
String substr(const String& text, const Number& offset, const Number& length) {
  return String(call_of("substr", {text.value(), offset.value(), length.value()}));
}
Any element(const Any& list, const Number& index) {
  return Any(call_of("element", {list.value(), index.value()}));
}
Any lookup(const Any& map, const String& key, const Any& fallback) {
  return Any(call_of("lookup", {map.value(), key.value(), fallback.value()}));
}
Number length(const Any& value) { return Number(call_of("length", {value.value()})); }
String tostring(const Any& value) { return String(call_of("tostring", {value.value()})); }
Number tonumber(const Any& value) { return Number(call_of("tonumber", {value.value()})); }
Any concat(const std::vector<Any>& lists) { return Any(call_of("concat", values_of(lists))); }
String filebase64sha256(const String& path) {
  return String(call_of("filebase64sha256", {path.value()}));
}
String sha256(const String& text) { return String(call_of("sha256", {text.value()})); }
String base64encode(const String& text) { return String(call_of("base64encode", {text.value()})); }
Any call(const std::string& name, const std::vector<Any>& args) {
  return Any(Value::call(name, values_of(args)));
}

}  // namespace fn
}  // namespace stackgen::core
