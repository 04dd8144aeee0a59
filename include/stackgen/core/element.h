// Terraform elements: the constructs that become entries of a stack's cdk.tf.json.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stackgen/core/construct.h"
#include "stackgen/core/value.h"

namespace stackgen::core {

class Element;
class Provider;

/// Renders values for one stack and collects what goes wrong, with the element's path.
class RenderContext {
 public:
  explicit RenderContext(const Stack& stack) : stack_(&stack) {}

  /// Renders `value` as Terraform JSON (see `render_value`); errors are collected.
  nlohmann::json render(const Value& value);
  /// Renders `value` as a bare Terraform expression (no `${}`), for `depends_on` and the like.
  std::string render_expression(const Value& value);

  const Stack& stack() const { return *stack_; }
  /// The element being rendered; errors are prefixed with its path.
  void set_current(const Element* element) { current_ = element; }
  void add_error(std::string message);
  const std::vector<std::string>& errors() const { return errors_; }

 private:
  const Stack* stack_;
  const Element* current_ = nullptr;
  std::vector<std::string> errors_;
};

/// Writes attributes and nested blocks of one JSON object; used by bindings' `render`.
///
/// Unset values (`std::nullopt`, or a default-constructed `String`/`Number`/...) are skipped,
/// so an unset field never appears in the output.
class ObjectWriter {
 public:
  ObjectWriter(nlohmann::json& out, RenderContext& context) : out_(&out), context_(&context) {}

  template <class T>
  void attr(std::string_view name, const T& typed) {
    if (!typed.is_unset()) put(name, typed.value());
  }
  template <class T>
  void attr(std::string_view name, const std::optional<T>& typed) {
    if (typed.has_value()) attr(name, *typed);
  }
  /// A block written once, as an object (nesting mode `single`).
  template <class B>
  void block(std::string_view name, const std::optional<B>& block) {
    if (block.has_value()) block_object(name, *block);
  }
  /// Blocks written as a JSON array (nesting modes `list` and `set`), even for one block.
  template <class B>
  void block_list(std::string_view name, const std::optional<B>& block) {
    if (!block.has_value()) return;
    nlohmann::json& list = (*out_)[std::string(name)] = nlohmann::json::array();
    list.push_back(nlohmann::json::object());
    ObjectWriter nested(list.back(), *context_);
    block->render(nested);
  }
  template <class B>
  void block_list(std::string_view name, const std::vector<B>& blocks) {
    if (blocks.empty()) return;
    nlohmann::json& list = (*out_)[std::string(name)] = nlohmann::json::array();
    for (const B& b : blocks) {
      list.push_back(nlohmann::json::object());
      ObjectWriter nested(list.back(), *context_);
      b.render(nested);
    }
  }
  /// Blocks keyed by label (nesting mode `map`).
  template <class B>
  void block_map(std::string_view name, const std::map<std::string, B>& blocks) {
    if (blocks.empty()) return;
    nlohmann::json& object = (*out_)[std::string(name)] = nlohmann::json::object();
    for (const auto& [key, b] : blocks) {
      ObjectWriter nested(object[key] = nlohmann::json::object(), *context_);
      b.render(nested);
    }
  }
  /// Writes `value` rendered at `name` (nothing when null).
  void put(std::string_view name, const Value& value);
  RenderContext& context() { return *context_; }

 private:
  template <class B>
  void block_object(std::string_view name, const B& block) {
    ObjectWriter nested((*out_)[std::string(name)] = nlohmann::json::object(), *context_);
    block.render(nested);
  }
  nlohmann::json* out_;
  RenderContext* context_;
};

/// A construct that becomes one entry of cdk.tf.json (resource, data source, provider,
/// output, variable, local, backend).
///
/// Its Terraform name (`logical_id`) comes from its path by one stable rule (see
/// `make_logical_id`) unless overridden. `add_override` edits the rendered JSON directly.
class Element : public Construct {
 public:
  Element(Construct& scope, std::string id);

  /// The Terraform name: `override_logical_id`'s value, else `make_logical_id(*this)`.
  const std::string& logical_id() const;
  /// Replaces the derived name. Throws `Error` (construction) unless `name` matches
  /// `[A-Za-z_][A-Za-z0-9_-]*`.
  void override_logical_id(std::string name);

  /// Sets the value at dotted `path` of the rendered body, after rendering.
  ///
  /// Rules: the path is split at `.` (write `\.` for a dot inside a key). A segment that is a
  /// whole number indexes into an existing array and must be in range; any other segment is an
  /// object key, and missing objects on the way are created. The value replaces what was at
  /// the path, except that a map value is merged key by key into an existing object (lists
  /// and scalars always replace). Overrides apply in the order they were added.
  void add_override(std::string path, Value value);
  /// Deletes the key or array element at dotted `path` of the rendered body, if present.
  void add_deletion_override(std::string path);

