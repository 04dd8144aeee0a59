#include "stackgen/aws/function.h"

#include <gtest/gtest.h>

#include "aws_test_util.h"
#include "stackgen/aws/names.h"
#include "stackgen/core/hash.h"
#include "stackgen/packaging/zip.h"

namespace stackgen::aws {
namespace {

using nlohmann::json;
using testing::body_of;
using testing::error_of;
using testing::ref;

struct FunctionFixture : testing::Fixture {
  Function& make(FunctionConfig config = {}) {
    if (config.function_name.empty()) config.function_name = "orders-handler";
    if (config.code_folder.empty()) config.code_folder = handler;
    return stack.add<Function>("fn", std::move(config));
  }
};

TEST(Function, RendersAPythonFunctionWithSafeDefaults) {
  FunctionFixture f;
  Function& fn = f.make();
  json doc = f.synth();
  std::string zip = fn.code().relative_path();
  EXPECT_EQ(body_of(doc, fn.resource()),
            json({{"architectures", {"x86_64"}},
                  {"depends_on", {fn.log_group().address(), fn.role_policy().address()}},
                  {"filename", zip},
                  {"function_name", "orders-handler"},
                  {"handler", "handler.lambda_handler"},
                  {"memory_size", 256},
                  {"role", ref(fn.role(), "arn")},
                  {"runtime", "python3.12"},
                  {"source_code_hash", core::to_base64(core::sha256(*fn.code().archive_bytes()))},
                  {"timeout", 10},
                  {"tracing_config", {{{"mode", "Active"}}}}}));
}

TEST(Function, ShipsTheZipItHashes) {
  FunctionFixture f;
  Function& fn = f.make();
  json doc = f.synth();
  std::string bytes = stackgen::testing::read_text(f.stack_dir() / fn.code().relative_path());
  EXPECT_EQ(bytes, packaging::package_folder(f.handler).bytes);
  EXPECT_EQ(body_of(doc, fn.resource()).at("source_code_hash"),
            core::to_base64(core::sha256(bytes)));
}

TEST(Function, CreatesItsLogGroupNamedAfterTheFunction) {
  FunctionFixture f;
  Function& fn = f.make({.log_retention_in_days = 90});
  json doc = f.synth();
  EXPECT_EQ(body_of(doc, fn.log_group()),
            json({{"name", "/aws/lambda/orders-handler"}, {"retention_in_days", 90}}));
}

TEST(Function, HasARoleTrustedOnlyByLambda) {
  FunctionFixture f;
  Function& fn = f.make();
  json doc = f.synth();
  EXPECT_EQ(body_of(doc, fn.role()),
            json({{"assume_role_policy",
                   "${jsonencode({\"Statement\" = [{\"Action\" = [\"sts:AssumeRole\"], \"Effect\" "
                   "= \"Allow\", \"Principal\" = {\"Service\" = [\"lambda.amazonaws.com\"]}}], "
                   "\"Version\" = \"2012-10-17\"})}"},
                  {"description", "Execution role of Lambda function orders-handler"},
                  {"name", "orders-handler-role"}}));
}

TEST(Function, AllowsItsOwnLogStreamsAndXRayOnly) {
  FunctionFixture f;
  Function& fn = f.make();
  json doc = f.synth();
  EXPECT_EQ(body_of(doc, fn.role_policy()),
            json({{"name", "orders-handler-role-policy"},
                  {"policy",
                   "${jsonencode({\"Statement\" = [{\"Action\" = [\"logs:CreateLogStream\", "
                   "\"logs:PutLogEvents\"], \"Effect\" = \"Allow\", \"Resource\" = [\"${" +
                       fn.log_group().address() +
                       ".arn}:log-stream:*\"], \"Sid\" = \"WriteOwnLogs\"}, {\"Action\" = "
                       "[\"xray:PutTelemetryRecords\", \"xray:PutTraceSegments\"], \"Effect\" = "
                       "\"Allow\", \"Resource\" = [\"*\"], \"Sid\" = \"XRayTracing\"}], "
                       "\"Version\" = \"2012-10-17\"})}"},
                  {"role", ref(fn.role(), "name")}}));
}

TEST(Function, LeavesXRayOutWhenTracingIsOff) {
  FunctionFixture f;
  Function& fn = f.make({.tracing = false});
  json doc = f.synth();
  EXPECT_FALSE(body_of(doc, fn.resource()).contains("tracing_config"));
  ASSERT_EQ(fn.policy_document().statements().size(), 1u);
  EXPECT_EQ(fn.policy_document().statements()[0].sid, "WriteOwnLogs");
}

TEST(Function, AddsGrantedStatementsToItsPolicyOnce) {
  FunctionFixture f;
  Function& fn = f.make();
  PolicyStatement read{.actions = {"s3:GetObject"}, .resources = {"arn:aws:s3:::bucket/*"}};
  EXPECT_TRUE(fn.add_to_policy(read));
  EXPECT_FALSE(fn.add_to_policy(read));
  json doc = f.synth();
  std::string policy = body_of(doc, fn.role_policy()).at("policy");
  EXPECT_NE(policy.find("{\"Action\" = [\"s3:GetObject\"], \"Effect\" = \"Allow\", \"Resource\" = "
                        "[\"arn:aws:s3:::bucket/*\"]}, "),
            std::string::npos)
      << policy;
  EXPECT_EQ(fn.policy_document().statements().size(), 3u);
}

TEST(Function, PrefixesGrantErrorsWithItsPath) {
  FunctionFixture f;
  Function& fn = f.make();
  EXPECT_EQ(error_of([&] { fn.add_to_policy({.actions = {"s3:*"}, .resources = {"*"}}); },
                     core::ErrorCategory::kUsage),
            "function \"test/fn\": policy statement with actions [\"s3:*\"]: action \"s3:*\" "
            "grants every action of its service; name the actions the grantee needs");
}

TEST(Function, WritesEnvironmentMemoryTimeoutArchitectureAndConcurrency) {
  FunctionFixture f;
  Function& fn = f.make({.description = "orders",
                         .environment = {{"MODE", "fast"}, {"TABLE", "t1"}},
                         .timeout = 900,
                         .memory_size = 10240,
                         .architecture = Architecture::kArm64,
                         .reserved_concurrent_executions = 0});
  json body = body_of(f.synth(), fn.resource());
  EXPECT_EQ(body.at("description"), "orders");
  EXPECT_EQ(body.at("environment"),
            json::parse(R"([{"variables": {"MODE": "fast", "TABLE": "t1"}}])"));
  EXPECT_EQ(body.at("timeout"), 900);
  EXPECT_EQ(body.at("memory_size"), 10240);
  EXPECT_EQ(body.at("architectures"), json::array({"arm64"}));
  EXPECT_EQ(body.at("reserved_concurrent_executions"), 0);
}

TEST(Function, ShortensADerivedRoleNameThatWouldBeTooLong) {
  FunctionFixture f;
  std::string name(64, 'f');
  Function& fn = f.make({.function_name = name});
  std::string expected = std::string(55, 'f') + "-a46991f8";
  EXPECT_EQ(fn.role_name(), expected);
  json doc = f.synth();
  EXPECT_EQ(body_of(doc, fn.role()).at("name"), expected);
  EXPECT_EQ(body_of(doc, fn.role_policy()).at("name"), expected + "-policy");
}

TEST(Function, UsesTheRoleNameGiven) {
  FunctionFixture f;
  Function& fn = f.make({.role_name = "custom@role"});
  EXPECT_EQ(body_of(f.synth(), fn.role()).at("name"), "custom@role");
}

TEST(Function, RejectsInvalidInputsNamingFieldValueLimitAndFix) {
  struct Row {
    std::string name;
    FunctionConfig config;
    std::string message;
  };
  const std::vector<Row> rows = {
      {"bad character",
       {.function_name = "orders.handler"},
       "function \"test/fn\": function_name \"orders.handler\" contains \".\"; Lambda function "
       "names may only use letters, digits, \"-\" and \"_\" (1 to 64 characters); remove or "
       "replace it"},
      {"too long",
       {.function_name = std::string(65, 'x')},
       "function \"test/fn\": function_name \"" + std::string(65, 'x') +
           "\" has 65 characters; Lambda function names have 1 to 64 characters; use a shorter "
           "name"},
      {"timeout 0",
       {.timeout = 0},
       "function \"test/fn\": timeout 0 is out of range; Lambda allows 1 to 900 seconds; set "
       ".timeout within it"},
      {"timeout 901",
       {.timeout = 901},
       "function \"test/fn\": timeout 901 is out of range; Lambda allows 1 to 900 seconds; set "
       ".timeout within it"},
      {"memory 127",
       {.memory_size = 127},
       "function \"test/fn\": memory_size 127 is out of range; Lambda allows 128 to 10240 MB; "
       "set .memory_size within it"},
      {"memory 10241",
       {.memory_size = 10241},
       "function \"test/fn\": memory_size 10241 is out of range; Lambda allows 128 to 10240 MB; "
       "set .memory_size within it"},
      {"retention",
       {.log_retention_in_days = 2},
       "function \"test/fn\": log_retention_in_days 2 is not a retention CloudWatch Logs "
       "accepts; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, "
       "1827, 2192, 2557, 2922, 3288, 3653 days"},
      {"variable name",
       {.environment = {{"1ST", "x"}}},
       "function \"test/fn\": environment variable \"1ST\" is not a valid name; Lambda takes a "
       "letter followed by letters, digits and \"_\"; rename it"},
      {"reserved variable",
       {.environment = {{"AWS_REGION", "x"}}},
       "function \"test/fn\": environment variable \"AWS_REGION\" is reserved by Lambda, which "
       "sets it itself; use another name"},
      {"concurrency",
       {.reserved_concurrent_executions = -1},
       "function \"test/fn\": reserved_concurrent_executions -1 is negative; reserve 0 or more, "
       "or leave it unset to use the unreserved pool"},
      {"handler",
       {.handler = "handler lambda"},
       "function \"test/fn\": handler \"handler lambda\" is not a valid entry point; Lambda "
       "takes 1 to 128 characters without spaces, like \"handler.lambda_handler\""},
      {"role name",
       {.role_name = "my role"},
       "function \"test/fn\": role_name \"my role\" contains \" \"; IAM role names may only use "
       "letters, digits and \"+=,.@_-\" (1 to 64 characters); remove or replace it"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    FunctionFixture f;
    EXPECT_EQ(error_of([&] { f.make(row.config); }, core::ErrorCategory::kUsage), row.message);
  }
}

TEST(Function, RejectsACodeFolderWithoutHandlerPyWithThePackagersMessage) {
  FunctionFixture f;
  std::filesystem::path empty = stackgen::testing::make_temp_dir("empty");
  std::ofstream(empty / "main.py") << "x = 1\n";
  std::string expected =
      error_of([&] { packaging::package_folder(empty); }, core::ErrorCategory::kUsage);
  EXPECT_EQ(error_of([&] { f.make({.code_folder = empty}); }, core::ErrorCategory::kUsage),
            expected);
}

}  // namespace
}  // namespace stackgen::aws
