#include "emit.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <vector>

namespace stackgen::codegen::detail {

namespace {

constexpr std::size_t kWidth = 100;

using Reserved = std::set<std::string, std::less<>>;

// Public and protected members of core::Construct, core::Element and core::Resource, and the
// binding's own members: an accessor of that name would hide or clash with them.
// clang-format off
const Reserved kResourceMembers = {
    "add", "add_aspect", "add_deletion_override", "add_depends_on", "add_error", "add_info",
    "add_override", "add_validation", "add_warning", "address", "annotations", "any_attr",
    "appends_to_location", "aspects", "attr", "bool_attr", "children", "config", "find_child", "id",
    "is_data", "kTerraformType", "list_attr", "location", "logical_id", "map_attr", "meta",
    "number_attr", "override_logical_id", "path", "reference_root", "render", "render_attributes",
    "render_with_overrides", "require", "root", "scope", "set_context", "set_provider", "settings_",
    "stack", "string_attr", "terraform_type", "try_find_child", "try_get_context", "try_stack",
    "validate",
};
// clang-format on

// Names a field may not take in each kind of struct.
const Reserved kConfigReserved = {"meta"};
const Reserved kProviderReserved = {"alias"};
const Reserved kBlockReserved = {"render"};

// Collapses `text` to one paragraph: whitespace runs become one space, control characters go,
// and no backslash is left at the end (a comment line ending in one would continue).
std::string normalize(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      space = !out.empty();
      continue;
    }
    if (u < 0x20 || u == 0x7f) continue;
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  while (!out.empty() && (out.back() == '\\' || out.back() == ' ')) out.pop_back();
  return out;
}

// A word after which a line may not end: `\` or `??/` there would join the next line.
bool joins_next(std::string_view word) {
  return !word.empty() && (word.back() == '\\' || word.ends_with("?\?/"));
}

// Appends `text` as `///` lines wrapped at kWidth.
void doc(std::string& out, std::string_view indent, std::string_view text) {
  std::string prefix = std::string(indent) + "///";
  std::string line = prefix;
  bool empty = true;
  bool must_join = false;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view word = text.substr(start, end - start);
    start = end + 1;
    if (!empty && !must_join && line.size() + 1 + word.size() > kWidth) {
      out += line + "\n";
      line = prefix;
      empty = true;
    }
    line += " ";
    line += word;
    empty = false;
    must_join = joins_next(word);
  }
  out += line + "\n";
}

// A C++ string literal.
std::string literal(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out + "\"";
}

// `head(a, b, c)tail`, on one line when it fits, else with the arguments on continuation lines.
std::string call(std::string_view indent, std::string_view head,
                 const std::vector<std::string>& args, std::string_view tail) {
  std::string joined;
  for (const std::string& a : args) joined += (joined.empty() ? "" : ", ") + a;
  std::string one = fmt::format("{}{}({}){}", indent, head, joined, tail);
  if (one.size() <= kWidth) return one + "\n";
  std::string inner = std::string(indent) + "    ";
  std::string out = fmt::format("{}{}(\n", indent, head);
  std::string line = inner;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string piece = args[i] + (i + 1 < args.size() ? "," : "");
    if (line.size() > inner.size() && line.size() + 1 + piece.size() > kWidth) {
      out += line + "\n";
      line = inner;
    }
    line += (line.size() > inner.size() ? " " : "") + piece;
  }
  return out + line + ")" + std::string(tail) + "\n";
}

std::string quoted(std::string_view name) { return fmt::format("`{}`", name); }

// One member of a generated struct: an argument or a nested block.
struct Field {
  const Attribute* attribute = nullptr;
  const BlockType* block = nullptr;
  std::string name;  // Terraform name.
  std::string cpp;   // C++ member name.
};

