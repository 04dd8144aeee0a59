// Support for generated provider bindings: the checks of required arguments inside nested
// blocks. Generated headers include it; nothing here is meant to be called by hand.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stackgen/core/error.h"

namespace stackgen::providers::detail {

/// The element whose arguments are checked, as error messages name it: a label such as
/// `aws_lambda_function` or `aws provider`, and the construct path.
struct Owner {
  std::string_view label;
  std::string_view path;
};

/// `at.field`, or `field` when `at` is empty.
inline std::string join(std::string_view at, std::string_view field) {
  std::string out(at);
  if (!out.empty()) out.push_back('.');
  out.append(field);
  return out;
}

/// `at.field[index]`: one block of a list or set of blocks.
inline std::string item(std::string_view at, std::string_view field, std::size_t index) {
  return join(at, field) + "[" + std::to_string(index) + "]";
}

/// `at.field["key"]`: one block of a map of blocks.
inline std::string item(std::string_view at, std::string_view field, std::string_view key) {
  return join(at, field) + "[\"" + std::string(key) + "\"]";
}

/// Throws `core::Error` (construction) in the words of `core::Resource::require`:
/// `aws_lambda_function "app/fn": required argument "vpc_config.subnet_ids" is not set; set
/// .subnet_ids in LambdaFunctionVpcConfig`.
[[noreturn]] inline void throw_missing(const Owner& owner, std::string_view at,
                                       std::string_view field, std::string_view config_type) {
  throw core::Error(core::ErrorCategory::kConstruction,
                    std::string(owner.label) + " \"" + std::string(owner.path) +
                        "\": required argument \"" + join(at, field) + "\" is not set; set ." +
                        std::string(field) + " in " + std::string(config_type));
}

template <class T>
bool is_set(const T& value) {
  return !value.is_unset();
}
template <class T>
bool is_set(const std::optional<T>& value) {
  return value.has_value();
}
template <class T>
bool is_set(const std::vector<T>& value) {
  return !value.empty();
}
template <class T>
bool is_set(const std::map<std::string, T>& value) {
  return !value.empty();
}

/// Checks the required arguments and nested blocks of `block`, found at path `at`. Generated
/// bindings specialize it for every block struct that has something to check.
template <class B>
void check(const B& block, const Owner& owner, const std::string& at);

/// Throws (see `throw_missing`) when `value` is unset, an empty optional or no blocks.
template <class T>
void require(const T& value, const Owner& owner, std::string_view at, std::string_view field,
             std::string_view config_type) {
  if (!is_set(value)) throw_missing(owner, at, field, config_type);
}

/// Throws `core::Error` (construction) when there are fewer than `min` or, with `max` above 0,
/// more than `max` blocks; none at all with `min` above 0 reads as a missing argument:
/// `aws_x "app/x": block "rule": 4 given; at most 3 are allowed; remove blocks from .rule in
/// XConfig`.
template <class Blocks>
void require_count(const Blocks& blocks, const Owner& owner, std::string_view at,
                   std::string_view field, std::string_view config_type, std::size_t min,
                   std::size_t max) {
  std::size_t n = blocks.size();
  if (n == 0 && min > 0) throw_missing(owner, at, field, config_type);
  if (n >= min && (max == 0 || n <= max)) return;
  std::string rule = n < min
                         ? "at least " + std::to_string(min) + " are required; add blocks to ."
                         : "at most " + std::to_string(max) + " are allowed; remove blocks from .";
  throw core::Error(core::ErrorCategory::kConstruction,
                    std::string(owner.label) + " \"" + std::string(owner.path) + "\": block \"" +
                        join(at, field) + "\": " + std::to_string(n) + " given; " + rule +
                        std::string(field) + " in " + std::string(config_type));
}

}  // namespace stackgen::providers::detail
