#include "stackgen/aws/policy.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "stackgen/core/element.h"
#include "stackgen/core/error.h"
#include "stackgen/core/fn.h"

namespace stackgen::aws {

namespace {

using core::Value;

bool is_lower_alnum_dash(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

bool is_action_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '*' ||
         c == '?';
}

std::string join_quoted(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items)
    out += fmt::format("{}\"{}\"", out.empty() ? "" : ", ", item);
  return out;
}

[[noreturn]] void reject(const PolicyStatement& s, const std::string& problem) {
  throw core::Error(
      core::ErrorCategory::kUsage,
      fmt::format("policy statement with actions [{}]: {}", join_quoted(s.actions), problem));
}

void check_action(const PolicyStatement& s, const std::string& action) {
  std::size_t colon = action.find(':');
  if (action == "*" || (colon != std::string::npos && action.substr(colon + 1) == "*")) {
    reject(s, fmt::format("action \"{}\" grants every action{}; name the actions the grantee "
                          "needs",
                          action, colon == std::string::npos ? "" : " of its service"));
  }
  bool service_ok =
      colon != std::string::npos && colon > 0 &&
      std::all_of(action.begin(), action.begin() + static_cast<long>(colon), is_lower_alnum_dash);
  bool name_ok =
      colon != std::string::npos && colon + 1 < action.size() &&
      std::all_of(action.begin() + static_cast<long>(colon) + 1, action.end(), is_action_char);
  if (!service_ok || !name_ok) {
    reject(s, fmt::format("action \"{}\" is not of the form \"service:ActionName\"; write it "
                          "like \"logs:PutLogEvents\"",
                          action));
  }
}

void check_statement(const PolicyStatement& s) {
  if (s.actions.empty()) reject(s, "no actions; list at least one action");
  for (const std::string& action : s.actions) check_action(s, action);
  for (char c : s.sid) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum) {
      reject(s, fmt::format("sid \"{}\" contains \"{}\"; a statement id may only use letters and "
                            "digits",
                            s.sid, c));
    }
  }
  std::set<std::pair<std::string, std::string>> seen;
  for (const PolicyCondition& c : s.conditions) {
    if (c.test.empty() || c.variable.empty() || c.values.empty()) {
      reject(s, fmt::format("condition \"{}\" on \"{}\" needs an operator, a key and at least one "
                            "value; set .test, .variable and .values",
                            c.test, c.variable));
    }
    if (!seen.emplace(c.test, c.variable).second) {
      reject(s, fmt::format("condition \"{}\" on \"{}\" appears twice; put all its values in one "
                            "PolicyCondition",
                            c.test, c.variable));
    }
  }
}

