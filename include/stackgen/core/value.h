// Typed attribute values: literals, references, function calls and string templates.
//
// A value is a small immutable tree. Only the synthesizer turns it into Terraform JSON:
// literals become JSON literals (text escaped so Terraform reads it back unchanged),
// expressions become one `"${...}"` interpolation. Nothing is ever encoded in a string.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace stackgen::core {

class Element;

/// One step of a reference path: an attribute name or a list index.
using PathStep = std::variant<std::string, std::int64_t>;

/// An untyped attribute value.
///
/// Kinds: null (absent), bool, integer, number, string, list, map, and four expression
/// kinds: a reference (`aws_iam_role.fn.arn`, `var.x`, `each.value`), a function call
/// (`jsonencode(...)`), a template (text and expressions joined into one string) and raw
/// expression text (an escape hatch written verbatim).
///
///     Value tags = Value::map({{"team", Value::string("core")}});
///     Value arn = role.attr("arn");                      // ${aws_iam_role.role.arn}
///     Value call = Value::call("upper", {Value::string("a")});
///
/// Copies are cheap: the tree is shared and never modified.
class Value {
 public:
  enum class Kind {
    kNull,
    kBool,
    kInteger,
    kNumber,
    kString,
    kList,
    kMap,
    kReference,
    kCall,
    kTemplate,
    kRaw
  };

  using List = std::vector<Value>;
  using Map = std::map<std::string, Value, std::less<>>;

  /// A reference: a root (`var.x`, or an element's address) and a path below it.
  struct Reference {
    const Element* target = nullptr;  ///< The element referred to; null for var/each/count roots.
    std::string root;                 ///< Used when `target` is null: `var.name`, `each.value`.
    std::vector<PathStep> path;       ///< Attribute names and list indexes after the root.
  };
  struct Call {
    std::string name;
    List args;
  };

  /// The null value: an attribute set to it is not written at all.
  Value();

  static Value boolean(bool value);
  static Value integer(std::int64_t value);
  /// A number. Throws `Error` (construction) when `value` is NaN or infinite.
  static Value number(double value);
  static Value string(std::string value);
  static Value list(List items);
  static Value map(Map entries);
  /// A reference to attribute path `path` of `target` (a resource, data source, ...).
  static Value reference(const Element& target, std::vector<PathStep> path);
  /// A reference that starts at a Terraform root such as `var.name`, `local.x`, `each.value`.
  static Value root_reference(std::string root, std::vector<PathStep> path = {});
  /// A call of Terraform function `name` with `args`. Throws when `name` is not an identifier.
  static Value call(std::string name, List args);
  /// A string made of `parts` in order; string parts are literal text, others are interpolated.
  static Value concat(List parts);
  /// Expression text written verbatim inside `${...}`. Prefer typed values; this is the escape
  /// hatch for syntax stackgen does not model (for expressions, conditionals, splats).
  static Value raw(std::string expression);
  /// Converts JSON to a literal value (objects become maps, arrays lists).
  static Value from_json(const nlohmann::json& json);

  Kind kind() const;
  bool is_null() const { return kind() == Kind::kNull; }
  /// True for references, calls, templates and raw expressions.
  bool is_expression() const;
  /// True when this value or anything inside it is an expression.
  bool contains_expression() const;

  bool as_bool() const;
  std::int64_t as_integer() const;
  double as_number() const;
  const std::string& as_string() const;
  const List& as_list() const;
  const Map& as_map() const;
  const Reference& as_reference() const;
  const Call& as_call() const;
  const List& as_template() const;
  const std::string& as_raw() const;

  /// For a reference: the same reference one attribute deeper (`.name`).
  /// Throws `Error` (construction) for any other kind.
  Value get(std::string attribute) const;
  /// For a reference: the same reference indexed (`[index]`).
  Value at(std::int64_t index) const;

 private:
  struct Node;
  explicit Value(std::shared_ptr<const Node> node) : node_(std::move(node)) {}
  std::shared_ptr<const Node> node_;
};

// Typed wrappers. Each holds a `Value` that is known to be of one Terraform type, so a
// binding's field accepts a literal of that type or an expression typed the same way.

/// A Terraform string: a literal, or an expression that yields a string.
class String {
 public:
  /// Unset: the attribute is not written.
  String() = default;
  String(const char* text) : value_(Value::string(text)) {}
  String(std::string text) : value_(Value::string(std::move(text))) {}
  String(std::string_view text) : value_(Value::string(std::string(text))) {}
  /// Wraps an expression (or literal) that yields a string.
  explicit String(Value value) : value_(std::move(value)) {}

