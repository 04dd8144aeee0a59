#include "schema.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "stackgen/core/error.h"

namespace stackgen::codegen::detail {

namespace {

using nlohmann::json;

constexpr const char* kFix = "pass the output of terraform providers schema -json";

bool is_plain_key(std::string_view key) {
  if (key.empty() || std::isdigit(static_cast<unsigned char>(key[0]))) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

// Paths read like jq filters without the leading dot: a.b["c/d"].e
std::string child(const std::string& path, std::string_view key) {
  if (is_plain_key(key)) return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
  return fmt::format("{}[{}]", path, json(std::string(key)).dump());
}

std::string child(const std::string& path, std::size_t index) {
  return fmt::format("{}[{}]", path, index);
}

const char* kind_name(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "an array";
    case json::value_t::string:
      return "a string";
    case json::value_t::boolean:
      return "a bool";
    case json::value_t::discarded:
      return "nothing";
    default:
      return "a number";
  }
}

class Parser {
 public:
  explicit Parser(std::string_view origin) : origin_(origin) {}

  [[noreturn]] void fail(const std::string& path, std::string_view problem) const {
    throw core::Error(
        core::ErrorCategory::kUsage,
        fmt::format("{}: {} {}; {}", origin_, path.empty() ? "the document" : path, problem, kFix));
  }

  const json& member(const json& object, const std::string& path, std::string_view key) const {
    auto it = object.find(key);
    if (it == object.end()) fail(child(path, key), "is missing");
    return *it;
  }

  void expect(const json& value, const std::string& path, json::value_t type,
              std::string_view wanted) const {
    bool ok = value.type() == type ||
              (type == json::value_t::number_integer && value.is_number_unsigned());
    if (!ok) fail(path, fmt::format("is {}, not {}", kind_name(value), wanted));
  }

  bool flag(const json& object, const std::string& path, std::string_view key) const {
    auto it = object.find(key);
    if (it == object.end()) return false;
    expect(*it, child(path, key), json::value_t::boolean, "a bool");
    return it->get<bool>();
  }

  std::string text(const json& object, const std::string& path, std::string_view key) const {
    auto it = object.find(key);
    if (it == object.end()) return {};
    expect(*it, child(path, key), json::value_t::string, "a string");
    return it->get<std::string>();
  }

  std::size_t count(const json& object, const std::string& path, std::string_view key) const {
    auto it = object.find(key);
    if (it == object.end()) return 0;
    std::string at = child(path, key);
    if (!it->is_number_integer() || it->get<std::int64_t>() < 0) {
      fail(at, fmt::format("is {}, not a whole number of at least 0", kind_name(*it)));
    }
    return it->get<std::size_t>();
  }

  // Type expressions: "string", ["list", T], ["object", {...}], ["tuple", [...]], ...
  CppType type(const json& t, const std::string& path) const {
    if (t.is_string()) {
      const auto& name = t.get_ref<const std::string&>();
      if (name == "string") return {"core::String", "string_attr"};
      if (name == "number") return {"core::Number", "number_attr"};
      if (name == "bool") return {"core::Bool", "bool_attr"};
      if (name == "dynamic") return {"core::Any", "any_attr"};
      fail(path, fmt::format("names type \"{}\"; expected string, number, bool or dynamic", name));
    }
    if (!t.is_array() || t.size() != 2 || !t[0].is_string()) {
      fail(path,
           "is not a type: expected a name or a two-item array such as [\"list\", \"string\"]");
    }
    const auto& kind = t[0].get_ref<const std::string&>();
    if (kind == "list" || kind == "set" || kind == "map") {
      CppType element = type(t[1], child(path, 1));
      const char* wrapper = kind == "map" ? "core::Map" : "core::List";
      const char* accessor = kind == "map" ? "map_attr" : "list_attr";
      return {fmt::format("{}<{}>", wrapper, element.spelling),
              fmt::format("{}<{}>", accessor, element.spelling)};
    }
    if (kind == "object") {
      expect(t[1], child(path, 1), json::value_t::object, "an object of attribute types");
      for (const auto& [name, inner] : t[1].items()) type(inner, child(child(path, 1), name));
      return {"core::Any", "any_attr"};
    }
    if (kind == "tuple") {
      expect(t[1], child(path, 1), json::value_t::array, "an array of element types");
      for (std::size_t i = 0; i < t[1].size(); ++i) type(t[1][i], child(child(path, 1), i));
      return {"core::Any", "any_attr"};
    }
    fail(child(path, 0), fmt::format("names collection kind \"{}\"; expected list, set, map, "
                                     "object or tuple",
                                     kind));
  }

