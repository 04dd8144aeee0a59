// Compiled by the test Golden.DeprecatedArgumentWarnsItsUser, which expects the warning.
#include "demo/widget.h"

bool uses_legacy_name(const stackgen::providers::demo::Widget& widget) {
  return widget.config().legacy_name.has_value();
}