  const Value& value() const { return value_; }
  bool is_unset() const { return value_.is_null(); }

  /// Joins two strings into one template: `"arn:" + api.execution_arn() + "/*"`.
  friend String operator+(const String& left, const String& right);

 private:
  Value value_;
};

/// A Terraform number: an integer or finite floating value, or an expression.
class Number {
 public:
  Number() = default;
  template <class T>
  requires(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) Number(T number)
      : value_(std::is_integral_v<T> ? Value::integer(static_cast<std::int64_t>(number))
                                     : Value::number(static_cast<double>(number))) {}
  explicit Number(Value value) : value_(std::move(value)) {}

  const Value& value() const { return value_; }
  bool is_unset() const { return value_.is_null(); }

 private:
  Value value_;
};

/// A Terraform bool. Only `bool` converts implicitly (not pointers or numbers).
class Bool {
 public:
  Bool() = default;
  template <class T>
  requires std::is_same_v<T, bool> Bool(T flag) : value_(Value::boolean(flag)) {}
  explicit Bool(Value value) : value_(std::move(value)) {}

  const Value& value() const { return value_; }
  bool is_unset() const { return value_.is_null(); }

 private:
  Value value_;
};

template <class T>
class List;
template <class T>
class Map;

/// Any Terraform value (objects, dynamic values, or when the type is not known).
class Any {
 public:
  Any() = default;
  Any(Value value) : value_(std::move(value)) {}
  Any(const String& v) : value_(v.value()) {}
  Any(const Number& v) : value_(v.value()) {}
  Any(const Bool& v) : value_(v.value()) {}
  Any(const char* text) : value_(Value::string(text)) {}
  Any(std::string text) : value_(Value::string(std::move(text))) {}
  template <class T>
  Any(const List<T>& v) : value_(v.value()) {}
  template <class T>
  Any(const Map<T>& v) : value_(v.value()) {}

  const Value& value() const { return value_; }
  bool is_unset() const { return value_.is_null(); }

  /// For a reference: one attribute deeper. Throws for literals.
  Any get(std::string attribute) const { return Any(value_.get(std::move(attribute))); }
  /// For a reference: indexed. Throws for literals.
  Any at(std::int64_t index) const { return Any(value_.at(index)); }
  String as_string() const { return String(value_); }
  Number as_number() const { return Number(value_); }
  Bool as_bool() const { return Bool(value_); }

 private:
  Value value_;
};

/// A Terraform list or set of `T` (String, Number, Bool, Any, or nested List/Map).
template <class T>
class List {
 public:
  List() = default;
  List(std::initializer_list<T> items) : value_(to_value(items.begin(), items.end())) {}
  List(const std::vector<T>& items) : value_(to_value(items.begin(), items.end())) {}
  explicit List(Value value) : value_(std::move(value)) {}

  const Value& value() const { return value_; }
  bool is_unset() const { return value_.is_null(); }
  /// For a reference: the element at `index`.
  T at(std::int64_t index) const { return T(value_.at(index)); }

 private:
  template <class It>
  static Value to_value(It first, It last) {
    Value::List out;
    out.reserve(static_cast<std::size_t>(last - first));
    for (; first != last; ++first) out.push_back(first->value());
    return Value::list(std::move(out));
  }
  Value value_;
};

/// A Terraform map of `T` with string keys.
template <class T>
class Map {
 public:
  Map() = default;
  Map(std::initializer_list<std::pair<const std::string, T>> entries)
      : value_(to_value(entries.begin(), entries.end())) {}
  Map(const std::map<std::string, T>& entries) : value_(to_value(entries.begin(), entries.end())) {}
  explicit Map(Value value) : value_(std::move(value)) {}

  const Value& value() const { return value_; }
  bool is_unset() const { return value_.is_null(); }
  /// For a reference: the entry at `key`.
  T get(std::string key) const { return T(value_.get(std::move(key))); }

 private:
  template <class It>
  static Value to_value(It first, It last) {
    Value::Map out;
    for (; first != last; ++first) out.emplace(first->first, first->second.value());
    return Value::map(std::move(out));
  }
  Value value_;
};

/// `each.key` inside a resource that sets `for_each`.
String each_key();
/// `each.value` inside a resource that sets `for_each`.
Any each_value();
/// `count.index` inside a resource that sets `count`.
Number count_index();

}  // namespace stackgen::core
