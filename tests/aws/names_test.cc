#include "stackgen/aws/names.h"

#include <gtest/gtest.h>

#include "aws_test_util.h"

namespace stackgen::aws {
namespace {

using testing::error_of;

TEST(ShortenName, KeepsNamesWithinTheLimit) {
  EXPECT_EQ(shorten_name("orders-handler-role", 64), "orders-handler-role");
  std::string exactly(64, 'a');
  EXPECT_EQ(shorten_name(exactly, 64), exactly);
}

TEST(ShortenName, KeepsAHeadAndAppendsEightHexDigitsOfTheHash) {
  std::string name = std::string(60, 'a') + "-role";  // 65 characters
  std::string short_name = shorten_name(name, 64);
  EXPECT_EQ(short_name.size(), 64u);
  // 9384b05d: the first 8 hex digits of SHA-256 of the whole name.
  EXPECT_EQ(short_name, std::string(55, 'a') + "-9384b05d");
  EXPECT_EQ(shorten_name(name, 64), short_name);
}

TEST(ShortenName, DropsSeparatorsAtTheEndOfTheHead) {
  std::string name = std::string(54, 'a') + "-_.x" + std::string(20, 'b');
  std::string short_name = shorten_name(name, 64);
  EXPECT_EQ(short_name, std::string(54, 'a') + "-2cbc4573");
  EXPECT_EQ(short_name.size(), 63u);
}

TEST(ShortenName, KeepsLongNamesWithTheSameHeadApart) {
  std::string head(70, 'x');
  EXPECT_NE(shorten_name(head + "1", 64), shorten_name(head + "2", 64));
}

TEST(ShortenName, RejectsALimitTooSmallForTheSuffix) {
  EXPECT_EQ(error_of([] { shorten_name("abc", 9); }, core::ErrorCategory::kConstruction),
            "shorten_name(\"abc\", 9): the limit must be at least 10 to hold a head, \"-\" and 8 "
            "hex digits; pass a larger limit");
}

TEST(Satisfies, ChecksLengthAndCharacters) {
  EXPECT_TRUE(satisfies("my_function-1", kFunctionNameRule));
  EXPECT_FALSE(satisfies("my.function", kFunctionNameRule));
  EXPECT_FALSE(satisfies("", kFunctionNameRule));
  EXPECT_FALSE(satisfies(std::string(65, 'a'), kFunctionNameRule));
  EXPECT_TRUE(satisfies("role+=,.@_-", kRoleNameRule));
  EXPECT_TRUE(satisfies(std::string(128, 'p'), kPolicyNameRule));
  EXPECT_FALSE(satisfies(std::string(129, 'p'), kPolicyNameRule));
  EXPECT_TRUE(satisfies("/aws/lambda/x#1", kLogGroupNameRule));
  EXPECT_FALSE(satisfies(std::string(513, 'l'), kLogGroupNameRule));
}

TEST(CheckName, RejectsWithConstructFieldValueRuleAndFix) {
  testing::Fixture f;
  auto& owner = f.stack.add<core::Construct>("owner");
  EXPECT_EQ(
      error_of([&] { check_name(owner, "function", "function_name", "my fn", kFunctionNameRule); },
               core::ErrorCategory::kUsage),
      "function \"test/owner\": function_name \"my fn\" contains \" \"; Lambda function "
      "names may only use letters, digits, \"-\" and \"_\" (1 to 64 characters); remove or "
      "replace it");
  EXPECT_EQ(error_of([&] { check_name(owner, "function", "function_name", "", kFunctionNameRule); },
                     core::ErrorCategory::kUsage),
            "function \"test/owner\": function_name \"\" has 0 characters; Lambda function names "
            "have 1 to 64 characters; set it");
}

}  // namespace
}  // namespace stackgen::aws