std::vector<Field> fields_of(const Block& block, const Reserved& reserved) {
  std::vector<Field> out;
  NameScope scope;
  for (const Attribute& a : block.attributes) {
    if (a.is_argument()) out.push_back({&a, nullptr, a.name, member_name(a.name, reserved, scope)});
  }
  for (const BlockType& bt : block.block_types) {
    out.push_back({nullptr, &bt, bt.name, member_name(bt.name, reserved, scope)});
  }
  return out;
}

bool has_count_rule(const BlockType& bt) {
  return !bt.is_single() && (bt.min_items > 1 || bt.max_items > 0);
}

std::string attribute_note(const Attribute& a) {
  std::string note = a.required   ? "Required."
                     : a.computed ? "Optional; computed when unset."
                                  : "Optional.";
  if (a.sensitive) note += " Sensitive.";
  if (a.write_only) note += " Write-only: never stored in state.";
  if (a.deprecated) note += " Deprecated.";
  return note;
}

std::string block_note(const BlockType& bt) {
  std::string shape;
  if (bt.nesting == Nesting::kSingle || bt.nesting == Nesting::kGroup) {
    shape = "Block";
  } else if (bt.max_items == 1) {
    shape = "Block, at most one";
  } else {
    shape = bt.nesting == Nesting::kMap   ? "Blocks keyed by label"
            : bt.nesting == Nesting::kSet ? "Set of blocks"
                                          : "List of blocks";
    if (bt.min_items > 1) shape += fmt::format(", at least {}", bt.min_items);
    if (bt.max_items > 0) shape += fmt::format(", at most {}", bt.max_items);
  }
  std::string note = shape + (bt.min_items > 0 ? ". Required." : ". Optional.");
  if (bt.body().deprecated) note += " Deprecated.";
  return note;
}

class HeaderWriter {
 public:
  HeaderWriter(const EmitContext& context, const TypeSchema* type, bool data)
      : context_(context), type_(type), data_(data) {}

  std::string write() {
    const ProviderSchema& schema = *context_.schema;
    const Block& top = type_ != nullptr ? type_->block : schema.provider;
    const auto& names = type_ == nullptr ? context_.names->provider
                        : data_          ? context_.names->data_sources.at(type_->name)
                                         : context_.names->resources.at(type_->name);
    class_name_ = names.class_name;
    config_name_ = names.config_name;
    label_ = type_ != nullptr ? type_->name : schema.name + " provider";

    for (const BlockType& bt : top.block_types) find_shared(bt);
    std::string body;
    for (const BlockType& bt : top.block_types) write_structs(bt, label_, body);
    write_config(top, body);
    write_class(top, body);

    std::string definitions;
    for (const BlockType& bt : top.block_types) write_checks(bt, definitions);
    std::string members;
    for (const std::string& name : destructors_) {
      members += fmt::format("inline {}::~{}() = default;\n\n", name, name);
    }
    for (const BlockType& bt : top.block_types) write_renders(bt, members);
    write_members(top, members);

    std::string out = preamble();
    if (deprecated_) {
      // The implicit copy, move and destructor of a struct with a deprecated member warn at
      // the struct, so the region covers the structs too. Warnings depend on where a member
      // is named, so users who name one still get theirs.
      out += "// The generated code names deprecated members; code that names them still warns.\n";
      out += "#pragma GCC diagnostic push\n";
      out += "#pragma GCC diagnostic ignored \"-Wdeprecated-declarations\"\n\n";
    }
    out += fmt::format("namespace stackgen::providers::{} {{\n\n", schema.name);
    out += body;
    out += fmt::format("}}  // namespace stackgen::providers::{}\n\n", schema.name);
    if (!definitions.empty()) {
      out += "namespace stackgen::providers::detail {\n\n" + definitions;
      out += "}  // namespace stackgen::providers::detail\n\n";
    }
    out += fmt::format("namespace stackgen::providers::{} {{\n\n", schema.name) + members;
    out += fmt::format("}}  // namespace stackgen::providers::{}\n", schema.name);
    if (deprecated_) out += "\n#pragma GCC diagnostic pop\n";
    return out;
  }

