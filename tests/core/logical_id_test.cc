#include <gtest/gtest.h>

#include "stackgen/core/app.h"
#include "stackgen/core/element.h"
#include "stackgen/core/error.h"
#include "stackgen/core/stack.h"

namespace stackgen::core {
namespace {

// Pins the naming rule: changing any of these renames resources in users' state.
TEST(LogicalId, KeepsASingleCleanIdAsIs) {
  EXPECT_EQ(make_logical_id("bucket"), "bucket");
  EXPECT_EQ(make_logical_id("my-bucket_2"), "my-bucket_2");
  EXPECT_EQ(make_logical_id("_private"), "_private");
}

TEST(LogicalId, JoinsNestedIdsAndAppendsAFixedHash) {
  EXPECT_EQ(make_logical_id("fn/role"), "fn_role_3dfaac82");
  EXPECT_EQ(make_logical_id("api/routes/proxy"), "api_routes_proxy_ab43589e");
}

TEST(LogicalId, ReplacesInvalidCharactersAndHashes) {
  EXPECT_EQ(make_logical_id("my bucket"), "my_bucket_ac5dfe78");
  EXPECT_EQ(make_logical_id("9lives"), "_9lives_bc867356");
}

TEST(LogicalId, KeepsAmbiguousJoinsDistinct) {
  EXPECT_NE(make_logical_id("a_b/c"), make_logical_id("a/b_c"));
}

TEST(LogicalId, UsesThePathBelowTheStack) {
  App app;
  Stack& stack = app.add<Stack>("prod");
  Construct& fn = stack.add<Construct>("fn");
  auto& role = fn.add<GenericResource>("role", "aws_iam_role", Value::Map{});
  EXPECT_EQ(role.logical_id(), make_logical_id("fn/role"));
  EXPECT_EQ(role.address(), "aws_iam_role." + make_logical_id("fn/role"));
}

TEST(LogicalId, OverrideReplacesTheDerivedName) {
  App app;
  Stack& stack = app.add<Stack>("prod");
  auto& role = stack.add<GenericResource>("role", "aws_iam_role", Value::Map{});
  role.override_logical_id("legacy_role");
  EXPECT_EQ(role.address(), "aws_iam_role.legacy_role");
  try {
    role.override_logical_id("1bad");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "logical id \"1bad\" for \"prod/role\": Terraform names must match "
                 "[A-Za-z_][A-Za-z0-9_-]*; choose a name of that form");
  }
}

}  // namespace
}  // namespace stackgen::core
