#include "naming.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <iterator>

namespace stackgen::codegen::detail {

namespace {

// Sorted (checked below), for binary search.
// clang-format off
constexpr std::string_view kKeywords[] = {
    "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break",
    "case", "catch", "char", "char16_t", "char32_t", "char8_t", "class", "co_await", "co_return",
    "co_yield", "compl", "concept", "const", "const_cast", "consteval", "constexpr", "constinit",
    "continue", "decltype", "default", "delete", "do", "double", "dynamic_cast", "else", "enum",
    "explicit", "export", "extern", "false", "float", "for", "friend", "goto", "if", "import",
    "inline", "int", "long", "module", "mutable", "namespace", "new", "noexcept", "not", "not_eq",
    "nullptr", "operator", "or", "or_eq", "private", "protected", "public", "register",
    "reinterpret_cast", "requires", "return", "short", "signed", "sizeof", "static",
    "static_assert", "static_cast", "struct", "switch", "template", "this", "thread_local", "throw",
    "true", "try", "typedef", "typeid", "typename", "union", "unsigned", "using", "virtual", "void",
    "volatile", "wchar_t", "while", "xor", "xor_eq",
};
// clang-format on
static_assert(std::is_sorted(std::begin(kKeywords), std::end(kKeywords)));

// Namespaces the generated code names from inside structs and classes.
constexpr std::array<std::string_view, 3> kNamespaces = {"core", "stackgen", "std"};

std::string identifier(std::string_view name) {
  std::string out(name);
  std::replace(out.begin(), out.end(), '-', '_');
  return out;
}

void name_blocks(const Block& block, const std::string& owner, NameScope& scope,
                 std::map<const BlockType*, std::string>& out) {
  for (const BlockType& bt : block.block_types) {
    std::string name = scope.claim(owner + pascal_case(bt.name), "Block");
    out.emplace(&bt, name);
    name_blocks(bt.body(), name, scope, out);
  }
}

}  // namespace

bool is_cpp_keyword(std::string_view name) {
  return std::binary_search(std::begin(kKeywords), std::end(kKeywords), name);
}

std::string pascal_case(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool start = true;
  for (char c : name) {
    if (c == '_' || c == '-') {
      start = true;
      continue;
    }
    out.push_back(start ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c);
    start = false;
  }
  return out;
}

std::string NameScope::claim(const std::string& base, std::string_view suffix) {
  std::string name = base;
  for (int n = 1; taken_.count(name) != 0; ++n) {
    name = base + std::string(suffix) + (n == 1 ? std::string() : std::to_string(n));
  }
  taken_.insert(name);
  return name;
}

std::string NameScope::claim_numbered(const std::string& base, std::string_view separator) {
  // `x_` continues as `x_2`, never `x__2`: identifiers holding `__` are reserved.
  std::string stem = base.ends_with(separator) ? base : base + std::string(separator);
  std::string name = base;
  for (int n = 2; taken_.count(name) != 0; ++n) name = stem + std::to_string(n);
  taken_.insert(name);
  return name;
}

std::string member_name(std::string_view name, const std::set<std::string, std::less<>>& reserved,
                        NameScope& fields) {
  std::string id = identifier(name);
  bool escape = is_cpp_keyword(id) || reserved.count(id) != 0 ||
                std::find(kNamespaces.begin(), kNamespaces.end(), id) != kNamespaces.end();
  if (escape) id.push_back('_');
  return fields.claim_numbered(id, "_");
}

ProviderNames name_provider(const ProviderSchema& schema) {
  ProviderNames names;
  NameScope types;
  NameScope files;
  std::string prefix = schema.name + "_";
  auto claim_type = [&](const std::string& base, std::string file) {
    std::string name = base;
    for (int n = 2; types.is_taken(name) || types.is_taken(name + "Config"); ++n) {
      name = base + std::to_string(n);
    }
    types.reserve(name);
    types.reserve(name + "Config");
    return ProviderNames::TypeNames{name, name + "Config", files.claim_numbered(file, "_") + ".h"};
  };
  auto short_name = [&](const std::string& type) {
    return type.rfind(prefix, 0) == 0 && type.size() > prefix.size() ? type.substr(prefix.size())
                                                                     : type;
  };

  names.provider = claim_type(pascal_case(schema.name) + "Provider", "provider");
  for (const TypeSchema& r : schema.resources) {
    std::string base = short_name(r.name);
    names.resources.emplace(r.name, claim_type(pascal_case(base), identifier(base)));
  }
  for (const TypeSchema& d : schema.data_sources) {
    names.data_sources.emplace(
        d.name, claim_type("Data" + pascal_case(d.name), "data_" + identifier(short_name(d.name))));
  }

  name_blocks(schema.provider, names.provider.class_name, types, names.blocks);
  for (const TypeSchema& r : schema.resources) {
    name_blocks(r.block, names.resources.at(r.name).class_name, types, names.blocks);
  }
  for (const TypeSchema& d : schema.data_sources) {
    name_blocks(d.block, names.data_sources.at(d.name).class_name, types, names.blocks);
  }
  return names;
}

}  // namespace stackgen::codegen::detail
