#include "stackgen/core/error.h"

namespace stackgen::core {

std::string_view category_name(ErrorCategory category) {
  switch (category) {
    case ErrorCategory::kConstruction:
      return "construction";
    case ErrorCategory::kValidation:
      return "validation";
    case ErrorCategory::kSynthesis:
      return "synthesis";
    case ErrorCategory::kIo:
      return "i/o";
    case ErrorCategory::kUsage:
      return "usage";
  }
  return "unknown";
}

}  // namespace stackgen::core
