// Writes the C++ text of one generated header.
#pragma once

#include <string>

#include "naming.h"
#include "schema.h"

namespace stackgen::codegen::detail {

/// What every header of one provider shares.
struct EmitContext {
  const ProviderSchema* schema = nullptr;
  const ProviderNames* names = nullptr;
  /// The version constraint recorded in the provider binding.
  std::string version;
  /// The schema's file name, quoted in each header's regeneration command; empty when the
  /// schema came from running terraform.
  std::string schema_file;
};

/// The header of resource (or, with `data`, data source) `type`.
std::string emit_type(const EmitContext& context, const TypeSchema& type, bool data);

/// The header of the provider configuration block.
std::string emit_provider(const EmitContext& context);

}  // namespace stackgen::codegen::detail