  Nesting nesting(const json& object, const std::string& path) const {
    const json& mode = member(object, path, "nesting_mode");
    std::string at = child(path, "nesting_mode");
    expect(mode, at, json::value_t::string, "a string");
    const auto& name = mode.get_ref<const std::string&>();
    if (name == "single") return Nesting::kSingle;
    if (name == "group") return Nesting::kGroup;
    if (name == "list") return Nesting::kList;
    if (name == "set") return Nesting::kSet;
    if (name == "map") return Nesting::kMap;
    fail(at, fmt::format("is \"{}\"; expected single, group, list, set or map", name));
  }

  // Attributes with `nested_type` (protocol 6) are written as plain values: an object, or a
  // list, set or map of objects.
  CppType nested_type(const json& nested, const std::string& path) const {
    expect(nested, path, json::value_t::object, "an object");
    Nesting mode = nesting(nested, path);
    block(nested, path);  // Checks the nested attributes.
    if (mode == Nesting::kList || mode == Nesting::kSet) {
      return {"core::List<core::Any>", "list_attr<core::Any>"};
    }
    if (mode == Nesting::kMap) return {"core::Map<core::Any>", "map_attr<core::Any>"};
    return {"core::Any", "any_attr"};
  }

  Attribute attribute(const std::string& name, const json& a, const std::string& path) const {
    expect(a, path, json::value_t::object, "an object");
    Attribute out;
    out.name = name;
    bool has_type = a.contains("type");
    bool has_nested = a.contains("nested_type");
    if (has_type == has_nested) fail(path, "must have exactly one of \"type\" and \"nested_type\"");
    out.type = has_type ? type(a["type"], child(path, "type"))
                        : nested_type(a["nested_type"], child(path, "nested_type"));
    out.required = flag(a, path, "required");
    out.optional = flag(a, path, "optional");
    out.computed = flag(a, path, "computed");
    out.deprecated = flag(a, path, "deprecated");
    out.sensitive = flag(a, path, "sensitive");
    out.write_only = flag(a, path, "write_only");
    out.description = text(a, path, "description");
    if (!out.required && !out.optional && !out.computed) {
      fail(path, "is neither required, optional nor computed");
    }
    if (out.required && (out.optional || out.computed)) {
      fail(path, "is required and also optional or computed; only one may hold");
    }
    return out;
  }

  Block block(const json& b, const std::string& path) const {
    expect(b, path, json::value_t::object, "an object");
    Block out;
    out.description = text(b, path, "description");
    out.deprecated = flag(b, path, "deprecated");
    if (auto it = b.find("attributes"); it != b.end()) {
      std::string at = child(path, "attributes");
      expect(*it, at, json::value_t::object, "an object");
      for (const auto& [name, a] : it->items()) {
        check_name(name, child(at, name));
        out.attributes.push_back(attribute(name, a, child(at, name)));
      }
    }
    if (auto it = b.find("block_types"); it != b.end()) {
      std::string at = child(path, "block_types");
      expect(*it, at, json::value_t::object, "an object");
      for (const auto& [name, bt] : it->items()) {
        std::string here = child(at, name);
        check_name(name, here);
        if (std::any_of(out.attributes.begin(), out.attributes.end(),
                        [&](const Attribute& a) { return a.name == name; })) {
          fail(here, "has the name of an attribute of the same block; names must be unique");
        }
        out.block_types.push_back(block_type(name, bt, here));
      }
    }
    return out;
  }

