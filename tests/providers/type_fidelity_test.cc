// Case C07: every value of a synthesized stack has the schema type of its attribute.
#include <gtest/gtest.h>

#include "every_argument.h"
#include "schema_types.h"
#include "stackgen/codegen/generator.h"

namespace stackgen::testing {
namespace {

nlohmann::json fixture_schema() {
  return codegen::load_schema(std::filesystem::path(STACKGEN_SCHEMA_DIR) / "aws-serverless.json");
}

TEST(TypeFidelity, EveryValueOfTheStackHasItsSchemaType) {
  core::App app;
  core::Stack& stack = add_every_argument_stack(app);
  SchemaCheck check = check_against_schema(stack.render(), fixture_schema());
  EXPECT_EQ(check.problems, std::vector<std::string>{});
  EXPECT_EQ(check.values, 124u);
}

TEST(TypeFidelity, FindsValuesOfTheWrongType) {
  nlohmann::json document = nlohmann::json::parse(R"({"resource": {"aws_lambda_function": {"f": {
      "function_name": "f", "role": "${aws_iam_role.r.arn}", "memory_size": "512",
      "publish": "true", "layers": [1], "timeout": "${var.timeout}", "tags": {"a": false},
      "environment": {"variables": {}}, "nonsense": 1, "count": 2}}}})");
  SchemaCheck check = check_against_schema(document, fixture_schema());
  EXPECT_EQ(check.problems,
            (std::vector<std::string>{
                "resource.aws_lambda_function.f.environment: is not an array of blocks",
                "resource.aws_lambda_function.f.layers[0]: is 1, not a string",
                "resource.aws_lambda_function.f.memory_size: is \"512\", not a number",
                "resource.aws_lambda_function.f.nonsense: is not in the schema",
                "resource.aws_lambda_function.f.publish: is \"true\", not a bool",
                "resource.aws_lambda_function.f.tags.a: is false, not a string"}));
  EXPECT_EQ(check.values, 7u);
}

}  // namespace
}  // namespace stackgen::testing