 private:
  std::string preamble() const {
    const ProviderSchema& schema = *context_.schema;
    std::string command = "stackgen get";
    if (!context_.schema_file.empty()) command += " --schema " + context_.schema_file;
    if (type_ == nullptr) {
      command += fmt::format(" --type provider --provider-version '{}'", context_.version);
    } else {
      command += fmt::format(" --type {}{}", data_ ? "data." : "", type_->name);
    }
    return fmt::format(
        "// Generated by `stackgen get` from the {} provider schema; do not edit.\n"
        "// Regenerate: {}\n"
        "#pragma once\n\n"
        "#include <cstddef>\n#include <map>\n#include <optional>\n#include <string>\n"
        "#include <utility>\n#include <vector>\n\n"
        "#include \"stackgen/core/element.h\"\n"
        "#include \"stackgen/providers/binding.h\"\n\n",
        schema.source, command);
  }

  const std::string& struct_name(const BlockType& bt) const {
    return context_.names->blocks.at(&bt);
  }

  std::string field_type(const Field& f) const {
    if (f.attribute != nullptr) {
      return f.attribute->required ? f.attribute->type.spelling
                                   : fmt::format("std::optional<{}>", f.attribute->type.spelling);
    }
    const std::string& name = struct_name(*f.block);
    if (f.block->is_single()) return fmt::format("std::optional<{}>", name);
    if (f.block->nesting == Nesting::kMap) return fmt::format("std::map<std::string, {}>", name);
    return fmt::format("std::vector<{}>", name);
  }

  // The compiler's warning names the member; the message says where to look.
  std::string deprecation(std::string_view owner, std::string_view description) const {
    std::string text = normalize(description);
    if (text.empty()) {
      text = fmt::format("see the {} documentation of {} for its replacement",
                         context_.schema->source, owner);
    }
    return fmt::format("[[deprecated({})]]", literal(text));
  }

  // Returns whether a field is deprecated.
  bool write_fields(const std::vector<Field>& fields, std::string& out) {
    bool any_deprecated = false;
    for (const Field& f : fields) {
      const Block* body = f.block != nullptr ? &f.block->body() : nullptr;
      std::string description =
          normalize(f.attribute != nullptr ? f.attribute->description : body->description);
      std::string note =
          f.attribute != nullptr ? attribute_note(*f.attribute) : block_note(*f.block);
      doc(out, "  ", description.empty() ? note : description + " " + note);
      bool deprecated = f.attribute != nullptr ? f.attribute->deprecated : body->deprecated;
      if (deprecated) {
        deprecated_ = any_deprecated = true;
        // The resource, not the block path: structs are shared between paths.
        out += "  " + deprecation(label_, f.attribute != nullptr ? f.attribute->description : "") +
               "\n";
      }
      out += fmt::format("  {} {}{{}};\n", field_type(f), f.cpp);
    }
    return any_deprecated;
  }

  // GCC warns about a deprecated member wherever a temporary of its struct is destroyed, even
  // where nobody names the member; a destructor defined inside the silenced region keeps
  // those warnings out of users' code. The struct stays an aggregate (it loses its implicit
  // moves, and copies instead).
  void write_destructor(const std::string& name, std::string& out) {
    out +=
        "  /// Defined out of line so that destroying one does not warn about deprecated "
        "members.\n";
    out += fmt::format("  ~{}();\n", name);
    destructors_.push_back(name);
  }

