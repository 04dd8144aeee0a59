// The naming rules of generated bindings (documented in stackgen/codegen/generator.h).
#include "naming.h"

#include <gtest/gtest.h>

namespace stackgen::codegen::detail {
namespace {

TEST(Naming, RecognisesKeywordsAndAlternativeTokens) {
  for (const char* word : {"namespace", "delete", "and", "or", "not", "xor", "bitand", "compl",
                           "co_await", "requires", "char8_t", "import", "module", "this"}) {
    SCOPED_TRACE(word);
    EXPECT_TRUE(is_cpp_keyword(word));
  }
  for (const char* word : {"name", "final", "override", "id", "", "Namespace"}) {
    SCOPED_TRACE(word);
    EXPECT_FALSE(is_cpp_keyword(word));
  }
}

TEST(Naming, PascalCasesTerraformNames) {
  EXPECT_EQ(pascal_case("lambda_function"), "LambdaFunction");
  EXPECT_EQ(pascal_case("apigatewayv2_stage"), "Apigatewayv2Stage");
  EXPECT_EQ(pascal_case("data_aws_iam_policy_document"), "DataAwsIamPolicyDocument");
  EXPECT_EQ(pascal_case("a-b__c"), "ABC");
}

TEST(Naming, EscapesKeywordsReservedNamesAndNamespaces) {
  NameScope fields;
  const std::set<std::string, std::less<>> reserved = {"meta"};
  EXPECT_EQ(member_name("namespace", reserved, fields), "namespace_");
  EXPECT_EQ(member_name("delete", reserved, fields), "delete_");
  EXPECT_EQ(member_name("meta", reserved, fields), "meta_");
  EXPECT_EQ(member_name("core", reserved, fields), "core_");
  EXPECT_EQ(member_name("std", reserved, fields), "std_");
  EXPECT_EQ(member_name("function_name", reserved, fields), "function_name");
  EXPECT_EQ(member_name("dash-name", reserved, fields), "dash_name");
  EXPECT_EQ(member_name("dash_name", reserved, fields), "dash_name_2");
  EXPECT_EQ(member_name("meta_", reserved, fields), "meta_2");
}

TEST(Naming, ClaimsSuffixedNamesWhenTaken) {
  NameScope scope;
  EXPECT_EQ(scope.claim("S3BucketVersioning", "Block"), "S3BucketVersioning");
  EXPECT_EQ(scope.claim("S3BucketVersioning", "Block"), "S3BucketVersioningBlock");
  EXPECT_EQ(scope.claim("S3BucketVersioning", "Block"), "S3BucketVersioningBlock2");
  EXPECT_EQ(scope.claim_numbered("data_x", "_"), "data_x");
  EXPECT_EQ(scope.claim_numbered("data_x", "_"), "data_x_2");
}

}  // namespace
}  // namespace stackgen::codegen::detail
