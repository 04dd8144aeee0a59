// Checks shared by the L2 constructs.
#pragma once

#include <string_view>

#include "stackgen/core/construct.h"

namespace stackgen::aws::detail {

/// Throws `core::Error` (usage) naming `kind "path"`, `field` and `days` unless `days` is a
/// retention CloudWatch Logs accepts.
void check_retention(const core::Construct& owner, std::string_view kind, std::string_view field,
                     int days);

}  // namespace stackgen::aws::detail
