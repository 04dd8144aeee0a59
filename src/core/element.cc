#include "stackgen/core/element.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "stackgen/core/error.h"
#include "stackgen/core/hash.h"
#include "stackgen/core/stack.h"

namespace stackgen::core {

namespace {

bool is_name_char(char c) {
  auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || c == '-';
}

bool is_valid_name(std::string_view name) {
  if (name.empty()) return false;
  auto head = static_cast<unsigned char>(name[0]);
  if (!(std::isalpha(head) || head == '_')) return false;
  return std::all_of(name.begin(), name.end(), is_name_char);
}

// Splits an override path at unescaped dots; `\.` is a dot inside a key.
std::vector<std::string> split_override_path(std::string_view path) {
  std::vector<std::string> parts(1);
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '\\' && i + 1 < path.size() && path[i + 1] == '.') {
      parts.back().push_back('.');
      ++i;
    } else if (path[i] == '.') {
      parts.emplace_back();
    } else {
      parts.back().push_back(path[i]);
    }
  }
  return parts;
}

std::optional<std::size_t> as_index(const std::string& segment) {
  if (segment.empty() || segment.size() > 9) return std::nullopt;
  if (!std::all_of(segment.begin(), segment.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  return static_cast<std::size_t>(std::stoul(segment));
}

// Objects merge key by key; anything else replaces.
void merge_into(nlohmann::json& target, const nlohmann::json& value) {
  if (!target.is_object() || !value.is_object()) {
    target = value;
    return;
  }
  for (const auto& [key, item] : value.items()) merge_into(target[key], item);
}

}  // namespace

std::string make_logical_id(std::string_view path_below_stack) {
  std::string joined;
  joined.reserve(path_below_stack.size() + 10);
  bool changed = false;
  std::size_t parts = 1;
  for (char c : path_below_stack) {
    if (c == '/') {
      joined.push_back('_');
      ++parts;
    } else if (is_name_char(c)) {
      joined.push_back(c);
    } else {
      joined.push_back('_');
      changed = true;
    }
  }
  bool bad_start =
      joined.empty() || !(std::isalpha(static_cast<unsigned char>(joined[0])) || joined[0] == '_');
  if (parts == 1 && !changed && !bad_start) return joined;
  std::string name = bad_start ? "_" + joined : joined;
  name.push_back('_');
  name += to_hex(sha256(path_below_stack)).substr(0, 8);
  return name;
}

Element::Element(Construct& scope, std::string id) : Construct(scope, std::move(id)) {
  stack();  // Throws when the element is outside a stack.
}

const std::string& Element::logical_id() const {
  if (logical_override_) return *logical_override_;
  if (logical_cache_.empty()) {
    const std::string& stack_path = stack().path();
    std::string_view below = std::string_view(path()).substr(stack_path.size() + 1);
    logical_cache_ = make_logical_id(below);
  }
  return logical_cache_;
}

void Element::override_logical_id(std::string name) {
  if (!is_valid_name(name)) {
    throw Error(ErrorCategory::kConstruction,
                fmt::format("logical id \"{}\" for \"{}\": Terraform names must match "
                            "[A-Za-z_][A-Za-z0-9_-]*; choose a name of that form",
                            name, path()));
  }
  logical_override_ = std::move(name);
}

void Element::add_override(std::string path, Value value) {
  overrides_.push_back({std::move(path), std::move(value)});
}

void Element::add_deletion_override(std::string path) {
  overrides_.push_back({std::move(path), std::nullopt});
}

nlohmann::json Element::render_with_overrides(RenderContext& context) const {
  nlohmann::json body = render(context);
  for (const Override& o : overrides_) {
    std::vector<std::string> segments = split_override_path(o.path);
    nlohmann::json* node = &body;
    bool ok = true;
    for (std::size_t i = 0; ok && i + 1 < segments.size(); ++i) {
      const std::string& seg = segments[i];
      if (node->is_array()) {
        auto index = as_index(seg);
        if (!index || *index >= node->size()) {
          if (!o.value) {
            ok = false;
            break;
          }  // Deleting below a missing element: nothing to do.
          context.add_error(fmt::format(
              "override \"{}\": segment \"{}\" must index the existing list of {} items; use an "
              "index from 0 to {} or override the whole list",
              o.path, seg, node->size(), node->size() == 0 ? 0 : node->size() - 1));
          ok = false;
          break;
        }
        node = &(*node)[*index];
      } else {
        if (!node->is_object()) {
          if (!o.value) {
            ok = false;
            break;
          }
          *node = nlohmann::json::object();
        } else if (!node->contains(seg) && !o.value) {
          ok = false;
          break;
        }
        node = &(*node)[seg];
      }
    }
    if (!ok) continue;
    const std::string& last = segments.back();
    if (!o.value) {
      if (node->is_object()) {
        node->erase(last);
      } else if (node->is_array()) {
        auto index = as_index(last);
        if (index && *index < node->size()) node->erase(*index);
      }
      continue;
    }
    nlohmann::json rendered = context.render(*o.value);
    if (node->is_array()) {
      auto index = as_index(last);
      if (!index || *index >= node->size()) {
        context.add_error(fmt::format(
            "override \"{}\": segment \"{}\" must index the existing list of {} items; use an "
            "index in range or override the whole list",
            o.path, last, node->size()));
        continue;
      }
      merge_into((*node)[*index], rendered);
      continue;
    }
    if (!node->is_object()) *node = nlohmann::json::object();
    merge_into((*node)[last], rendered);
  }
  return body;
}

// ---------------------------------------------------------------------------------------------

Resource::Resource(Construct& scope, std::string id, std::string type, ResourceMeta meta, bool data)
    : Element(scope, std::move(id)), type_(std::move(type)), meta_(std::move(meta)), data_(data) {}

void Resource::add_depends_on(const Element& element) {
  if (std::find(meta_.depends_on.begin(), meta_.depends_on.end(), &element) ==
      meta_.depends_on.end()) {
    meta_.depends_on.push_back(&element);
  }
}

std::vector<std::string> Resource::location() const {
  return {data_ ? "data" : "resource", type_, logical_id()};
}

std::string Resource::reference_root() const {
  return data_ ? "data." + type_ + "." + logical_id() : type_ + "." + logical_id();
}

void Resource::throw_missing(std::string_view field, std::string_view config_type) const {
  throw Error(ErrorCategory::kConstruction,
              fmt::format("{} \"{}\": required argument \"{}\" is not set; set .{} in {}", type_,
                          path(), field, field, config_type));
}

namespace {

nlohmann::json render_addresses(RenderContext& context, const std::vector<const Element*>& list) {
  nlohmann::json out = nlohmann::json::array();
  for (const Element* e : list) out.push_back(context.render_expression(Value::reference(*e, {})));
  return out;
}

}  // namespace

nlohmann::json Resource::render(RenderContext& context) const {
  nlohmann::json body = nlohmann::json::object();
  ObjectWriter writer(body, context);
  render_attributes(writer);
  if (!meta_.depends_on.empty()) body["depends_on"] = render_addresses(context, meta_.depends_on);
  if (meta_.count) writer.attr("count", *meta_.count);
  if (meta_.for_each) writer.attr("for_each", *meta_.for_each);
  if (meta_.provider != nullptr) body["provider"] = meta_.provider->provider_reference();
  if (meta_.lifecycle) {
    const Lifecycle& l = *meta_.lifecycle;
    nlohmann::json lifecycle = nlohmann::json::object();
    if (l.create_before_destroy) lifecycle["create_before_destroy"] = *l.create_before_destroy;
    if (l.prevent_destroy) lifecycle["prevent_destroy"] = *l.prevent_destroy;
    if (!l.ignore_changes.empty()) {
      // `all` is a keyword, not a list, in Terraform's JSON syntax.
      if (l.ignore_changes.size() == 1 && l.ignore_changes[0] == "all") {
        lifecycle["ignore_changes"] = "all";
      } else {
        lifecycle["ignore_changes"] = l.ignore_changes;
      }
    }
    if (!l.replace_triggered_by.empty()) {
      nlohmann::json triggers = nlohmann::json::array();
      for (const Value& v : l.replace_triggered_by)
        triggers.push_back(context.render_expression(v));
      lifecycle["replace_triggered_by"] = std::move(triggers);
    }
    if (!lifecycle.empty()) body["lifecycle"] = std::move(lifecycle);
  }
  return body;
}

// ---------------------------------------------------------------------------------------------

Provider::Provider(Construct& scope, std::string id, std::string type, std::string source,
                   std::string version, std::optional<std::string> alias)
    : Element(scope, std::move(id)),
      type_(std::move(type)),
      source_(std::move(source)),
      version_(std::move(version)),
      alias_(std::move(alias)) {
  if (alias_ && !is_valid_name(*alias_)) {
    throw Error(ErrorCategory::kConstruction,
                fmt::format("provider alias \"{}\" for \"{}\": aliases must match "
                            "[A-Za-z_][A-Za-z0-9_-]*; choose a name of that form",
                            *alias_, path()));
  }
}

std::string Provider::provider_reference() const { return alias_ ? type_ + "." + *alias_ : type_; }

nlohmann::json Provider::render(RenderContext& context) const {
  nlohmann::json body = nlohmann::json::object();
  ObjectWriter writer(body, context);
  render_attributes(writer);
  if (alias_) body["alias"] = *alias_;
  return body;
}

// ---------------------------------------------------------------------------------------------

Output::Output(Construct& scope, std::string id, OutputConfig config)
    : Element(scope, std::move(id)), config_(std::move(config)) {
  if (config_.value.is_unset()) {
    throw Error(ErrorCategory::kConstruction,
                fmt::format("output \"{}\": required field \"value\" is not set; set .value in "
                            "OutputConfig",
                            path()));
  }
}

std::string Output::reference_root() const { return "output." + logical_id(); }

nlohmann::json Output::render(RenderContext& context) const {
  nlohmann::json body = nlohmann::json::object();
  body["value"] = context.render(config_.value.value());
  if (config_.description)
    body["description"] = context.render(Value::string(*config_.description));
  if (config_.sensitive) body["sensitive"] = *config_.sensitive;
  if (!config_.depends_on.empty())
    body["depends_on"] = render_addresses(context, config_.depends_on);
  return body;
}

Variable::Variable(Construct& scope, std::string id, VariableConfig config)
    : Element(scope, std::move(id)), config_(std::move(config)) {}

nlohmann::json Variable::render(RenderContext& context) const {
  nlohmann::json body = nlohmann::json::object();
  // JSON syntax takes the type constraint as plain text: "list(string)".
  if (config_.type) body["type"] = *config_.type;
  if (config_.default_value) body["default"] = context.render(*config_.default_value);
  if (config_.description)
    body["description"] = context.render(Value::string(*config_.description));
  if (config_.sensitive) body["sensitive"] = *config_.sensitive;
  if (config_.nullable) body["nullable"] = *config_.nullable;
  if (config_.ephemeral) body["ephemeral"] = *config_.ephemeral;
  if (!config_.validation.empty()) {
    nlohmann::json list = nlohmann::json::array();
    for (const VariableValidation& v : config_.validation) {
      nlohmann::json item = nlohmann::json::object();
      item["condition"] = context.render(v.condition);
      item["error_message"] = context.render(Value::string(v.error_message));
      list.push_back(std::move(item));
    }
    body["validation"] = std::move(list);
  }
  return body;
}

Local::Local(Construct& scope, std::string id, Any value)
    : Element(scope, std::move(id)), value_(std::move(value)) {}

nlohmann::json Local::render(RenderContext& context) const {
  return context.render(value_.value());
}

}  // namespace stackgen::core
