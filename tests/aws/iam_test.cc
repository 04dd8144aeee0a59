#include "stackgen/aws/iam.h"

#include <gtest/gtest.h>

#include "aws_test_util.h"

namespace stackgen::aws {
namespace {

using nlohmann::json;
using testing::body_of;
using testing::error_of;

TEST(ManagedPolicy, RendersNameDescriptionAndTheStatementsGranted) {
  testing::Fixture f;
  ManagedPolicy& policy = f.stack.add<ManagedPolicy>(
      "p", ManagedPolicyConfig{.name = "readers", .description = "Read the bucket"});
  EXPECT_TRUE(
      policy.add_to_policy({.actions = {"s3:GetObject"}, .resources = {"arn:aws:s3:::b/*"}}));
  EXPECT_FALSE(
      policy.add_to_policy({.actions = {"s3:GetObject"}, .resources = {"arn:aws:s3:::b/*"}}));
  EXPECT_EQ(body_of(f.synth(), policy.resource()),
            json({{"description", "Read the bucket"},
                  {"name", "readers"},
                  {"policy",
                   "${jsonencode({\"Statement\" = [{\"Action\" = [\"s3:GetObject\"], \"Effect\" = "
                   "\"Allow\", \"Resource\" = [\"arn:aws:s3:::b/*\"]}], \"Version\" = "
                   "\"2012-10-17\"})}"}}));
}

TEST(ManagedPolicy, FailsSynthesisWhileItHasNoStatements) {
  testing::Fixture f;
  f.stack.add<ManagedPolicy>("p", ManagedPolicyConfig{.name = "empty"});
  EXPECT_EQ(error_of([&] { f.synth(); }, core::ErrorCategory::kValidation),
            "1 problem found, nothing was written:\n[test/p] the policy has no statements, which "
            "IAM rejects; grant it something (for example api.grant_invoke(policy)) or remove it");
}

TEST(ManagedPolicy, RejectsAnInvalidName) {
  testing::Fixture f;
  EXPECT_EQ(error_of([&] { f.stack.add<ManagedPolicy>("p", ManagedPolicyConfig{.name = "a b"}); },
                     core::ErrorCategory::kUsage),
            "managed policy \"test/p\": name \"a b\" contains \" \"; IAM policy names may only use "
            "letters, digits and \"+=,.@_-\" (1 to 128 characters); remove or replace it");
}

}  // namespace
}  // namespace stackgen::aws
