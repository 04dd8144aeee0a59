#include "stackgen/aws/policy.h"

#include <gtest/gtest.h>

#include "aws_test_util.h"
#include "stackgen/core/element.h"

namespace stackgen::aws {
namespace {

using testing::error_of;

// A stack with one resource to refer to, and a resource that renders a policy's text.
struct PolicyFixture : testing::Fixture {
  core::GenericResource& bucket = stack.add<core::GenericResource>(
      "bucket", "aws_s3_bucket", core::Value::Map{{"bucket", core::Value::string("b")}});

  core::String bucket_arn() const { return core::String(bucket.attr("arn")); }

  // The policy text as Terraform sees it in cdk.tf.json.
  std::string rendered(const PolicyDocument& doc) {
    auto& holder =
        stack.add<core::GenericResource>("holder" + std::to_string(++count_), "aws_iam_policy",
                                         core::Value::Map{{"policy", doc.to_json().value()}});
    core::RenderContext context(stack);
    return holder.render(context).at("policy").get<std::string>();
  }

 private:
  int count_ = 0;
};

TEST(PolicyDocument, RendersSortedActionsAndListsThroughJsonencode) {
  PolicyFixture f;
  PolicyDocument doc;
  doc.add_statement({.actions = {"s3:PutObject", "s3:GetObject", "s3:PutObject"},
                     .resources = {f.bucket_arn() + "/*"}});
  EXPECT_EQ(f.rendered(doc),
            "${jsonencode({\"Statement\" = [{\"Action\" = [\"s3:GetObject\", \"s3:PutObject\"], "
            "\"Effect\" = \"Allow\", \"Resource\" = [\"${aws_s3_bucket.bucket.arn}/*\"]}], "
            "\"Version\" = \"2012-10-17\"})}");
}

TEST(PolicyDocument, AddingAnEqualStatementTwiceAddsNothing) {
  PolicyFixture f;
  PolicyDocument doc;
  EXPECT_TRUE(doc.add_statement({.actions = {"s3:GetObject"}, .resources = {f.bucket_arn()}}));
  EXPECT_FALSE(doc.add_statement({.actions = {"s3:GetObject"}, .resources = {f.bucket_arn()}}));
  // The same statement written differently is still the same statement.
  EXPECT_FALSE(doc.add_statement({.actions = {"s3:GetObject", "s3:GetObject"},
                                  .resources = {f.bucket_arn(), f.bucket_arn()}}));
  EXPECT_EQ(doc.statements().size(), 1u);
}

TEST(PolicyDocument, DeduplicatesAndSortsResources) {
  PolicyFixture f;
  PolicyDocument doc;
  doc.add_statement({.actions = {"s3:GetObject"},
                     .resources = {f.bucket_arn(), "arn:aws:s3:::b", f.bucket_arn()}});
  ASSERT_EQ(doc.statements().size(), 1u);
  const std::vector<core::String>& resources = doc.statements()[0].resources;
  ASSERT_EQ(resources.size(), 2u);
  EXPECT_EQ(resources[0].value().as_string(), "arn:aws:s3:::b");
  EXPECT_EQ(resources[1].value().kind(), core::Value::Kind::kReference);
}

TEST(PolicyDocument, OrdersStatementsTheSameWhateverTheInsertionOrder) {
  PolicyFixture f;
  PolicyStatement a{.sid = "A", .actions = {"s3:GetObject"}, .resources = {"arn:aws:s3:::a"}};
  PolicyStatement b{.sid = "B", .actions = {"s3:GetObject"}, .resources = {"arn:aws:s3:::b"}};
  PolicyStatement unnamed{.actions = {"sqs:SendMessage"}, .resources = {"arn:aws:sqs:x"}};
  PolicyDocument one, two;
  for (const PolicyStatement& s : {a, b, unnamed}) one.add_statement(s);
  for (const PolicyStatement& s : {unnamed, b, a}) two.add_statement(s);
  EXPECT_EQ(f.rendered(one), f.rendered(two));
  ASSERT_EQ(one.statements().size(), 3u);
  EXPECT_EQ(one.statements()[0].sid, "");
  EXPECT_EQ(one.statements()[1].sid, "A");
  EXPECT_EQ(one.statements()[2].sid, "B");
}

TEST(PolicyDocument, RendersPrincipalsAndConditions) {
  PolicyFixture f;
  PolicyDocument doc;
  doc.add_statement({.actions = {"kms:Decrypt"},
                     .resources = {"arn:aws:kms:us-east-1:123456789012:key/k"},
                     .conditions = {{.test = "StringEquals",
                                     .variable = "kms:ViaService",
                                     .values = {"secretsmanager.us-east-1.amazonaws.com"}}}});
  doc.add_statement(
      {.actions = {"sts:AssumeRole"}, .principals = {{"Service", {"lambda.amazonaws.com"}}}});
  EXPECT_EQ(f.rendered(doc),
            "${jsonencode({\"Statement\" = [{\"Action\" = [\"kms:Decrypt\"], \"Condition\" = "
            "{\"StringEquals\" = {\"kms:ViaService\" = "
            "[\"secretsmanager.us-east-1.amazonaws.com\"]}}, \"Effect\" = \"Allow\", "
            "\"Resource\" = [\"arn:aws:kms:us-east-1:123456789012:key/k\"]}, {\"Action\" = "
            "[\"sts:AssumeRole\"], \"Effect\" = \"Allow\", \"Principal\" = {\"Service\" = "
            "[\"lambda.amazonaws.com\"]}}], \"Version\" = \"2012-10-17\"})}");
}

TEST(PolicyDocument, EscapesPolicyVariablesInLiteralText) {
  PolicyFixture f;
  PolicyDocument doc;
  doc.add_statement(
      {.actions = {"s3:GetObject"}, .resources = {"arn:aws:s3:::b/${aws:username}/*"}});
  EXPECT_NE(f.rendered(doc).find("\"arn:aws:s3:::b/$${aws:username}/*\""), std::string::npos);
}

TEST(PolicyDocument, RejectsWildcardActions) {
  struct Row {
    std::string action;
    std::string message;
  };
  const Row rows[] = {
      {"*",
       "policy statement with actions [\"*\"]: action \"*\" grants every action; name the "
       "actions the grantee needs"},
      {"logs:*",
       "policy statement with actions [\"logs:*\"]: action \"logs:*\" grants every "
       "action of its service; name the actions the grantee needs"},
      {"PutLogEvents",
       "policy statement with actions [\"PutLogEvents\"]: action \"PutLogEvents\" "
       "is not of the form \"service:ActionName\"; write it like "
       "\"logs:PutLogEvents\""},
      {"logs:Put Log",
       "policy statement with actions [\"logs:Put Log\"]: action \"logs:Put Log\" "
       "is not of the form \"service:ActionName\"; write it like "
       "\"logs:PutLogEvents\""},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.action);
    PolicyDocument doc;
    EXPECT_EQ(error_of([&] { doc.add_statement({.actions = {row.action}, .resources = {"*"}}); },
                       core::ErrorCategory::kUsage),
              row.message);
  }
}

TEST(PolicyDocument, RejectsStatementsWithoutActions) {
  PolicyDocument doc;
  EXPECT_EQ(error_of([&] { doc.add_statement({.resources = {"arn:aws:s3:::b"}}); },
                     core::ErrorCategory::kUsage),
            "policy statement with actions []: no actions; list at least one action");
}

TEST(PolicyDocument, RejectsSidsThatAreNotAlphanumeric) {
  PolicyDocument doc;
  EXPECT_EQ(
      error_of(
          [&] {
            doc.add_statement(
                {.sid = "read-it", .actions = {"s3:GetObject"}, .resources = {"arn:aws:s3:::b"}});
          },
          core::ErrorCategory::kUsage),
      "policy statement with actions [\"s3:GetObject\"]: sid \"read-it\" contains \"-\"; a "
      "statement id may only use letters and digits");
}

TEST(PolicyDocument, RejectsASidUsedByAnotherStatement) {
  PolicyDocument doc;
  doc.add_statement({.sid = "Read", .actions = {"s3:GetObject"}, .resources = {"arn:aws:s3:::a"}});
  EXPECT_EQ(
      error_of(
          [&] {
            doc.add_statement(
                {.sid = "Read", .actions = {"s3:GetObject"}, .resources = {"arn:aws:s3:::b"}});
          },
          core::ErrorCategory::kConstruction),
      "policy statement sid \"Read\" is already used by a different statement of the same policy; "
      "give one of them another sid");
}

TEST(PolicyDocument, RejectsARepeatedCondition) {
  PolicyDocument doc;
  PolicyCondition c{.test = "StringEquals", .variable = "aws:SourceAccount", .values = {"1"}};
  EXPECT_EQ(error_of(
                [&] {
                  doc.add_statement({.actions = {"s3:GetObject"},
                                     .resources = {"arn:aws:s3:::a"},
                                     .conditions = {c, c}});
                },
                core::ErrorCategory::kUsage),
            "policy statement with actions [\"s3:GetObject\"]: condition \"StringEquals\" on "
            "\"aws:SourceAccount\" appears twice; put all its values in one PolicyCondition");
}

TEST(PolicyDocument, RejectsAConditionWithoutValues) {
  PolicyDocument doc;
  EXPECT_EQ(error_of(
                [&] {
                  doc.add_statement({.actions = {"s3:GetObject"},
                                     .resources = {"arn:aws:s3:::a"},
                                     .conditions = {{.test = "StringEquals", .variable = "k"}}});
                },
                core::ErrorCategory::kUsage),
            "policy statement with actions [\"s3:GetObject\"]: condition \"StringEquals\" on "
            "\"k\" needs an operator, a key and at least one value; set .test, .variable and "
            ".values");
}

TEST(CanonicalText, NamesReferencesByConstructPath) {
  PolicyFixture f;
  EXPECT_EQ(canonical_text(f.bucket_arn().value()), "ref(test/bucket.arn)");
  EXPECT_EQ(canonical_text((f.bucket_arn() + "/*").value()),
            "template(ref(test/bucket.arn),\"/*\")");
  EXPECT_EQ(canonical_text(core::Value::string("a\"b")), "\"a\\\"b\"");
}

}  // namespace
}  // namespace stackgen::aws
