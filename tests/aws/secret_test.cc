#include "stackgen/aws/secret.h"

#include <gtest/gtest.h>

#include "aws_test_util.h"
#include "stackgen/aws/iam.h"

namespace stackgen::aws {
namespace {

using nlohmann::json;
using testing::body_of;
using testing::error_of;
using testing::ref;

// A grantee that only collects statements.
struct Collector : Grantable {
  bool add_to_policy(PolicyStatement statement) override {
    return document.add_statement(std::move(statement));
  }
  const PolicyDocument& policy_document() const override { return document; }
  PolicyDocument document;
};

TEST(Secret, RendersNameDescriptionAndRecoveryWindow) {
  testing::Fixture f;
  Secret& secret = f.stack.add<Secret>(
      "config", SecretConfig{.name = "orders/config", .description = "Orders configuration"});
  json doc = f.synth();
  EXPECT_EQ(body_of(doc, secret.resource()), json({{"description", "Orders configuration"},
                                                   {"name", "orders/config"},
                                                   {"recovery_window_in_days", 30}}));
  EXPECT_EQ(secret.version_resource(), nullptr);
  EXPECT_EQ(secret.value_variable(), nullptr);
  EXPECT_FALSE(doc.contains("variable"));
  EXPECT_FALSE(doc.at("resource").contains("aws_secretsmanager_secret_version"));
}

TEST(Secret, WritesACustomerKey) {
  testing::Fixture f;
  Secret& secret = f.stack.add<Secret>(
      "config", SecretConfig{.name = "orders/config",
                             .kms_key_id = "arn:aws:kms:eu-west-1:123456789012:key/abcd-1234"});
  EXPECT_EQ(body_of(f.synth(), secret.resource()).at("kms_key_id"),
            "arn:aws:kms:eu-west-1:123456789012:key/abcd-1234");
}

TEST(Secret, FeedsTheWriteOnlyValueFromASensitiveEphemeralVariable) {
  testing::Fixture f;
  Secret& secret =
      f.stack.add<Secret>("config", SecretConfig{.name = "orders/config", .version = 2});
  json doc = f.synth();
  ASSERT_NE(secret.value_variable(), nullptr);
  EXPECT_EQ(secret.value_variable()->logical_id(), "config_secret_value");
  EXPECT_EQ(doc.at("variable").at("config_secret_value"),
            json({{"description",
                   "Initial value of secret orders/config (JSON text), written once per version "
                   "through the write-only secret_string_wo: never stored in plan or state. Pass "
                   "it at apply time with TF_VAR_config_secret_value='{...}'; it is read again "
                   "only when the version changes."},
                  {"ephemeral", true},
                  {"nullable", false},
                  {"sensitive", true},
                  {"type", "string"}}));
  EXPECT_EQ(body_of(doc, *secret.version_resource()),
            json({{"secret_id", ref(secret.resource(), "arn")},
                  {"secret_string_wo", "${var.config_secret_value}"},
                  {"secret_string_wo_version", 2}}));
}

TEST(Secret, NamesTheVariableAsConfigured) {
  testing::Fixture f;
  Secret& secret = f.stack.add<Secret>(
      "config", SecretConfig{.name = "s", .version = 1, .value_variable = "initial_value"});
  json doc = f.synth();
  EXPECT_TRUE(doc.at("variable").contains("initial_value"));
  EXPECT_EQ(body_of(doc, *secret.version_resource()).at("secret_string_wo"),
            "${var.initial_value}");
}

TEST(Secret, GrantsReadOnItsOwnArnOnly) {
  testing::Fixture f;
  Secret& secret = f.stack.add<Secret>("config", SecretConfig{.name = "s"});
  Collector grantee;
  secret.grant_read(grantee);
  secret.grant_read(grantee);
  ASSERT_EQ(grantee.document.statements().size(), 1u);
  const PolicyStatement& s = grantee.document.statements()[0];
  EXPECT_EQ(s.actions, std::vector<std::string>{"secretsmanager:GetSecretValue"});
  ASSERT_EQ(s.resources.size(), 1u);
  EXPECT_EQ(canonical_text(s.resources[0].value()), canonical_text(secret.arn().value()));
  EXPECT_TRUE(s.conditions.empty());
}

TEST(Secret, GrantsDecryptThroughSecretsManagerWithACustomerKey) {
  testing::Fixture f;
  Secret& secret = f.stack.add<Secret>(
      "config",
      SecretConfig{.name = "s", .kms_key_id = "arn:aws:kms:eu-west-1:123456789012:key/abcd-1234"});
  ManagedPolicy& policy = f.stack.add<ManagedPolicy>("reader", ManagedPolicyConfig{.name = "r"});
  secret.grant_read(policy);
  secret.grant_read(policy);
  json doc = f.synth();
  EXPECT_EQ(body_of(doc, policy.resource()).at("policy"),
            "${jsonencode({\"Statement\" = [{\"Action\" = [\"kms:Decrypt\"], \"Condition\" = "
            "{\"StringEquals\" = {\"kms:ViaService\" = "
            "[\"secretsmanager.eu-west-1.amazonaws.com\"]}}, \"Effect\" = \"Allow\", \"Resource\" "
            "= [\"arn:aws:kms:eu-west-1:123456789012:key/abcd-1234\"]}, {\"Action\" = "
            "[\"secretsmanager:GetSecretValue\"], \"Effect\" = \"Allow\", \"Resource\" = [" +
                secret.resource().address() + ".arn]}], \"Version\" = \"2012-10-17\"})}");
}

TEST(Secret, TakesTheRegionFromTheSecretArnWhenTheKeyIsAReference) {
  testing::Fixture f;
  auto& key = f.stack.add<core::GenericResource>("key", "aws_kms_key", core::Value::Map{});
  Secret& secret = f.stack.add<Secret>(
      "config", SecretConfig{.name = "s", .kms_key_id = core::String(key.attr("arn"))});
  Collector grantee;
  secret.grant_read(grantee);
  ASSERT_EQ(grantee.document.statements().size(), 2u);
  const PolicyStatement& decrypt = grantee.document.statements()[0];
  EXPECT_EQ(decrypt.actions, std::vector<std::string>{"kms:Decrypt"});
  ASSERT_EQ(decrypt.conditions.size(), 1u);
  EXPECT_EQ(canonical_text(decrypt.conditions[0].values[0].value()),
            "template(\"secretsmanager.\",call(element:call(split:\":\",ref(test/config/"
            "secret.arn)),3),\".amazonaws.com\")");
}

TEST(Secret, RejectsInvalidInputsNamingFieldValueRuleAndFix) {
  struct Row {
    std::string name;
    SecretConfig config;
    std::string message;
  };
  const std::vector<Row> rows = {
      {"name",
       {.name = "my secret"},
       "secret \"test/config\": name \"my secret\" contains \" \"; Secrets Manager secret names "
       "may only use letters, digits and \"/_+=.@-\" (1 to 512 characters); remove or replace "
       "it"},
      {"empty name",
       {},
       "secret \"test/config\": name \"\" has 0 characters; Secrets Manager secret names have 1 "
       "to 512 characters; set it"},
      {"version",
       {.name = "s", .version = 0},
       "secret \"test/config\": version 0 is below 1; secret_string_wo_version counts from 1; set "
       "1 or more, or leave version unset to set the value later"},
      {"key",
       {.name = "s", .kms_key_id = "alias/my-key"},
       "secret \"test/config\": kms_key_id \"alias/my-key\" is not a KMS key ARN; grants must "
       "name the key, so pass its ARN (arn:aws:kms:<region>:<account>:key/<id>), not an alias or "
       "key id"},
      {"variable",
       {.name = "s", .version = 1, .value_variable = "secret-value"},
       "secret \"test/config\": value_variable \"secret-value\" is not a Terraform variable name; "
       "use letters, digits and \"_\", starting with a letter or \"_\""},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    testing::Fixture f;
    EXPECT_EQ(
        error_of([&] { f.stack.add<Secret>("config", row.config); }, core::ErrorCategory::kUsage),
        row.message);
  }
}

}  // namespace
}  // namespace stackgen::aws
