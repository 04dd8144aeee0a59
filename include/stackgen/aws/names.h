// AWS naming rules the L2 constructs check, and the rule that shortens derived names.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace stackgen::core {
class Construct;
}

namespace stackgen::aws {

/// One AWS naming rule: a length range and a character set.
struct NameRule {
  /// What the names are, as messages say it: "Lambda function names".
  std::string_view what{};
  /// Shortest and longest allowed length, in characters.
  std::size_t min_length = 1;
  std::size_t max_length = 64;
  /// Characters allowed besides ASCII letters and digits, e.g. "-_".
  std::string_view extra_chars{};
  /// The character set as messages describe it.
  std::string_view charset{};
};

/// Lambda function names: 1 to 64 of `[A-Za-z0-9-_]`.
inline constexpr NameRule kFunctionNameRule{"Lambda function names", 1, 64, "-_",
                                            "letters, digits, \"-\" and \"_\""};
/// IAM role names: 1 to 64 of `[A-Za-z0-9+=,.@_-]`.
inline constexpr NameRule kRoleNameRule{"IAM role names", 1, 64, "+=,.@_-",
                                        "letters, digits and \"+=,.@_-\""};
/// IAM policy names (managed and inline): 1 to 128 of `[A-Za-z0-9+=,.@_-]`.
inline constexpr NameRule kPolicyNameRule{"IAM policy names", 1, 128, "+=,.@_-",
                                          "letters, digits and \"+=,.@_-\""};
/// CloudWatch Logs log group names: 1 to 512 of `[A-Za-z0-9._/#-]`.
inline constexpr NameRule kLogGroupNameRule{"CloudWatch Logs log group names", 1, 512, "._/#-",
                                            "letters, digits and \"._/#-\""};
/// Secrets Manager secret names: 1 to 512 of `[A-Za-z0-9/_+=.@-]`.
inline constexpr NameRule kSecretNameRule{"Secrets Manager secret names", 1, 512, "/_+=.@-",
                                          "letters, digits and \"/_+=.@-\""};
/// API Gateway API names: 1 to 128 of `[A-Za-z0-9._-]` (AWS allows more; stackgen keeps names
/// that are safe in log group names and ARNs).
inline constexpr NameRule kApiNameRule{"API Gateway API names", 1, 128, "._-",
                                       "letters, digits and \"._-\""};

/// True when `name` satisfies `rule`.
bool satisfies(std::string_view name, const NameRule& rule);

/// Throws `core::Error` (usage) when `name` breaks `rule`. The message names the construct
/// (`kind` and its path), the config field, the value, the rule and the fix:
///
///     function "api/handler": function_name "my fn" contains " "; Lambda function names may only
///     use letters, digits, "-" and "_" (1 to 64 characters); remove or replace it
void check_name(const core::Construct& owner, std::string_view kind, std::string_view field,
                std::string_view name, const NameRule& rule);

/// Shortens a derived name to at most `limit` characters, deterministically.
///
/// Rule: a name of at most `limit` characters is returned unchanged. A longer name becomes its
/// first `limit - 9` characters, with trailing `-`, `_` and `.` removed, then `-`, then the first
/// 8 hexadecimal digits of the SHA-256 of the whole name. The head stays readable, the suffix
/// keeps two long names that share a head apart, and the same input always gives the same name.
///
///     shorten_name(std::string(60, 'a') + "-role", 64)  // 55 times "a", then "-9384b05d"
///
/// `limit` must be at least 10.
std::string shorten_name(std::string_view name, std::size_t limit);

}  // namespace stackgen::aws