// Sorts by canonical text and drops repeats.
void normalize_values(std::vector<core::String>& values) {
  std::vector<std::pair<std::string, core::String>> keyed;
  for (const core::String& v : values) keyed.emplace_back(canonical_text(v.value()), v);
  std::stable_sort(keyed.begin(), keyed.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  keyed.erase(std::unique(keyed.begin(), keyed.end(),
                          [](const auto& a, const auto& b) { return a.first == b.first; }),
              keyed.end());
  values.clear();
  for (auto& [key, v] : keyed) values.push_back(std::move(v));
}

void normalize(PolicyStatement& s) {
  std::sort(s.actions.begin(), s.actions.end());
  s.actions.erase(std::unique(s.actions.begin(), s.actions.end()), s.actions.end());
  normalize_values(s.resources);
  for (auto& [type, principals] : s.principals) normalize_values(principals);
  for (PolicyCondition& c : s.conditions) normalize_values(c.values);
  std::sort(s.conditions.begin(), s.conditions.end(),
            [](const PolicyCondition& a, const PolicyCondition& b) {
              return std::tie(a.test, a.variable) < std::tie(b.test, b.variable);
            });
}

std::string texts(const std::vector<core::String>& values) {
  std::string out = "[";
  for (const core::String& v : values) out += canonical_text(v.value()) + ",";
  return out + "]";
}

// The sid leads, so statements sort by sid; the rest makes equal statements equal keys.
std::string statement_key(const PolicyStatement& s) {
  std::string key = s.sid + '\x1f' + (s.effect == Effect::kAllow ? "Allow" : "Deny") + '\x1f';
  for (const std::string& a : s.actions) key += a + ",";
  key += '\x1f' + texts(s.resources) + '\x1f';
  for (const auto& [type, principals] : s.principals) key += type + "=" + texts(principals);
  key += '\x1f';
  for (const PolicyCondition& c : s.conditions)
    key += c.test + ":" + c.variable + "=" + texts(c.values);
  return key;
}

Value strings(const std::vector<core::String>& values) {
  Value::List out;
  for (const core::String& v : values) out.push_back(v.value());
  return Value::list(std::move(out));
}

Value statement_value(const PolicyStatement& s) {
  Value::Map out;
  if (!s.sid.empty()) out["Sid"] = Value::string(s.sid);
  out["Effect"] = Value::string(s.effect == Effect::kAllow ? "Allow" : "Deny");
  Value::List actions;
  for (const std::string& a : s.actions) actions.push_back(Value::string(a));
  out["Action"] = Value::list(std::move(actions));
  if (!s.resources.empty()) out["Resource"] = strings(s.resources);
  if (!s.principals.empty()) {
    Value::Map principals;
    for (const auto& [type, values] : s.principals) principals[type] = strings(values);
    out["Principal"] = Value::map(std::move(principals));
  }
  if (!s.conditions.empty()) {
    Value::Map tests;
    for (const PolicyCondition& c : s.conditions) {
      Value::Map keys = tests.count(c.test) ? tests[c.test].as_map() : Value::Map{};
      keys[c.variable] = strings(c.values);
      tests[c.test] = Value::map(std::move(keys));
    }
    out["Condition"] = Value::map(std::move(tests));
  }
  return Value::map(std::move(out));
}

std::string path_text(const std::vector<core::PathStep>& path) {
  std::string out;
  for (const core::PathStep& step : path) {
    if (const auto* name = std::get_if<std::string>(&step)) {
      out += "." + *name;
    } else {
      out += fmt::format("[{}]", std::get<std::int64_t>(step));
    }
  }
  return out;
}

std::string list_text(const Value::List& items) {
  std::string out;
  for (const Value& item : items) {
    if (!out.empty()) out += ',';
    out += canonical_text(item);
  }
  return out;
}

}  // namespace

std::string canonical_text(const Value& value) {
  switch (value.kind()) {
    case Value::Kind::kNull:
      return "null";
    case Value::Kind::kBool:
      return value.as_bool() ? "true" : "false";
    case Value::Kind::kInteger:
      return std::to_string(value.as_integer());
    case Value::Kind::kNumber:
      return fmt::format("{}", value.as_number());
    case Value::Kind::kString:
      return nlohmann::json(value.as_string()).dump();
    case Value::Kind::kList:
      return "[" + list_text(value.as_list()) + "]";
    case Value::Kind::kMap: {
      std::string out;
      for (const auto& [key, item] : value.as_map()) {
        if (!out.empty()) out += ',';
        out += nlohmann::json(key).dump() + ":" + canonical_text(item);
      }
      return "{" + out + "}";
    }
    case Value::Kind::kReference: {
      const Value::Reference& ref = value.as_reference();
      return "ref(" + (ref.target != nullptr ? ref.target->path() : ref.root) +
             path_text(ref.path) + ")";
    }
    case Value::Kind::kCall:
      return "call(" + value.as_call().name + ":" + list_text(value.as_call().args) + ")";
    case Value::Kind::kTemplate:
      return "template(" + list_text(value.as_template()) + ")";
    case Value::Kind::kRaw:
      return "raw(" + value.as_raw() + ")";
  }
  return {};
}

bool PolicyDocument::add_statement(PolicyStatement statement) {
  check_statement(statement);
  normalize(statement);
  std::string key = statement_key(statement);
  if (std::find(keys_.begin(), keys_.end(), key) != keys_.end()) return false;
  if (!statement.sid.empty()) {
    for (const PolicyStatement& other : statements_) {
      if (other.sid != statement.sid) continue;
      throw core::Error(core::ErrorCategory::kConstruction,
                        fmt::format("policy statement sid \"{}\" is already used by a different "
                                    "statement of the same policy; give one of them another sid",
                                    statement.sid));
    }
  }
  auto at = std::upper_bound(keys_.begin(), keys_.end(), key);
  statements_.insert(statements_.begin() + (at - keys_.begin()), std::move(statement));
  keys_.insert(at, std::move(key));
  return true;
}

Value PolicyDocument::to_value() const {
  Value::List statements;
  for (const PolicyStatement& s : statements_) statements.push_back(statement_value(s));
  return Value::map({{"Statement", Value::list(std::move(statements))},
                     {"Version", Value::string("2012-10-17")}});
}

core::String PolicyDocument::to_json() const { return core::fn::jsonencode(core::Any(to_value())); }

}  // namespace stackgen::aws
