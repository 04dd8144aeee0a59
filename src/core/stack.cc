#include "stackgen/core/stack.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "stackgen/core/app.h"
#include "stackgen/core/asset.h"
#include "stackgen/core/error.h"

namespace stackgen::core {

namespace {

bool is_stack_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) || c == '_' || c == '-';
  });
}

// Descends through `location` (creating objects) and returns the slot for the element.
nlohmann::json& slot(nlohmann::json& document, const std::vector<std::string>& location) {
  nlohmann::json* node = &document;
  for (const std::string& key : location) node = &(*node)[key];
  return *node;
}

std::string location_key(const Element& e) {
  std::string key;
  for (const std::string& part : e.location()) {
    key += part;
    key.push_back('\x1f');
  }
  if (auto* p = dynamic_cast<const Provider*>(&e)) key += p->alias().value_or("");
  return key;
}

std::string display_address(const Element& e) {
  if (auto* p = dynamic_cast<const Provider*>(&e)) return "provider " + p->provider_reference();
  std::vector<std::string> loc = e.location();
  if (loc.size() == 3 && loc[0] == "resource") return loc[1] + "." + loc[2];
  std::string out;
  for (const std::string& part : loc) out += (out.empty() ? "" : ".") + part;
  return out;
}

}  // namespace

Stack::Stack(Construct& scope, std::string id, StackConfig config)
    : Construct(scope, std::move(id)), config_(std::move(config)) {
  if (!is_stack_name(this->id())) {
    throw Error(ErrorCategory::kConstruction,
                fmt::format("stack name \"{}\": stack names become folder names and may only use "
                            "letters, digits, \"_\" and \"-\"; rename the stack",
                            this->id()));
  }
}

void Stack::add_required_provider(std::string name, ProviderRequirement requirement) {
  required_providers_[std::move(name)] = std::move(requirement);
}

void Stack::add_moved(std::string from, const Element& to) {
  moved_.push_back({std::move(from), &to});
}

void Stack::add_import(const Element& to, String id) { imports_.push_back({&to, std::move(id)}); }

std::vector<const Element*> Stack::elements() const {
  std::vector<const Element*> out;
  std::function<void(const Construct&)> visit = [&](const Construct& node) {
    for (const Construct* child : node.children()) {
      if (dynamic_cast<const Stack*>(child) != nullptr) continue;
      if (auto* e = dynamic_cast<const Element*>(child)) out.push_back(e);
      visit(*child);
    }
  };
  visit(*this);
  return out;
}

std::vector<const Asset*> Stack::assets() const {
  std::vector<const Asset*> out;
  std::function<void(const Construct&)> visit = [&](const Construct& node) {
    for (const Construct* child : node.children()) {
      if (dynamic_cast<const Stack*>(child) != nullptr) continue;
      if (auto* a = dynamic_cast<const Asset*>(child)) out.push_back(a);
      visit(*child);
    }
  };
  visit(*this);
  return out;
}

std::vector<std::string> Stack::validate() const {
  std::vector<std::string> errors = Construct::validate();
  std::unordered_map<std::string, const Element*> seen;
  const Backend* backend = nullptr;
  for (const Element* e : elements()) {
    if (auto* b = dynamic_cast<const Backend*>(e)) {
      if (backend != nullptr) {
        errors.push_back(
            fmt::format("backends \"{}\" and \"{}\": a stack has at most one "
                        "backend; remove one of them",
                        backend->path(), b->path()));
      }
      backend = b;
      continue;
    }
    auto [it, inserted] = seen.emplace(location_key(*e), e);
    if (!inserted) {
      errors.push_back(
          fmt::format("terraform name \"{}\" of \"{}\" is also used by \"{}\"; give "
                      "one of them another id or override_logical_id",
                      display_address(*e), e->path(), it->second->path()));
    }
  }
  std::unordered_map<std::string, const Asset*> asset_ids;
  for (const Asset* a : assets()) {
    auto [it, inserted] = asset_ids.emplace(a->relative_path(), a);
    if (!inserted && it->second->hash() != a->hash()) {
      errors.push_back(
          fmt::format("asset folder \"{}\" of \"{}\" is also used by \"{}\"; give "
                      "one of them another id",
                      a->relative_path(), a->path(), it->second->path()));
    }
  }
  return errors;
}

nlohmann::json Stack::render() const {
  nlohmann::json document = nlohmann::json::object();
  RenderContext context(*this);
  nlohmann::json paths = nlohmann::json::object();
  std::string backend_type = "local";

  for (const Element* e : elements()) {
    context.set_current(e);
    nlohmann::json body = e->render_with_overrides(context);
    paths[display_address(*e)] = e->path();
    if (auto* b = dynamic_cast<const Backend*>(e)) backend_type = b->backend_type();
    if (auto* p = dynamic_cast<const Provider*>(e)) {
      auto& requirement = document["terraform"]["required_providers"][p->provider_type()];
      requirement = {{"source", p->source()}, {"version", p->version()}};
    }
    if (e->appends_to_location()) {
      nlohmann::json& list = slot(document, e->location());
      if (!list.is_array()) list = nlohmann::json::array();
      list.push_back(std::move(body));
    } else {
      slot(document, e->location()) = std::move(body);
    }
  }
  context.set_current(nullptr);

  for (const auto& [name, req] : required_providers_) {
    document["terraform"]["required_providers"][name] = {{"source", req.source},
                                                         {"version", req.version}};
  }
  if (config_.required_version) {
    document["terraform"]["required_version"] = *config_.required_version;
  }
  for (const MovedBlock& m : moved_) {
    document["moved"].push_back(
        {{"from", m.from}, {"to", context.render_expression(Value::reference(*m.to, {}))}});
  }
  for (const ImportBlock& i : imports_) {
    document["import"].push_back({{"to", context.render_expression(Value::reference(*i.to, {}))},
                                  {"id", context.render(i.id.value())}});
  }
  document["//"] = {
      {"metadata", {{"backend", backend_type}, {"stackName", name()}, {"version", kVersion}}},
      {"paths", std::move(paths)}};

  if (!context.errors().empty()) {
    std::string message;
    for (const std::string& e : context.errors()) message += (message.empty() ? "" : "\n") + e;
    throw Error(ErrorCategory::kSynthesis, message);
  }
  return document;
}

