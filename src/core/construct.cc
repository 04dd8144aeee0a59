#include "stackgen/core/construct.h"

#include <fmt/format.h>

#include <algorithm>

#include "stackgen/core/error.h"
#include "stackgen/core/stack.h"

namespace stackgen::core {

namespace {

std::string describe_scope(const Construct& scope) {
  return scope.path().empty() ? std::string("the app root") : "\"" + scope.path() + "\"";
}

}  // namespace

Construct::Construct() = default;

Construct::Construct(Construct& scope, std::string id) : scope_(&scope), id_(std::move(id)) {
  if (id_.empty()) {
    throw Error(ErrorCategory::kConstruction,
                fmt::format("construct id \"\" under {}: ids may not be empty; give the "
                            "construct a name",
                            describe_scope(scope)));
  }
  if (id_.find('/') != std::string::npos) {
    throw Error(ErrorCategory::kConstruction,
                fmt::format("construct id \"{}\" under {}: ids may not contain \"/\" (it "
                            "separates path parts); use \"-\" or \"_\" instead",
                            id_, describe_scope(scope)));
  }
  if (scope.try_find_child(id_) != nullptr) {
    throw Error(ErrorCategory::kConstruction,
                fmt::format("construct id \"{}\" under {}: a sibling already has this id; ids "
                            "must be unique among siblings, pick another",
                            id_, describe_scope(scope)));
  }
  path_ = scope.path().empty() ? id_ : scope.path() + "/" + id_;
  scope.children_.push_back(this);
  scope.by_id_.emplace(id_, this);
}

Construct::~Construct() {
  // Children go first, newest first, while this node can still unregister them.
  while (!owned_.empty()) owned_.pop_back();
  if (scope_ != nullptr) scope_->remove_child(this);
}

void Construct::remove_child(const Construct* child) {
  by_id_.erase(child->id_);
  auto it = std::find(children_.rbegin(), children_.rend(), child);
  if (it != children_.rend()) children_.erase(std::next(it).base());
}

Construct& Construct::root() {
  Construct* node = this;
  while (node->scope_ != nullptr) node = node->scope_;
  return *node;
}

const Construct& Construct::root() const { return const_cast<Construct*>(this)->root(); }

Construct* Construct::try_find_child(std::string_view id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second;
}

Construct& Construct::find_child(std::string_view id) const {
  if (Construct* child = try_find_child(id)) return *child;
  throw Error(ErrorCategory::kConstruction,
              fmt::format("construct \"{}\" under {}: no such child; check the id or use "
                          "try_find_child to test for it",
                          id, describe_scope(*this)));
}

void Construct::set_context(const std::string& key, nlohmann::json value) {
  if (!children_.empty()) {
    throw Error(ErrorCategory::kConstruction,
                fmt::format("context \"{}\" on {}: context must be set before children are "
                            "added; set it earlier",
                            key, describe_scope(*this)));
  }
  context_[key] = std::move(value);
}

const nlohmann::json* Construct::try_get_context(std::string_view key) const {
  for (const Construct* node = this; node != nullptr; node = node->scope_) {
    auto it = node->context_.find(key);
    if (it != node->context_.end()) return &*it;
  }
  return nullptr;
}

void Construct::add_info(std::string message) {
  annotations_.push_back({AnnotationLevel::kInfo, std::move(message)});
}

void Construct::add_warning(std::string message) {
  annotations_.push_back({AnnotationLevel::kWarning, std::move(message)});
}

void Construct::add_error(std::string message) {
  annotations_.push_back({AnnotationLevel::kError, std::move(message)});
}

void Construct::add_validation(std::function<std::vector<std::string>()> check) {
  validations_.push_back(std::move(check));
}

void Construct::add_aspect(std::shared_ptr<Aspect> aspect) {
  aspects_.push_back(std::move(aspect));
}

std::vector<std::string> Construct::validate() const {
  std::vector<std::string> errors;
  for (const auto& check : validations_) {
    for (std::string& message : check()) errors.push_back(std::move(message));
  }
  return errors;
}

Stack* Construct::try_stack() const {
  for (const Construct* node = this; node != nullptr; node = node->scope_) {
    if (auto* stack = dynamic_cast<const Stack*>(node)) return const_cast<Stack*>(stack);
  }
  return nullptr;
}

Stack& Construct::stack() const {
  if (Stack* s = try_stack()) return *s;
  throw Error(
      ErrorCategory::kConstruction,
      fmt::format("construct \"{}\": it is not inside a stack; create it under a Stack", path_));
}

void walk(Construct& node, const std::function<void(Construct&)>& fn) {
  fn(node);
  // Index-based: a visit may add children, and they are visited too.
  for (std::size_t i = 0; i < node.children().size(); ++i) walk(*node.children()[i], fn);
}

void walk(const Construct& node, const std::function<void(const Construct&)>& fn) {
  fn(node);
  for (const Construct* child : node.children()) walk(*child, fn);
}

}  // namespace stackgen::core
