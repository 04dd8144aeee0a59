// The construct tree: every piece of infrastructure is a node with an id and a path.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace stackgen::core {

class Aspect;
class Stack;

/// Severity of an annotation attached to a construct.
enum class AnnotationLevel { kInfo, kWarning, kError };

/// A message attached to a construct; errors abort synthesis, the rest are reported.
struct Annotation {
  AnnotationLevel level;
  std::string message;
};

/// A node of the construct tree.
///
/// A construct has an id (unique among its siblings), a scope (its parent) and a path made
/// of the ids from the root down (`stack/api/route`; the root `App` has an empty id and is
/// not part of paths). Children keep insertion order. Constructs are not copyable.
///
/// A child registers itself with its scope when it is constructed. The usual way to make one
/// is `scope.add<T>(id, args...)`, which makes the scope own it; a construct made as a local
/// variable works too and unregisters itself when destroyed.
///
///     App app;
///     auto& stack = app.add<Stack>("prod");
///     auto& role = stack.add<IamRole>("role", IamRoleConfig{...});
///
/// Throws `Error` (construction) when `id` is empty, contains `/`, or is already taken by
/// a sibling; the message names the parent path and the id.
class Construct {
 public:
  Construct(Construct& scope, std::string id);
  virtual ~Construct();

  Construct(const Construct&) = delete;
  Construct& operator=(const Construct&) = delete;

  /// Creates a `T` as a child of this construct, owned by it, and returns it.
  template <class T, class... Args>
  T& add(std::string id, Args&&... args) {
    auto child = std::make_unique<T>(*this, std::move(id), std::forward<Args>(args)...);
    T& ref = *child;
    owned_.push_back(std::move(child));
    return ref;
  }

  /// This construct's id; empty only for the root.
  const std::string& id() const { return id_; }
  /// The parent, or null for the root.
  Construct* scope() const { return scope_; }
  /// Ids from below the root down to this construct, joined by `/`.
  const std::string& path() const { return path_; }
  /// Children in insertion order.
  const std::vector<Construct*>& children() const { return children_; }
  /// The root of the tree.
  Construct& root();
  const Construct& root() const;

  /// The child with `id`, or null.
  Construct* try_find_child(std::string_view id) const;
  /// The child with `id`. Throws `Error` (construction) naming this path when absent.
  Construct& find_child(std::string_view id) const;

  /// Sets context `key` for this construct and its descendants. Throws `Error` (construction)
  /// once this construct has children, since they may already have read it.
  void set_context(const std::string& key, nlohmann::json value);
  /// The context set on this construct itself (an object; ancestors' values not included).
  const nlohmann::json& context() const { return context_; }
  /// The context value for `key` from the nearest ancestor (or self) that has it, or null.
  const nlohmann::json* try_get_context(std::string_view key) const;

  /// Attaches an informational message, reported after synthesis.
  void add_info(std::string message);
  /// Attaches a warning, reported after synthesis.
  void add_warning(std::string message);
  /// Attaches an error; synthesis fails and reports it with this path.
  void add_error(std::string message);
  const std::vector<Annotation>& annotations() const { return annotations_; }

  /// Adds a check run before synthesis; each string it returns is one error for this path.
  void add_validation(std::function<std::vector<std::string>()> check);
  /// Adds an aspect visited, before synthesis, on this construct and all its descendants.
  void add_aspect(std::shared_ptr<Aspect> aspect);
  const std::vector<std::shared_ptr<Aspect>>& aspects() const { return aspects_; }

  /// Problems found in this construct alone. Overridden by constructs that check their
  /// inputs; the default returns the results of the checks added with `add_validation`.
  virtual std::vector<std::string> validate() const;

  /// The nearest enclosing stack (or self). Throws `Error` (construction) when there is none.
  Stack& stack() const;
  /// The nearest enclosing stack, or null.
  Stack* try_stack() const;

 protected:
  /// Creates a root: no scope, empty id. Used by `App`.
  Construct();

 private:
  void remove_child(const Construct* child);

  Construct* scope_ = nullptr;
  std::string id_;
  std::string path_;
  std::vector<Construct*> children_;
  // Children by id, so adding k children checks for duplicates in O(k), not O(k^2). Keys view
  // the children's own ids, which never change.
  std::unordered_map<std::string_view, Construct*> by_id_;
  std::vector<std::unique_ptr<Construct>> owned_;
  nlohmann::json context_ = nlohmann::json::object();
  std::vector<Annotation> annotations_;
  std::vector<std::function<std::vector<std::string>()>> validations_;
  std::vector<std::shared_ptr<Aspect>> aspects_;
};

/// A visitor applied to a subtree before synthesis (tagging, policy checks, defaults).
class Aspect {
 public:
  virtual ~Aspect() = default;
  /// Called once for every construct of the subtree, parents before children.
  virtual void visit(Construct& node) = 0;
};

/// Calls `fn` on `node` and every descendant, parents before children, in insertion order.
void walk(Construct& node, const std::function<void(Construct&)>& fn);
void walk(const Construct& node, const std::function<void(const Construct&)>& fn);

}  // namespace stackgen::core
