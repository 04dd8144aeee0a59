#include "stackgen/aws/names.h"

#include <fmt/format.h>

#include "stackgen/core/construct.h"
#include "stackgen/core/error.h"
#include "stackgen/core/hash.h"

namespace stackgen::aws {

namespace {

bool is_allowed(char c, const NameRule& rule) {
  auto u = static_cast<unsigned char>(c);
  bool alnum = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9');
  return alnum || rule.extra_chars.find(c) != std::string_view::npos;
}

}  // namespace

bool satisfies(std::string_view name, const NameRule& rule) {
  if (name.size() < rule.min_length || name.size() > rule.max_length) return false;
  for (char c : name) {
    if (!is_allowed(c, rule)) return false;
  }
  return true;
}

void check_name(const core::Construct& owner, std::string_view kind, std::string_view field,
                std::string_view name, const NameRule& rule) {
  std::string subject = fmt::format("{} \"{}\": {} \"{}\"", kind, owner.path(), field, name);
  std::string allowed = fmt::format("{} to {} characters", rule.min_length, rule.max_length);
  if (name.size() < rule.min_length || name.size() > rule.max_length) {
    throw core::Error(
        core::ErrorCategory::kUsage,
        fmt::format("{} has {} characters; {} have {}; {}", subject, name.size(), rule.what,
                    allowed, name.empty() ? "set it" : "use a shorter name"));
  }
  for (char c : name) {
    if (is_allowed(c, rule)) continue;
    auto u = static_cast<unsigned char>(c);
    std::string shown = u >= 0x20 && u < 0x7f ? std::string(1, c) : fmt::format("\\x{:02x}", u);
    throw core::Error(core::ErrorCategory::kUsage,
                      fmt::format("{} contains \"{}\"; {} may only use {} ({}); remove or "
                                  "replace it",
                                  subject, shown, rule.what, rule.charset, allowed));
  }
}

std::string shorten_name(std::string_view name, std::size_t limit) {
  if (limit < 10) {
    throw core::Error(core::ErrorCategory::kConstruction,
                      fmt::format("shorten_name(\"{}\", {}): the limit must be at least 10 to "
                                  "hold a head, \"-\" and 8 hex digits; pass a larger limit",
                                  name, limit));
  }
  if (name.size() <= limit) return std::string(name);
  std::string head(name.substr(0, limit - 9));
  while (!head.empty() && (head.back() == '-' || head.back() == '_' || head.back() == '.')) {
    head.pop_back();
  }
  return head + "-" + core::to_hex(core::sha256(name)).substr(0, 8);
}

}  // namespace stackgen::aws