  BlockType block_type(const std::string& name, const json& bt, const std::string& path) const {
    expect(bt, path, json::value_t::object, "an object");
    BlockType out;
    out.name = name;
    out.nesting = nesting(bt, path);
    out.min_items = count(bt, path, "min_items");
    out.max_items = count(bt, path, "max_items");
    if (out.max_items != 0 && out.min_items > out.max_items) {
      fail(path, fmt::format("has min_items {} above max_items {}", out.min_items, out.max_items));
    }
    out.block.push_back(block(member(bt, path, "block"), child(path, "block")));
    return out;
  }

  void check_name(std::string_view name, const std::string& path) const {
    auto ok = [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
    };
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])) ||
        !std::all_of(name.begin(), name.end(), ok)) {
      fail(path, "is not a Terraform name: names match [A-Za-z_][A-Za-z0-9_-]*");
    }
  }

  std::vector<TypeSchema> types(const json& provider, const std::string& path,
                                std::string_view key) const {
    std::vector<TypeSchema> out;
    auto it = provider.find(key);
    if (it == provider.end()) return out;
    std::string at = child(path, key);
    expect(*it, at, json::value_t::object, "an object");
    for (const auto& [name, schema] : it->items()) {
      std::string here = child(at, name);
      check_name(name, here);
      expect(schema, here, json::value_t::object, "an object");
      out.push_back({name, block(member(schema, here, "block"), child(here, "block"))});
    }
    return out;
  }

  // The plugin SDK lists an optional, computed `id` in the schema of every resource it serves,
  // but rejects it in configuration ("Invalid or unknown key"): it is only an attribute.
  static void drop_sdk_id_argument(std::vector<TypeSchema>& resources) {
    for (TypeSchema& r : resources) {
      for (Attribute& a : r.block.attributes) {
        if (a.name == "id" && a.optional && a.computed) a.optional = false;
      }
    }
  }

  ProviderSchema provider(const std::string& address, const json& p,
                          const std::string& path) const {
    expect(p, path, json::value_t::object, "an object");
    ProviderSchema out;
    out.address = address;
    std::vector<std::string> parts;
    for (std::size_t start = 0;;) {
      std::size_t slash = address.find('/', start);
      parts.push_back(address.substr(start, slash - start));
      if (slash == std::string::npos) break;
      start = slash + 1;
    }
    if (parts.size() < 2 || parts.size() > 3 ||
        std::any_of(parts.begin(), parts.end(), [](const std::string& s) { return s.empty(); })) {
      fail(path, "is not a provider address such as registry.terraform.io/hashicorp/aws");
    }
    out.name = parts.back();
    check_name(out.name, path);
    bool registry = parts.size() == 3 && parts[0] == "registry.terraform.io";
    out.source =
        registry || parts.size() == 2 ? parts[parts.size() - 2] + "/" + parts.back() : address;
    const json& config = member(p, path, "provider");
    std::string at = child(path, "provider");
    expect(config, at, json::value_t::object, "an object");
    out.provider = block(member(config, at, "block"), child(at, "block"));
    out.resources = types(p, path, "resource_schemas");
    drop_sdk_id_argument(out.resources);
    out.data_sources = types(p, path, "data_source_schemas");
    return out;
  }

 private:
  std::string_view origin_;
};

}  // namespace

std::vector<ProviderSchema> parse_schema(const json& document, std::string_view origin) {
  Parser parser(origin);
  parser.expect(document, "", json::value_t::object, "an object");
  const json& providers = parser.member(document, "", "provider_schemas");
  parser.expect(providers, "provider_schemas", json::value_t::object, "an object");
  if (providers.empty()) parser.fail("provider_schemas", "is empty");
  std::vector<ProviderSchema> out;
  for (const auto& [address, p] : providers.items()) {
    out.push_back(parser.provider(address, p, child("provider_schemas", address)));
  }
  return out;
}

}  // namespace stackgen::codegen::detail