  /// Where the body goes in cdk.tf.json, e.g. {"resource", "aws_s3_bucket", "logs"}.
  virtual std::vector<std::string> location() const = 0;
  /// The start of a reference to this element: `aws_s3_bucket.logs`, `data.x.y`, `var.z`.
  virtual std::string reference_root() const = 0;
  /// Renders the body (before overrides).
  virtual nlohmann::json render(RenderContext& context) const = 0;
  /// True for providers, which are written as array entries rather than keyed objects.
  virtual bool appends_to_location() const { return false; }

  /// The rendered body with overrides applied.
  nlohmann::json render_with_overrides(RenderContext& context) const;

  /// A reference to attribute `name` of this element.
  Value attr(std::string name) const { return Value::reference(*this, {std::move(name)}); }

 private:
  struct Override {
    std::string path;
    std::optional<Value> value;  // nullopt: deletion
  };
  std::optional<std::string> logical_override_;
  mutable std::string logical_cache_;
  std::vector<Override> overrides_;
};

/// The derived Terraform name of `element`, a pure function of its path below its stack:
///
/// 1. Take the ids below the stack, replace every character outside `[A-Za-z0-9_-]` by `_`,
///    and join them with `_`.
/// 2. If there was exactly one id, it needed no replacement and it starts with a letter or
///    `_`, that is the name (`role`).
/// 3. Otherwise append `_` and the first 8 hex digits of SHA-256 of the path below the stack
///    (`fn/role` becomes `fn_role_` + 8 hex digits); a leading digit or `-` gets a `_` first.
///
/// The hash keeps names distinct where joining is ambiguous (`a_b/c` and `a/b_c`).
std::string make_logical_id(std::string_view path_below_stack);

/// Resource lifecycle settings (`lifecycle` block).
struct Lifecycle {
  /// Create the replacement before destroying the old object. Default: false.
  std::optional<bool> create_before_destroy{};
  /// Refuse plans that destroy this object. Default: false.
  std::optional<bool> prevent_destroy{};
  /// Attribute names whose changes Terraform ignores; `{"all"}` ignores every attribute.
  std::vector<std::string> ignore_changes{};
  /// References whose change replaces this resource (each rendered as a bare expression).
  std::vector<Value> replace_triggered_by{};
};

/// Meta-arguments shared by every resource and data source; the `meta` member of configs.
struct ResourceMeta {
  /// Elements this one must be created after (rendered as bare addresses).
  std::vector<const Element*> depends_on{};
  /// How many instances to create. Default: one, without `count`.
  std::optional<Number> count{};
  /// A map or set of strings (literal or reference) to create one instance per entry.
  std::optional<Any> for_each{};
  /// The provider configuration to use. Default: the unaliased provider of the type.
  const Provider* provider = nullptr;
  /// Lifecycle settings. Default: none.
  std::optional<Lifecycle> lifecycle{};
};

/// A `resource` (or, with `data` true, a `data` source) of Terraform type `type`.
///
/// Bindings derive from it and implement `render_attributes`.
class Resource : public Element {
 public:
  Resource(Construct& scope, std::string id, std::string type, ResourceMeta meta,
           bool data = false);

  const std::string& terraform_type() const { return type_; }
  bool is_data() const { return data_; }
  ResourceMeta& meta() { return meta_; }
  const ResourceMeta& meta() const { return meta_; }
  /// Adds `element` to `depends_on` unless already there.
  void add_depends_on(const Element& element);
  /// Selects the provider configuration.
  void set_provider(const Provider& provider) { meta_.provider = &provider; }

  /// `type.name`, or `data.type.name` for data sources.
  std::string address() const { return reference_root(); }

  std::vector<std::string> location() const override;
  std::string reference_root() const override;
  nlohmann::json render(RenderContext& context) const override;

 protected:
  /// Writes the configured arguments and blocks.
  virtual void render_attributes(ObjectWriter& writer) const = 0;

  String string_attr(std::string name) const { return String(attr(std::move(name))); }
  Number number_attr(std::string name) const { return Number(attr(std::move(name))); }
  Bool bool_attr(std::string name) const { return Bool(attr(std::move(name))); }
  Any any_attr(std::string name) const { return Any(attr(std::move(name))); }
  template <class T>
  List<T> list_attr(std::string name) const {
    return List<T>(attr(std::move(name)));
  }
  template <class T>
  Map<T> map_attr(std::string name) const {
    return Map<T>(attr(std::move(name)));
  }
  /// Throws `Error` (construction) naming this resource and `field` when `value` is unset.
  template <class T>
  void require(const T& value, std::string_view field, std::string_view config_type) const {
    if (value.is_unset()) throw_missing(field, config_type);
  }
  template <class T>
  void require(const std::vector<T>& value, std::string_view field,
               std::string_view config_type) const {
    if (value.empty()) throw_missing(field, config_type);
  }
  template <class T>
  void require(const std::optional<T>& value, std::string_view field,
               std::string_view config_type) const {
    if (!value.has_value()) throw_missing(field, config_type);
  }

