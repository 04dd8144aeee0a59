// The one error type of stackgen and its categories.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace stackgen::core {

/// What kind of failure an `Error` reports; the CLI maps each to an exit code.
enum class ErrorCategory {
  kConstruction,  ///< Misuse while building the tree (bad id, missing required field).
  kValidation,    ///< Whole-tree checks before synthesis found problems.
  kSynthesis,     ///< Rendering failed (reference to another stack, bad override path).
  kIo,            ///< Reading inputs or writing the output folder failed.
  kUsage,         ///< Bad command-line or configuration input.
};

/// Returns the lower-case name of `category` ("construction", "validation", ...).
std::string_view category_name(ErrorCategory category);

/// The root error of stackgen. Every error the library throws is an `Error`.
///
/// Messages name the input, the rule it broke and the fix, on one line:
///
///     throw Error(ErrorCategory::kConstruction,
///                 "construct id \"a/b\" under \"app/stack\": ids may not contain \"/\"; "
///                 "pick an id without \"/\"");
class Error : public std::runtime_error {
 public:
  /// Creates an error of `category` with the full message `message`.
  Error(ErrorCategory category, const std::string& message)
      : std::runtime_error(message), category_(category) {}

  /// The category this error belongs to.
  ErrorCategory category() const noexcept { return category_; }

 private:
  ErrorCategory category_;
};

}  // namespace stackgen::core
