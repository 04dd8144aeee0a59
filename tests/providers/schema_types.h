// Checks a synthesized stack document against a provider schema (case C07 of
// /work/shared/cases): every value has its attribute's type, every key exists in the schema.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace stackgen::testing {

/// What `check_against_schema` found.
struct SchemaCheck {
  /// One "path: problem" per mismatch; empty when the document fits the schema.
  std::vector<std::string> problems;
  /// How many attribute values were checked.
  std::size_t values = 0;
};

/// Checks the resources, data sources and provider blocks of `document` (a cdk.tf.json)
/// against `schema` (the output of `terraform providers schema -json`, one provider).
///
/// Rules: a number attribute holds a JSON number, a bool one a JSON bool, a string one a JSON
/// string; lists and sets are arrays and maps objects, element by element; any of them may
/// instead be one whole interpolation `"${...}"`. Blocks are objects (single) or arrays of
/// objects (list, set). Meta-arguments are not checked.
SchemaCheck check_against_schema(const nlohmann::json& document, const nlohmann::json& schema);

}  // namespace stackgen::testing