  // Blocks of one type whose bodies are the same, nested blocks included, share one struct:
  // the first in depth-first order; the others' names become aliases of it. Large schemas
  // repeat a few block shapes thousands of times (aws_quicksight_dashboard: 8620 blocks, 424
  // shapes), and GCC's compile time grows with the square of distinct std::optional types.
  void find_shared(const BlockType& bt) {
    for (const BlockType& child : bt.body().block_types) find_shared(child);
    std::string key = bt.body().deprecated ? "D|" : "|";
    key += bt.body().description + "\n";
    for (const Attribute& a : bt.body().attributes) {
      key +=
          fmt::format("a|{}|{}|{}{}{}{}{}{}|{}\n", a.name, a.type.spelling, a.required, a.optional,
                      a.computed, a.deprecated, a.sensitive, a.write_only, a.description);
    }
    for (const BlockType& child : bt.body().block_types) {
      key += fmt::format("b|{}|{}|{}|{}|{}\n", child.name, static_cast<int>(child.nesting),
                         child.min_items, child.max_items, struct_name(*canonical_.at(&child)));
    }
    canonical_.emplace(&bt, shapes_.emplace(std::move(key), &bt).first->second);
  }

  bool is_canonical(const BlockType& bt) const { return canonical_.at(&bt) == &bt; }

  // Structs of `bt` and everything below it, innermost first.
  void write_structs(const BlockType& bt, const std::string& owner_path, std::string& out) {
    std::string path = owner_path + "." + bt.name;
    for (const BlockType& child : bt.body().block_types) write_structs(child, path, out);
    if (!is_canonical(bt)) {
      const std::string& same = struct_name(*canonical_.at(&bt));
      doc(out, "",
          fmt::format("The {} block of {}: the same as `{}`.", quoted(bt.name), quoted(owner_path),
                      same));
      out += fmt::format("using {} = {};\n\n", struct_name(bt), same);
      return;
    }
    std::string description = normalize(bt.body().description);
    doc(out, "",
        fmt::format("The {} block of {}.{}", quoted(bt.name), quoted(owner_path),
                    description.empty() ? "" : " " + description));
    out += fmt::format("struct {} {{\n", struct_name(bt));
    bool deprecated = write_fields(fields_of(bt.body(), kBlockReserved), out);
    out += "\n  /// Writes the block's arguments and nested blocks.\n";
    out += "  void render(core::ObjectWriter& writer) const;\n";
    if (deprecated) write_destructor(struct_name(bt), out);
    out += "};\n\n";
  }

  void write_config(const Block& top, std::string& out) {
    std::string what = type_ == nullptr ? fmt::format("the {} provider", context_.schema->name)
                       : data_          ? fmt::format("the {} data source", quoted(type_->name))
                                        : fmt::format("the {} resource", quoted(type_->name));
    doc(out, "", fmt::format("Arguments of {}, set with designated initializers.", what));
    out += fmt::format("struct {} {{\n", config_name_);
    bool deprecated =
        write_fields(fields_of(top, type_ == nullptr ? kProviderReserved : kConfigReserved), out);
    if (type_ == nullptr) {
      out += "  /// The alias of an additional configuration, which resources select with\n";
      out += "  /// `meta.provider`. Default: none (the default configuration).\n";
      out += "  std::optional<std::string> alias{};\n";
    } else {
      out += "  /// Meta-arguments: depends_on, count, for_each, provider, lifecycle.\n";
      out += "  core::ResourceMeta meta{};\n";
    }
    if (deprecated) {
      out += "\n";
      write_destructor(config_name_, out);
    }
    out += "};\n\n";
  }

  bool has_required(const Block& top) const {
    auto required_attr = [](const Attribute& a) { return a.required; };
    auto required_block = [](const BlockType& bt) { return bt.min_items > 0; };
    return std::any_of(top.attributes.begin(), top.attributes.end(), required_attr) ||
           std::any_of(top.block_types.begin(), top.block_types.end(), required_block);
  }

  std::string example(const Block& top) const {
    std::vector<std::string> required;
    for (const Field& f : fields_of(top, type_ == nullptr ? kProviderReserved : kConfigReserved)) {
      bool needed = f.attribute != nullptr ? f.attribute->required : f.block->min_items > 0;
      if (needed) required.push_back(fmt::format(".{} = ...", f.cpp));
    }
    std::string id = type_ == nullptr ? context_.schema->name : "name";
    if (required.empty()) return fmt::format("stack.add<{}>(\"{}\");", class_name_, id);
    std::string list;
    for (const std::string& r : required) list += (list.empty() ? "" : ", ") + r;
    return fmt::format("stack.add<{}>(\"{}\", {}{{{}}});", class_name_, id, config_name_, list);
  }