 private:
  [[noreturn]] void throw_missing(std::string_view field, std::string_view config_type) const;

  std::string type_;
  ResourceMeta meta_;
  bool data_;
};

/// A resource or data source of any type, configured with untyped attributes; for types that
/// have no generated binding. Prefer the typed bindings, which check names and types.
///
///     GenericResource bucket(stack, "logs", "aws_s3_bucket",
///                            {{"bucket", Value::string("my-logs")}});
class GenericResource : public Resource {
 public:
  GenericResource(Construct& scope, std::string id, std::string type, Value::Map attributes,
                  ResourceMeta meta = {}, bool data = false)
      : Resource(scope, std::move(id), std::move(type), std::move(meta), data),
        attributes_(std::move(attributes)) {}

  const Value::Map& attributes() const { return attributes_; }

 protected:
  void render_attributes(ObjectWriter& writer) const override {
    for (const auto& [name, value] : attributes_) writer.put(name, value);
  }

 private:
  Value::Map attributes_;
};

/// A provider configuration (`provider "aws" {...}`); bindings derive from it.
class Provider : public Element {
 public:
  /// `type` is the local name (`aws`), `source` e.g. `hashicorp/aws`, `version` a constraint.
  Provider(Construct& scope, std::string id, std::string type, std::string source,
           std::string version, std::optional<std::string> alias);

  const std::string& provider_type() const { return type_; }
  const std::string& source() const { return source_; }
  const std::string& version() const { return version_; }
  const std::optional<std::string>& alias() const { return alias_; }
  /// `aws` or `aws.<alias>`, as `provider` meta-arguments write it.
  std::string provider_reference() const;

  std::vector<std::string> location() const override { return {"provider", type_}; }
  std::string reference_root() const override { return provider_reference(); }
  bool appends_to_location() const override { return true; }
  nlohmann::json render(RenderContext& context) const override;

 protected:
  virtual void render_attributes(ObjectWriter& writer) const = 0;

 private:
  std::string type_, source_, version_;
  std::optional<std::string> alias_;
};

/// Settings of an `output` block.
struct OutputConfig {
  /// The value shown after apply. Required.
  Any value{};
  /// Shown by `terraform output`. Default: none.
  std::optional<std::string> description{};
  /// Hide the value in plan and apply output. Default: false.
  std::optional<bool> sensitive{};
  /// Elements the output waits for.
  std::vector<const Element*> depends_on{};
};

/// An `output`. Throws `Error` (construction) when `value` is unset.
class Output : public Element {
 public:
  Output(Construct& scope, std::string id, OutputConfig config);
  std::vector<std::string> location() const override { return {"output", logical_id()}; }
  std::string reference_root() const override;
  nlohmann::json render(RenderContext& context) const override;

 private:
  OutputConfig config_;
};

/// A `validation` block of a variable.
struct VariableValidation {
  /// A bool expression over `var.<name>`, e.g. `Value::raw("length(var.x) > 0")`.
  Value condition{};
  std::string error_message{};
};

/// Settings of a `variable` block.
struct VariableConfig {
  /// Type constraint in Terraform syntax: `string`, `number`, `list(string)`. Default: any.
  std::optional<std::string> type{};
  /// Value used when none is given. Default: required input.
  std::optional<Value> default_value{};
  std::optional<std::string> description{};
  /// Hide the value in output. Default: false.
  std::optional<bool> sensitive{};
  /// Whether null is allowed. Default: true.
  std::optional<bool> nullable{};
  /// Available only during the run, never stored in plan or state. Default: false.
  std::optional<bool> ephemeral{};
  std::vector<VariableValidation> validation{};
};

/// An input `variable`; `value()` refers to it as `var.<name>`.
class Variable : public Element {
 public:
  Variable(Construct& scope, std::string id, VariableConfig config);
  Any value() const { return Any(Value::root_reference(reference_root())); }
  std::vector<std::string> location() const override { return {"variable", logical_id()}; }
  std::string reference_root() const override { return "var." + logical_id(); }
  nlohmann::json render(RenderContext& context) const override;

 private:
  VariableConfig config_;
};

/// A `locals` entry; `value()` refers to it as `local.<name>`.
class Local : public Element {
 public:
  Local(Construct& scope, std::string id, Any value);
  Any value() const { return Any(Value::root_reference(reference_root())); }
  std::vector<std::string> location() const override { return {"locals", logical_id()}; }
  std::string reference_root() const override { return "local." + logical_id(); }
  nlohmann::json render(RenderContext& context) const override;

 private:
  Any value_;
};

}  // namespace stackgen::core
