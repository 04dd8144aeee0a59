#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "stackgen/app/app.h"
#include "stackgen/app/serverless_api_stack.h"
#include "stackgen/core/app.h"
#include "stackgen/core/hash.h"
#include "stackgen/packaging/zip.h"
#include "terraform.h"

namespace stackgen::app {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using stackgen::testing::make_temp_dir;
using stackgen::testing::read_text;

const fs::path kHandlerDir = fs::path(STACKGEN_SOURCE_DIR) / "lambda" / "src";
const fs::path kGolden = fs::path(STACKGEN_GOLDEN_DIR) / "serverless-api.cdk.tf.json";

// One synthesis of the app with `context` (plus handler_dir pointing at the repo's handler).
struct Synth {
  explicit Synth(json context = json::object()) {
    context["handler_dir"] = kHandlerDir.string();
    app = std::make_unique<core::App>(
        core::AppOptions{.outdir = make_temp_dir("app") / "cdktf.out", .context = context});
    build_app(*app);
    result = app->synth();
    stack = dynamic_cast<ServerlessApiStack*>(app->stacks().at(0));
    text = read_text(dir() / "cdk.tf.json");
    doc = json::parse(text);
  }
  fs::path dir() const { return app->outdir() / "stacks" / stack->name(); }
  const json& resource(const core::Resource& r) const {
    return doc.at("resource").at(r.terraform_type()).at(r.logical_id());
  }

  std::unique_ptr<core::App> app;
  core::SynthResult result;
  ServerlessApiStack* stack = nullptr;
  std::string text;
  json doc;
};

std::string ref(const core::Resource& r, const std::string& attribute) {
  return "${" + r.address() + "." + attribute + "}";
}

TEST(ServerlessApiStack, MatchesTheGoldenFileForTheDefaultConfiguration) {
  Synth s;
  const char* update = std::getenv("STACKGEN_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(kGolden, std::ios::binary) << s.text;
    GTEST_SKIP() << "golden file rewritten: " << kGolden;
  }
  EXPECT_EQ(s.text, read_text(kGolden))
      << "run with STACKGEN_UPDATE_GOLDEN=1 to regenerate, then review the diff by hand";
}

TEST(ServerlessApiStack, IsNamedAfterTheAppAndCountsFourteenResources) {
  Synth s;
  EXPECT_EQ(s.stack->name(), "serverless-api");
  ASSERT_EQ(s.result.stacks.size(), 1u);
  EXPECT_EQ(s.result.stacks[0].resources, 14u);
  EXPECT_EQ(s.result.stacks[0].data_sources, 0u);
  EXPECT_EQ(s.result.stacks[0].outputs, 8u);
  EXPECT_FALSE(s.doc.contains("data"));
}

TEST(ServerlessApiStack, SecondSynthIsByteIdentical) {
  Synth first, second;
  EXPECT_EQ(first.text, second.text);
  const std::string zip = first.stack->function().code().relative_path();
  EXPECT_EQ(read_text(first.dir() / zip), read_text(second.dir() / zip));
  EXPECT_EQ(read_text(first.app->outdir() / "manifest.json"),
            read_text(second.app->outdir() / "manifest.json"));
}

TEST(ServerlessApiStack, ShipsAZipWhoseHashIsTheSourceCodeHash) {
  Synth s;
  const json& fn = s.resource(s.stack->function().resource());
  std::string filename = fn.at("filename");
  EXPECT_EQ(filename.rfind("assets/", 0), 0u) << "relative to the stack folder: " << filename;
  std::string bytes = read_text(s.dir() / filename);
  ASSERT_FALSE(bytes.empty());
  EXPECT_EQ(fn.at("source_code_hash"), core::to_base64(core::sha256(bytes)));
  // The same bytes as the lambda_zip target, which packages the folder with default options.
  EXPECT_EQ(bytes, packaging::package_folder(kHandlerDir).bytes);
}

TEST(ServerlessApiStack, RequiresTerraformOneElevenAndPinsTheProvider) {
  Synth s;
  EXPECT_EQ(s.doc.at("terraform").at("required_version"), ">= 1.11");
  EXPECT_EQ(s.doc.at("terraform").at("required_providers").at("aws"),
            json({{"source", "hashicorp/aws"}, {"version", "~> 5.100"}}));
}

TEST(ServerlessApiStack, ConfiguresTheProviderRegionAndDefaultTags) {
  Synth s(json{{"app_name", "orders"}, {"environment", "dev"}, {"region", "eu-west-1"}});
  EXPECT_EQ(s.doc.at("provider").at("aws"),
            json::parse(R"([{"default_tags": [{"tags": {"application": "orders",
                              "environment": "dev", "managed-by": "stackgen"}}],
                              "region": "eu-west-1"}])"));
}

