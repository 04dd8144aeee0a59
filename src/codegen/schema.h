// The provider schema model the generator works on, read from the JSON of
// `terraform providers schema -json` and checked as a whole before anything is generated.
#pragma once

#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace stackgen::codegen::detail {

/// How a nested block (or nested attribute) repeats, as Terraform names it.
enum class Nesting { kSingle, kGroup, kList, kSet, kMap };

/// The C++ side of a Terraform type: `core::String`, `core::List<core::Number>`, ...
struct CppType {
  /// The field type, e.g. `core::Map<core::String>`.
  std::string spelling;
  /// The reference accessor of core::Resource that yields it, e.g. `map_attr<core::String>`.
  std::string accessor;
};

/// One attribute of a block.
struct Attribute {
  std::string name;
  CppType type;
  bool required = false;
  bool optional = false;
  bool computed = false;
  bool deprecated = false;
  bool sensitive = false;
  bool write_only = false;
  std::string description;

  /// True for arguments (required or optional), false for purely computed attributes.
  bool is_argument() const { return required || optional; }
};

struct Block;

/// A nested block type of a block (`block_types.<name>`).
struct BlockType {
  std::string name;
  Nesting nesting = Nesting::kList;
  std::size_t min_items = 0;
  std::size_t max_items = 0;  ///< 0: unbounded.
  std::vector<Block> block;   ///< Exactly one element (a vector because Block is incomplete here).

  const Block& body() const { return block.front(); }
  /// True when the block is held as one `std::optional` (single, group, or at most one item).
  bool is_single() const {
    return nesting == Nesting::kSingle || nesting == Nesting::kGroup || max_items == 1;
  }
};

/// A block: attributes and nested block types, each sorted by name.
struct Block {
  std::vector<Attribute> attributes;
  std::vector<BlockType> block_types;
  std::string description;
  bool deprecated = false;
};

/// A resource or data source schema.
struct TypeSchema {
  std::string name;  ///< e.g. `aws_lambda_function`.
  Block block;
};

/// Everything the schema says about one provider.
struct ProviderSchema {
  std::string address;  ///< e.g. `registry.terraform.io/hashicorp/aws`.
  std::string source;   ///< e.g. `hashicorp/aws` (the registry host is dropped).
  std::string name;     ///< Local name, e.g. `aws`.
  Block provider;
  std::vector<TypeSchema> resources;     ///< Sorted by name.
  std::vector<TypeSchema> data_sources;  ///< Sorted by name.
};

/// Reads and checks the whole document. Throws `core::Error` (usage) naming `origin`, the
/// JSON path of the first problem, what was expected and how to fix it.
std::vector<ProviderSchema> parse_schema(const nlohmann::json& document, std::string_view origin);

}  // namespace stackgen::codegen::detail
