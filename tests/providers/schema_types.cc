#include "schema_types.h"

#include <set>

namespace stackgen::testing {

namespace {

using nlohmann::json;

const std::set<std::string> kMetaArguments = {"count", "depends_on", "for_each", "lifecycle",
                                              "provider"};

class Checker {
 public:
  SchemaCheck result;

  void block(const json& body, const json& schema, const std::string& path,
             const std::set<std::string>& skip) {
    if (!body.is_object()) return problem(path, "is not an object");
    const json attributes = schema.value("attributes", json::object());
    const json blocks = schema.value("block_types", json::object());
    for (const auto& [key, value] : body.items()) {
      std::string at = path + "." + key;
      if (skip.count(key) != 0) continue;
      if (attributes.contains(key)) {
        ++result.values;
        check_value(value, attributes[key]["type"], at);
      } else if (blocks.contains(key)) {
        nested(value, blocks[key], at);
      } else {
        problem(at, "is not in the schema");
      }
    }
  }

 private:
  void problem(const std::string& path, const std::string& what) {
    result.problems.push_back(path + ": " + what);
  }

  static bool is_interpolation(const json& value) {
    if (!value.is_string()) return false;
    const auto& text = value.get_ref<const std::string&>();
    return text.size() > 3 && text.rfind("${", 0) == 0 && text.back() == '}';
  }

  void nested(const json& value, const json& block_type, const std::string& path) {
    std::string mode = block_type["nesting_mode"];
    const json& schema = block_type["block"];
    if (mode == "single" || mode == "group") return block(value, schema, path, {});
    if (mode == "map") {
      if (!value.is_object()) return problem(path, "is not an object of blocks");
      for (const auto& [key, item] : value.items()) block(item, schema, path + "." + key, {});
      return;
    }
    if (!value.is_array()) return problem(path, "is not an array of blocks");
    for (std::size_t i = 0; i < value.size(); ++i) {
      block(value[i], schema, path + "[" + std::to_string(i) + "]", {});
    }
  }

  void check_value(const json& value, const json& type, const std::string& path) {
    if (type == "dynamic" || (type != "string" && is_interpolation(value))) return;
    if (type == "string") {
      if (!value.is_string()) problem(path, "is " + value.dump() + ", not a string");
    } else if (type == "number") {
      if (!value.is_number()) problem(path, "is " + value.dump() + ", not a number");
    } else if (type == "bool") {
      if (!value.is_boolean()) problem(path, "is " + value.dump() + ", not a bool");
    } else if (type[0] == "list" || type[0] == "set") {
      if (!value.is_array()) return problem(path, "is " + value.dump() + ", not an array");
      for (std::size_t i = 0; i < value.size(); ++i) {
        check_value(value[i], type[1], path + "[" + std::to_string(i) + "]");
      }
    } else if (type[0] == "map") {
      if (!value.is_object()) return problem(path, "is " + value.dump() + ", not an object");
      for (const auto& [key, item] : value.items()) check_value(item, type[1], path + "." + key);
    } else if (type[0] == "object") {
      if (!value.is_object()) return problem(path, "is " + value.dump() + ", not an object");
      for (const auto& [key, item] : value.items()) {
        if (!type[1].contains(key))
          problem(path + "." + key, "is not in the object type");
        else
          check_value(item, type[1][key], path + "." + key);
      }
    } else if (type[0] == "tuple" && !value.is_array()) {
      problem(path, "is " + value.dump() + ", not an array");
    }
  }
};

}  // namespace

SchemaCheck check_against_schema(const json& document, const json& schema) {
  const json& provider = schema["provider_schemas"].begin().value();
  Checker checker;
  const std::pair<std::string, std::string> kinds[] = {{"resource", "resource_schemas"},
                                                       {"data", "data_source_schemas"}};
  for (const auto& [kind, key] : kinds) {
    const json& schemas = provider[key];
    const json elements = document.value(kind, json::object());
    for (const auto& [type, instances] : elements.items()) {
      std::string path = kind + "." + type;
      if (!schemas.contains(type)) {
        checker.result.problems.push_back(path + ": is not a type of the provider");
        continue;
      }
      for (const auto& [name, body] : instances.items()) {
        checker.block(body, schemas[type]["block"], path + "." + name, kMetaArguments);
      }
    }
  }
  const json providers = document.value("provider", json::object());
  for (const auto& [name, configs] : providers.items()) {
    for (std::size_t i = 0; i < configs.size(); ++i) {
      checker.block(configs[i], provider["provider"]["block"],
                    "provider." + name + "[" + std::to_string(i) + "]", {"alias"});
    }
  }
  return checker.result;
}

}  // namespace stackgen::testing