  void write_class(const Block& top, std::string& out) {
    const ProviderSchema& schema = *context_.schema;
    std::string what = type_ == nullptr ? fmt::format("The {} provider configuration.", schema.name)
                       : data_          ? fmt::format("The {} data source.", quoted(type_->name))
                                        : fmt::format("The {} resource.", quoted(type_->name));
    std::string description = normalize(top.description);
    doc(out, "", description.empty() ? what : what + " " + description);
    out += "///\n";
    std::string code = "///     " + example(top);
    std::size_t brace = code.find('{');
    if (code.size() > kWidth && brace != std::string::npos) {
      code = code.substr(0, brace + 1) + "\n///         " + code.substr(brace + 1);
    }
    out += code + "\n";
    if (type_ != nullptr) {
      out += "///\n/// Accessors return typed references to its attributes for other resources.\n";
    }
    std::string base = type_ == nullptr ? "core::Provider" : "core::Resource";
    std::string attributes;
    if (top.deprecated) {
      deprecated_ = true;
      attributes = deprecation(label_, top.description) + " ";
    }
    out += fmt::format("class {}{} : public {} {{\n public:\n", attributes, class_name_, base);
    if (type_ == nullptr) {
      out += fmt::format("  /// The provider source address (`required_providers.{}.source`).\n",
                         schema.name);
      out += fmt::format("  static constexpr const char* kSource = {};\n", literal(schema.source));
      out += fmt::format(
          "  /// The version constraint the binding was generated for "
          "(`required_providers.{}.version`).\n",
          schema.name);
      out += fmt::format("  static constexpr const char* kVersion = {};\n\n",
                         literal(context_.version));
    } else {
      out += fmt::format("  /// The Terraform {} type.\n", data_ ? "data source" : "resource");
      out += fmt::format("  static constexpr const char* kTerraformType = {};\n\n",
                         literal(type_->name));
    }
    doc(out, "  ",
        "Creates it in `scope`. Throws `core::Error` (construction) naming the first required "
        "argument or block that is not set.");
    std::string config = config_name_ + " config" + (has_required(top) ? "" : " = {}");
    out += call("  ", class_name_, {"core::Construct& scope", "std::string id", config}, ";");
    out += "\n  /// The arguments it was created with.\n";
    out += fmt::format("  const {}& config() const {{ return settings_; }}\n", config_name_);
    if (type_ != nullptr) write_accessors(top, out);
    out += "\n protected:\n";
    out += "  void render_attributes(core::ObjectWriter& writer) const override;\n\n";
    out += fmt::format(" private:\n  {} settings_;\n}};\n\n", config_name_);
  }

  void write_accessors(const Block& top, std::string& out) {
    NameScope scope;
    for (const std::string& name : kResourceMembers) scope.reserve(name);
    auto accessor = [&](const std::string& name, const std::string& type, const std::string& getter,
                        const std::string& description, bool deprecated, std::string_view reason) {
      std::string cpp = name == "id" ? scope.claim_numbered("tf_id", "_")
                                     : member_name(name, kResourceMembers, scope);
      std::string text = fmt::format("A reference to {}.", quoted(name));
      if (!description.empty()) text += " " + description;
      out += "\n";
      doc(out, "  ", text);
      if (deprecated) out += "  " + deprecation(label_, reason) + "\n";
      std::string one =
          fmt::format("  {} {}() const {{ return {}(\"{}\"); }}", type, cpp, getter, name);
      if (one.size() <= kWidth) {
        out += one + "\n";
      } else {
        out += fmt::format("  {} {}() const {{\n    return {}(\"{}\");\n  }}\n", type, cpp, getter,
                           name);
      }
    };
    for (const Attribute& a : top.attributes) {
      // Arguments are documented on the config field; computed ones only here.
      std::string description = a.is_argument() ? "" : normalize(a.description);
      if (!a.is_argument()) description += description.empty() ? "Computed." : " Computed.";
      accessor(a.name, a.type.spelling, a.type.accessor, description, a.deprecated, a.description);
    }
    for (const BlockType& bt : top.block_types) {
      accessor(bt.name, "core::Any", "any_attr", "The block as written, or as computed.",
               bt.body().deprecated, "");
    }
  }

