// How Terraform names become C++ names (the rules are documented in generator.h).
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "schema.h"

namespace stackgen::codegen::detail {

/// True for the C++20 keywords, the alternative tokens (`and`, `not`, ...) and `import` and
/// `module`, which start module declarations.
bool is_cpp_keyword(std::string_view name);

/// `lambda_function` -> `LambdaFunction`; `-` also separates words.
std::string pascal_case(std::string_view name);

/// Hands out names that are unique within one scope: the first claim of a name gets it,
/// later claims get the name with a suffix.
class NameScope {
 public:
  /// Marks `name` as taken without claiming a variant of it.
  void reserve(std::string name) { taken_.insert(std::move(name)); }
  bool is_taken(const std::string& name) const { return taken_.count(name) != 0; }
  /// `base` if free, else `base + suffix`, else `base + suffix + "2"`, "3", ...
  std::string claim(const std::string& base, std::string_view suffix);
  /// `base` if free, else `base + separator + "2"`, "3", ...
  std::string claim_numbered(const std::string& base, std::string_view separator);

 private:
  std::set<std::string> taken_;
};

/// The C++ field name of Terraform name `name` in a struct whose members are in `fields`:
/// `-` becomes `_`; a keyword, a name in `reserved` or the namespaces the generated code
/// names (`core`, `std`, `stackgen`) gets a trailing `_`; a name still taken gets `_2`, ...
std::string member_name(std::string_view name, const std::set<std::string, std::less<>>& reserved,
                        NameScope& fields);

/// Type and file names of everything one provider schema defines, independent of which
/// types are selected, so a header is the same whatever else is generated with it.
struct ProviderNames {
  struct TypeNames {
    std::string class_name;   ///< `LambdaFunction`, `DataAwsRegion`, `AwsProvider`.
    std::string config_name;  ///< `LambdaFunctionConfig`.
    std::string file_name;    ///< `lambda_function.h`, `data_aws_region.h`, `provider.h`.
  };
  TypeNames provider;
  std::map<std::string, TypeNames> resources;
  std::map<std::string, TypeNames> data_sources;
  /// The struct of every nested block type of every block, by address.
  std::map<const BlockType*, std::string> blocks;
};

/// Names everything in `schema`. Rules, in order of precedence:
/// 1. the provider class (`AwsProvider`), then resources (`LambdaFunction`, the type without
///    the provider's prefix) and data sources (`DataAwsRegion`, the whole type after `Data`),
///    each with its `...Config`; a clash among these adds `2`, `3`, ...;
/// 2. nested block structs, owner name + block name (`LambdaFunctionVpcConfig`), visited
///    provider first, then resources, then data sources, blocks by name, depth first; a
///    struct name already taken gets `Block`, then `Block2`, ...; children use the final name.
ProviderNames name_provider(const ProviderSchema& schema);

}  // namespace stackgen::codegen::detail
