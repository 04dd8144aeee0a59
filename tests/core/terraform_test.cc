// Real terraform, offline: the integration program of the core layer (cases C07, C08).
#include "terraform.h"

#include <gtest/gtest.h>

#include "stackgen/core/app.h"
#include "stackgen/core/fn.h"
#include "stackgen/core/stack.h"

namespace stackgen::core {
namespace {

namespace fs = std::filesystem;
using stackgen::testing::make_temp_dir;
using stackgen::testing::read_text;
using stackgen::testing::run_terraform;

class AwsProvider : public Provider {
 public:
  AwsProvider(Construct& scope, std::string id)
      : Provider(scope, std::move(id), "aws", "hashicorp/aws", "5.100.0", std::nullopt) {}

 protected:
  void render_attributes(ObjectWriter& w) const override { w.attr("region", String("us-east-1")); }
};

constexpr const char* kPolicy =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::home/${aws:username}/*"]}]})";

TEST(TerraformIntegration, C08LiteralTemplateSequencesSurviveAPlan) {
  STACKGEN_REQUIRE_TERRAFORM();
  fs::path out = make_temp_dir("tf-core") / "cdktf.out";
  App app({.outdir = out});
  Stack& stack = app.add<Stack>("core");
  stack.add<AwsProvider>("aws");
  auto& role = stack.add<GenericResource>(
      "role", "aws_iam_role",
      Value::Map{
          {"name", Value::string("stackgen-core-test")},
          {"assume_role_policy",
           Value::string(
               R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"lambda.amazonaws.com"}}]})")}});
  stack.add<GenericResource>("policy", "aws_iam_role_policy",
                             Value::Map{{"name", Value::string("home")},
                                        {"role", role.attr("id")},
                                        {"policy", Value::string(kPolicy)}});
  stack.add<GenericResource>(
      "bucket", "aws_s3_bucket",
      Value::Map{{"bucket", Value::string("stackgen-core-test-bucket")},
                 {"force_destroy", Value::boolean(true)},
                 {"tags", Value::map({{"team", Value::string("core")},
                                      {"template", Value::string("${not_a_ref}")}})}});
  stack.add<Output>("literal", OutputConfig{.value = String("%{ if x }literal%{ endif } ${y}")});
  stack.add<Output>("count", OutputConfig{.value = Number(3)});
  app.synth();

  fs::path dir = out / "stacks/core";
  stackgen::testing::write_offline_provider_override(dir);
  auto init = run_terraform(dir, "init -backend=false -input=false -no-color");
  ASSERT_EQ(init.exit_code, 0) << init.output;
  auto validate = run_terraform(dir, "validate -no-color");
  ASSERT_EQ(validate.exit_code, 0) << validate.output;
  auto plan = run_terraform(dir, "plan -refresh=false -input=false -no-color -out=tfplan");
  ASSERT_EQ(plan.exit_code, 0) << plan.output;
  EXPECT_NE(plan.output.find("Plan: 3 to add, 0 to change, 0 to destroy."), std::string::npos)
      << plan.output;
  auto show = run_terraform(dir, "show -json tfplan");
  ASSERT_EQ(show.exit_code, 0) << show.output;
  nlohmann::json planned = nlohmann::json::parse(show.output);
  nlohmann::json resources = planned["planned_values"]["root_module"]["resources"];
  std::map<std::string, nlohmann::json> by_address;
  for (const auto& r : resources) by_address[r["address"]] = r["values"];
  // The provider normalizes policy JSON, so compare documents, not text.
  EXPECT_EQ(
      nlohmann::json::parse(by_address["aws_iam_role_policy.policy"]["policy"].get<std::string>()),
      nlohmann::json::parse(kPolicy));
  EXPECT_EQ(by_address["aws_s3_bucket.bucket"]["tags"]["template"], "${not_a_ref}");
  EXPECT_EQ(by_address["aws_s3_bucket.bucket"]["force_destroy"], true);
  EXPECT_EQ(planned["planned_values"]["outputs"]["literal"]["value"],
            "%{ if x }literal%{ endif } ${y}");
  EXPECT_EQ(planned["planned_values"]["outputs"]["count"]["value"], 3);
}

TEST(TerraformIntegration, GoldenProgramsValidate) {
  STACKGEN_REQUIRE_TERRAFORM();
  for (const char* name : {"small_program", "meta_program"}) {
    SCOPED_TRACE(name);
    fs::path dir = make_temp_dir(std::string("tf-golden-") + name);
    fs::copy_file(fs::path(STACKGEN_GOLDEN_DIR) / (std::string(name) + ".cdk.tf.json"),
                  dir / "cdk.tf.json");
    auto init = run_terraform(dir, "init -backend=false -input=false -no-color");
    ASSERT_EQ(init.exit_code, 0) << init.output;
    auto validate = run_terraform(dir, "validate -no-color");
    EXPECT_EQ(validate.exit_code, 0) << validate.output;
    EXPECT_NE(validate.output.find("Success! The configuration is valid."), std::string::npos);
  }
}

}  // namespace
}  // namespace stackgen::core