  bool needs_check(const BlockType& bt) {
    auto it = checked_.find(&bt);
    if (it != checked_.end()) return it->second;
    const Block& body = bt.body();
    bool needed = std::any_of(body.attributes.begin(), body.attributes.end(),
                              [](const Attribute& a) { return a.required; });
    for (const BlockType& child : body.block_types) {
      bool below = needs_check(child);  // Visit all, so every result is cached.
      needed = needed || below || child.min_items > 0 || has_count_rule(child);
    }
    checked_[&bt] = needed;
    return needed;
  }

  // Checks of the fields of one struct. `ns` qualifies helper names ("" inside the detail
  // namespace), `self` is the object expression, `at` the path expression.
  std::string field_checks(const std::vector<Field>& fields, const std::string& config,
                           const std::string& ns, const std::string& self, const std::string& at,
                           bool core_require) {
    std::string out;
    for (const Field& f : fields) {
      std::string value = self + f.cpp;
      std::string name = literal(f.cpp);
      bool required = f.attribute != nullptr ? f.attribute->required
                                             : f.block->min_items > 0 && !has_count_rule(*f.block);
      if (required && core_require) {
        out += call("  ", "require", {value, name, literal(config)}, ";");
      } else if (required) {
        out += call("  ", ns + "require", {value, "owner", at, name, literal(config)}, ";");
        uses_owner_ = true;
      }
      if (f.block == nullptr) continue;
      const BlockType& bt = *f.block;
      if (has_count_rule(bt)) {
        out += call("  ", ns + "require_count",
                    {value, "owner", at, name, literal(config), std::to_string(bt.min_items),
                     std::to_string(bt.max_items)},
                    ";");
      }
      if (has_count_rule(bt) || needs_check(bt)) uses_owner_ = true;
      if (!needs_check(bt)) continue;
      if (bt.is_single()) {
        // At the top, `at` is empty and the path is the field name itself.
        std::string path = at == "\"\"" ? name : fmt::format("{}join({}, {})", ns, at, name);
        out += fmt::format("  if ({}) {{\n", value);
        out += call("    ", ns + "check", {"*" + value, "owner", path}, ";");
        out += "  }\n";
      } else if (bt.nesting == Nesting::kMap) {
        out += fmt::format("  for (const auto& [key, entry] : {}) {{\n", value);
        out += call("    ", ns + "check",
                    {"entry", "owner", fmt::format("{}item({}, {}, key)", ns, at, name)}, ";");
        out += "  }\n";
      } else {
        out += fmt::format("  for (std::size_t i = 0; i < {}.size(); ++i) {{\n", value);
        out += call("    ", ns + "check",
                    {value + "[i]", "owner", fmt::format("{}item({}, {}, i)", ns, at, name)}, ";");
        out += "  }\n";
      }
    }
    return out;
  }

  void write_checks(const BlockType& bt, std::string& out) {
    if (!is_canonical(bt)) return;  // Its struct, and those below it, are checked already.
    for (const BlockType& child : bt.body().block_types) write_checks(child, out);
    if (!needs_check(bt)) return;
    const std::string& name = struct_name(bt);
    std::string type = fmt::format("const {}::{}& block", context_.schema->name, name);
    out += fmt::format("/// Checks the required arguments and blocks of one {} block at `at`.\n",
                       quoted(bt.name));
    // A specialization, not an overload: thousands of overloads of one name make every call's
    // overload resolution, and so the compile, quadratic in the number of blocks.
    out += "template <>\n";
    out += call("", fmt::format("inline void check<{}::{}>", context_.schema->name, name),
                {type, "const Owner& owner", "const std::string& at"}, " {");
    out += field_checks(fields_of(bt.body(), kBlockReserved), name, "", "block.", "at", false);
    out += "}\n\n";
  }