TEST(ServerlessApiStack, NamesEveryPhysicalResourceAfterAppAndEnvironment) {
  Synth s(json{{"app_name", "orders"}, {"environment", "dev"}});
  const ServerlessApiStack& st = *s.stack;
  EXPECT_EQ(s.stack->name(), "orders");
  EXPECT_EQ(s.resource(st.secret().resource()).at("name"), "orders-dev/config");
  EXPECT_EQ(s.resource(st.function().resource()).at("function_name"), "orders-dev-handler");
  EXPECT_EQ(s.resource(st.function().role()).at("name"), "orders-dev-handler-role");
  EXPECT_EQ(s.resource(st.function().role_policy()).at("name"), "orders-dev-handler-role-policy");
  EXPECT_EQ(s.resource(st.function().log_group()).at("name"), "/aws/lambda/orders-dev-handler");
  EXPECT_EQ(s.resource(st.api().resource()).at("name"), "orders-dev-api");
  EXPECT_EQ(s.resource(st.api().access_log_group()).at("name"), "/aws/apigateway/orders-dev-api");
  EXPECT_EQ(s.resource(st.invoker_policy().resource()).at("name"), "orders-dev-invoke-api");
}

TEST(ServerlessApiStack, PassesTheConfigurationToTheFunction) {
  Synth s(json{{"memory_size", "512"},
               {"timeout", 30},
               {"architecture", "arm64"},
               {"log_level", "DEBUG"},
               {"reserved_concurrency", "5"},
               {"log_retention_days", 14}});
  const aws::Function& fn = s.stack->function();
  const json& body = s.resource(fn.resource());
  EXPECT_EQ(body.at("memory_size"), 512);
  EXPECT_EQ(body.at("timeout"), 30);
  EXPECT_EQ(body.at("architectures"), json::array({"arm64"}));
  EXPECT_EQ(body.at("reserved_concurrent_executions"), 5);
  EXPECT_EQ(body.at("environment"),
            json::parse(R"([{"variables": {"CONFIG_CACHE_TTL_SECONDS": "300", "LOG_LEVEL": "DEBUG",
                              "CONFIG_SECRET_ARN": ")" +
                        ref(s.stack->secret().resource(), "arn") + "\"}}]"));
  EXPECT_EQ(s.resource(fn.log_group()).at("retention_in_days"), 14);
  EXPECT_EQ(s.resource(s.stack->api().access_log_group()).at("retention_in_days"), 14);
}

TEST(ServerlessApiStack, TurnsTracingOff) {
  Synth s(json{{"tracing", "false"}});
  EXPECT_FALSE(s.resource(s.stack->function().resource()).contains("tracing_config"));
  EXPECT_EQ(
      s.resource(s.stack->function().role_policy()).at("policy").get<std::string>().find("xray:"),
      std::string::npos);
}

TEST(ServerlessApiStack, PassesThrottlingAndStageToTheApi) {
  Synth s(json{
      {"throttling_burst_limit", "20"}, {"throttling_rate_limit", "12.5"}, {"stage_name", "v1"}});
  const json& stage = s.resource(s.stack->api().stage());
  EXPECT_EQ(stage.at("name"), "v1");
  EXPECT_EQ(stage.at("default_route_settings"),
            json::parse(R"([{"throttling_burst_limit": 20, "throttling_rate_limit": 12.5}])"));
}

TEST(ServerlessApiStack, CreatesNoInvokerRoleByDefault) {
  Synth s;
  EXPECT_EQ(s.stack->invoker_role(), nullptr);
  EXPECT_FALSE(s.doc.at("resource").contains("aws_iam_role_policy_attachment"));
  EXPECT_EQ(s.doc.at("resource").at("aws_iam_role").size(), 1u);  // the function's only
  EXPECT_FALSE(s.doc.at("output").contains("invoker_role_arn"));
}

TEST(ServerlessApiStack, CreatesAnInvokerRoleTrustingExactlyTheConfiguredPrincipals) {
  Synth s(json{{"invoker_principals",
                "arn:aws:iam::123456789012:role/caller, arn:aws:iam::210987654321:user/ops"}});
  ASSERT_NE(s.stack->invoker_role(), nullptr);
  const json& role = s.resource(*s.stack->invoker_role());
  EXPECT_EQ(role.at("name"), "serverless-api-prod-invoker");
  EXPECT_EQ(role.at("assume_role_policy"),
            "${jsonencode({\"Statement\" = [{\"Action\" = [\"sts:AssumeRole\"], \"Effect\" = "
            "\"Allow\", \"Principal\" = {\"AWS\" = [\"arn:aws:iam::123456789012:role/caller\", "
            "\"arn:aws:iam::210987654321:user/ops\"]}}], \"Version\" = \"2012-10-17\"})}");
  const json& attachments = s.doc.at("resource").at("aws_iam_role_policy_attachment");
  ASSERT_EQ(attachments.size(), 1u);
  const json& attachment = attachments.begin().value();
  EXPECT_EQ(attachment.at("role"), ref(*s.stack->invoker_role(), "name"));
  EXPECT_EQ(attachment.at("policy_arn"), ref(s.stack->invoker_policy().resource(), "arn"));
  EXPECT_EQ(s.doc.at("output").at("invoker_role_arn").at("value"),
            ref(*s.stack->invoker_role(), "arn"));
  EXPECT_EQ(s.result.stacks[0].resources, 16u);
}