// ---------------------------------------------------------------------------------------------

Backend::Backend(Construct& scope, std::string id, std::string type)
    : Element(scope, std::move(id)), type_(std::move(type)) {}

std::vector<std::string> Backend::location() const {
  if (type_ == "cloud") return {"terraform", "cloud"};
  return {"terraform", "backend", type_};
}

nlohmann::json Backend::render(RenderContext& context) const {
  nlohmann::json body = nlohmann::json::object();
  ObjectWriter writer(body, context);
  render_settings(writer);
  return body;
}

std::vector<std::string> Backend::validate() const { return Construct::validate(); }

LocalBackend::LocalBackend(Construct& scope, std::string id, LocalBackendConfig config)
    : Backend(scope, std::move(id), "local"), config_(std::move(config)) {}

void LocalBackend::render_settings(ObjectWriter& writer) const {
  if (config_.path) writer.attr("path", String(*config_.path));
  if (config_.workspace_dir) writer.attr("workspace_dir", String(*config_.workspace_dir));
}

S3Backend::S3Backend(Construct& scope, std::string id, S3BackendConfig config)
    : Backend(scope, std::move(id), "s3"), config_(std::move(config)) {
  for (auto [field, value] : {std::pair{"bucket", &config_.bucket}, std::pair{"key", &config_.key},
                              std::pair{"region", &config_.region}}) {
    if (value->empty()) {
      throw Error(ErrorCategory::kConstruction,
                  fmt::format("s3 backend \"{}\": required field \"{}\" is empty; set .{} in "
                              "S3BackendConfig",
                              path(), field, field));
    }
  }
}

void S3Backend::render_settings(ObjectWriter& w) const {
  w.attr("bucket", String(config_.bucket));
  w.attr("key", String(config_.key));
  w.attr("region", String(config_.region));
  if (config_.encrypt) w.attr("encrypt", Bool(*config_.encrypt));
  if (config_.use_lockfile) w.attr("use_lockfile", Bool(*config_.use_lockfile));
  if (config_.dynamodb_table) w.attr("dynamodb_table", String(*config_.dynamodb_table));
  if (config_.kms_key_id) w.attr("kms_key_id", String(*config_.kms_key_id));
  if (config_.profile) w.attr("profile", String(*config_.profile));
  if (config_.workspace_key_prefix) {
    w.attr("workspace_key_prefix", String(*config_.workspace_key_prefix));
  }
}

namespace {

void render_remote(ObjectWriter& w, const RemoteBackendConfig& c, bool cloud) {
  w.attr("organization", String(c.organization));
  if (c.hostname) w.attr("hostname", String(*c.hostname));
  Value::Map workspaces;
  if (c.workspaces.name) workspaces["name"] = Value::string(*c.workspaces.name);
  if (!cloud && c.workspaces.prefix) workspaces["prefix"] = Value::string(*c.workspaces.prefix);
  if (cloud && !c.workspaces.tags.empty()) {
    Value::List tags;
    for (const std::string& t : c.workspaces.tags) tags.push_back(Value::string(t));
    workspaces["tags"] = Value::list(std::move(tags));
  }
  if (cloud && c.workspaces.project) workspaces["project"] = Value::string(*c.workspaces.project);
  w.put("workspaces", Value::map(std::move(workspaces)));
}

void require_organization(const Construct& backend, const RemoteBackendConfig& c) {
  if (c.organization.empty()) {
    throw Error(ErrorCategory::kConstruction,
                fmt::format("backend \"{}\": required field \"organization\" is empty; set "
                            ".organization in RemoteBackendConfig",
                            backend.path()));
  }
  bool has_name = c.workspaces.name.has_value();
  bool has_other = c.workspaces.prefix.has_value() || !c.workspaces.tags.empty();
  if (has_name == has_other) {
    throw Error(ErrorCategory::kConstruction,
                fmt::format("backend \"{}\": workspaces needs exactly one of name or "
                            "prefix/tags; set one of them",
                            backend.path()));
  }
}

}  // namespace

RemoteBackend::RemoteBackend(Construct& scope, std::string id, RemoteBackendConfig config)
    : Backend(scope, std::move(id), "remote"), config_(std::move(config)) {
  require_organization(*this, config_);
}

void RemoteBackend::render_settings(ObjectWriter& writer) const {
  render_remote(writer, config_, false);
}

CloudBackend::CloudBackend(Construct& scope, std::string id, RemoteBackendConfig config)
    : Backend(scope, std::move(id), "cloud"), config_(std::move(config)) {
  require_organization(*this, config_);
}

void CloudBackend::render_settings(ObjectWriter& writer) const {
  render_remote(writer, config_, true);
}

}  // namespace stackgen::core