  void write_render_body(const std::vector<Field>& fields, const std::string& self,
                         std::string& out) {
    for (const Field& f : fields) {
      std::string method = "attr";
      if (f.block != nullptr) {
        bool object = f.block->nesting == Nesting::kSingle || f.block->nesting == Nesting::kGroup;
        method = object ? "block" : f.block->nesting == Nesting::kMap ? "block_map" : "block_list";
      }
      out += call("  ", "writer." + method, {literal(f.name), self + f.cpp}, ";");
    }
  }

  std::string writer_parameter(const std::vector<Field>& fields) const {
    return fields.empty() ? "core::ObjectWriter& /*writer*/" : "core::ObjectWriter& writer";
  }

  void write_renders(const BlockType& bt, std::string& out) {
    if (!is_canonical(bt)) return;
    for (const BlockType& child : bt.body().block_types) write_renders(child, out);
    std::vector<Field> fields = fields_of(bt.body(), kBlockReserved);
    out += call("", fmt::format("inline void {}::render", struct_name(bt)),
                {writer_parameter(fields)}, " const {");
    write_render_body(fields, "this->", out);
    out += "}\n\n";
  }

  void write_members(const Block& top, std::string& out) {
    std::vector<Field> fields =
        fields_of(top, type_ == nullptr ? kProviderReserved : kConfigReserved);
    out += call("", fmt::format("inline {}::{}", class_name_, class_name_),
                {"core::Construct& scope", "std::string id", config_name_ + " config"}, "");
    if (type_ == nullptr) {
      out += fmt::format(
          "    : core::Provider(scope, std::move(id), {}, kSource, kVersion, "
          "config.alias),\n",
          literal(context_.schema->name));
    } else {
      out += fmt::format(
          "    : core::Resource(scope, std::move(id), kTerraformType, config.meta, "
          "{}),\n",
          data_ ? "true" : "false");
    }
    out += "      settings_(std::move(config)) {\n";
    uses_owner_ = false;
    std::string checks =
        field_checks(fields, config_name_, "::stackgen::providers::detail::", "settings_.", "\"\"",
                     type_ != nullptr);
    if (uses_owner_) {
      out += fmt::format("  const ::stackgen::providers::detail::Owner owner{{{}, path()}};\n",
                         type_ != nullptr ? "kTerraformType" : literal(label_));
    }
    out += checks + "}\n\n";
    out += call("", fmt::format("inline void {}::render_attributes", class_name_),
                {writer_parameter(fields)}, " const {");
    write_render_body(fields, "settings_.", out);
    out += "}\n\n";
  }

  const EmitContext& context_;
  const TypeSchema* type_;
  bool data_;
  std::string class_name_;
  std::string config_name_;
  std::string label_;
  bool deprecated_ = false;
  bool uses_owner_ = false;
  std::vector<std::string> destructors_;  // Structs whose destructor is defined out of line.
  std::map<std::string, const BlockType*> shapes_;  // Block body -> the block owning its struct.
  std::map<const BlockType*, const BlockType*>
      canonical_;  // Block -> the block owning its struct.  //
                   // Whether the checks being written name `owner`.
  std::map<const BlockType*, bool> checked_;
};

}  // namespace

std::string emit_type(const EmitContext& context, const TypeSchema& type, bool data) {
  return HeaderWriter(context, &type, data).write();
}

std::string emit_provider(const EmitContext& context) {
  return HeaderWriter(context, nullptr, false).write();
}

}  // namespace stackgen::codegen::detail