TEST(ServerlessApiStack, WritesTheS3BackendWithLockfileWhenABucketIsSet) {
  Synth s(json{{"backend_bucket", "my-state"}});
  EXPECT_EQ(s.doc.at("terraform").at("backend"),
            json::parse(R"({"s3": {"bucket": "my-state", "encrypt": true,
                             "key": "serverless-api/prod/terraform.tfstate",
                             "region": "us-east-1", "use_lockfile": true}})"));
}

TEST(ServerlessApiStack, WritesTheBackendSettingsGiven) {
  Synth s(json{{"backend_bucket", "my-state"},
               {"backend_key", "a/b.tfstate"},
               {"backend_region", "eu-central-1"},
               {"backend_use_lockfile", "false"}});
  EXPECT_EQ(s.doc.at("terraform").at("backend"),
            json::parse(R"({"s3": {"bucket": "my-state", "encrypt": true, "key": "a/b.tfstate",
                             "region": "eu-central-1", "use_lockfile": false}})"));
}

TEST(ServerlessApiStack, WritesNoBackendByDefault) {
  Synth s;
  EXPECT_FALSE(s.doc.at("terraform").contains("backend"));
}

TEST(ServerlessApiStack, FeedsTheSecretFromAnEphemeralVariable) {
  Synth s(json{{"secret_version", "3"}});
  EXPECT_EQ(s.doc.at("variable").at("config_secret_value").at("ephemeral"), true);
  const json& version = s.resource(*s.stack->secret().version_resource());
  EXPECT_EQ(version.at("secret_string_wo"), "${var.config_secret_value}");
  EXPECT_EQ(version.at("secret_string_wo_version"), 3);
  EXPECT_EQ(version.at("secret_id"), ref(s.stack->secret().resource(), "arn"));
}

TEST(ServerlessApiStack, CreatesNoSecretVersionForVersionZero) {
  Synth s(json{{"secret_version", 0}});
  EXPECT_FALSE(s.doc.contains("variable"));
  EXPECT_FALSE(s.doc.at("resource").contains("aws_secretsmanager_secret_version"));
  EXPECT_EQ(s.result.stacks[0].resources, 13u);
}

TEST(ServerlessApiStack, PutsNoSecretValueInTheOutput) {
  // The value only ever comes from TF_VAR_config_secret_value at apply time.
  Synth s;
  for (const char* key : {"secret_string", "secret_binary"}) {
    EXPECT_EQ(s.text.find(std::string("\"") + key + "\""), std::string::npos) << key;
  }
}

TEST(ServerlessApiStack, OutputsWhatCallersAndOperatorsNeed) {
  Synth s;
  const ServerlessApiStack& st = *s.stack;
  const json& outputs = s.doc.at("output");
  std::vector<std::string> names;
  for (const auto& [name, body] : outputs.items()) names.push_back(name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"access_log_group_name", "api_endpoint", "function_arn",
                                      "function_log_group_name", "function_name", "invoke_url",
                                      "invoker_policy_arn", "secret_arn"}));
  EXPECT_EQ(outputs.at("api_endpoint").at("value"), ref(st.api().resource(), "api_endpoint"));
  EXPECT_EQ(outputs.at("invoke_url").at("value"), ref(st.api().stage(), "invoke_url"));
  EXPECT_EQ(outputs.at("function_name").at("value"),
            ref(st.function().resource(), "function_name"));
  EXPECT_EQ(outputs.at("function_arn").at("value"), ref(st.function().resource(), "arn"));
  EXPECT_EQ(outputs.at("secret_arn").at("value"), ref(st.secret().resource(), "arn"));
  EXPECT_EQ(outputs.at("invoker_policy_arn").at("value"),
            ref(st.invoker_policy().resource(), "arn"));
  EXPECT_EQ(outputs.at("function_log_group_name").at("value"),
            ref(st.function().log_group(), "name"));
  EXPECT_EQ(outputs.at("access_log_group_name").at("value"),
            ref(st.api().access_log_group(), "name"));
}

TEST(ServerlessApiStack, RejectsAHandlerFolderWithoutHandlerPy) {
  fs::path empty = make_temp_dir("nohandler");
  std::ofstream(empty / "other.py") << "x = 1\n";
  core::App app(
      {.outdir = make_temp_dir("app") / "cdktf.out", .context = {{"handler_dir", empty.string()}}});
  // The packager's own error passes through unchanged.
  std::string expected;
  try {
    packaging::package_folder(empty);
  } catch (const core::Error& e) {
    expected = e.what();
  }
  ASSERT_NE(expected.find("handler.py"), std::string::npos) << expected;
  try {
    build_app(app);
    ADD_FAILURE() << "no error";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.category(), core::ErrorCategory::kUsage);
    EXPECT_EQ(e.what(), expected);
  }
}

}  // namespace
}  // namespace stackgen::app
