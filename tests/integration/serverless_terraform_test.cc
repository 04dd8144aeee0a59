// The serverless stack through the real binary and real terraform (cases C01, C02, C04, C06,
// C10, C11): synth, copy the output elsewhere, init, validate, plan, show, and
// `terraform test` with a mock provider running an apply.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "stackgen/core/hash.h"
#include "terraform.h"

namespace {

namespace fs = std::filesystem;
using stackgen::testing::make_temp_dir;
using stackgen::testing::read_text;
using stackgen::testing::run_terraform;

constexpr const char* kStack = "serverless-api";
constexpr const char* kSecretSentinel = "SENTINEL-secret-value-5f3a";

struct Command {
  int code;
  std::string output;
};

Command run_shell(const std::string& command) {
  Command result{-1, {}};
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, n);
  int status = ::pclose(pipe);
  result.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// Synthesizes once with the real binary from the project folder, then copies cdktf.out to
// another folder (the copy is what terraform runs in: no absolute paths may leak).
class ServerlessStack : public ::testing::Test {
 public:
  static void SetUpTestSuite() {
    fs::path work = make_temp_dir("serverless");
    out_ = new fs::path(work / "synth" / "cdktf.out");
    synth_ =
        new Command(run_shell(fmt::format("cd '{}' && '{}' synth --output '{}'",
                                          STACKGEN_SOURCE_DIR, STACKGEN_BINARY, out_->string())));
    copy_ = new fs::path(work / "moved" / "cdktf.out");
    fs::create_directories(copy_->parent_path());
    if (synth_->code == 0) fs::copy(*out_, *copy_, fs::copy_options::recursive);
    fs::remove_all(work / "synth");
  }
  static void TearDownTestSuite() {
    delete out_;
    delete copy_;
    delete synth_;
  }

  static fs::path stack_dir() { return *copy_ / "stacks" / kStack; }
  static nlohmann::json document() {
    return nlohmann::json::parse(read_text(stack_dir() / "cdk.tf.json"));
  }
  // The one resource of `type`; fails the test when there is not exactly one.
  static std::string only(const nlohmann::json& doc, const std::string& type) {
    const auto& of_type = doc["resource"][type];
    EXPECT_EQ(of_type.size(), 1u) << type;
    return of_type.empty() ? std::string() : type + "." + of_type.begin().key();
  }

  static fs::path* out_;
  static fs::path* copy_;
  static Command* synth_;
};

fs::path* ServerlessStack::out_ = nullptr;
fs::path* ServerlessStack::copy_ = nullptr;
Command* ServerlessStack::synth_ = nullptr;

TEST_F(ServerlessStack, SynthSucceedsAndSaysWhereTheStackIs) {
  ASSERT_EQ(synth_->code, 0) << synth_->output;
  EXPECT_NE(synth_->output.find(fmt::format("stackgen: synthesized 1 stack (")), std::string::npos)
      << synth_->output;
  EXPECT_TRUE(fs::is_regular_file(stack_dir() / "cdk.tf.json"));
}

TEST_F(ServerlessStack, C04SourceCodeHashMatchesTheZipAtFilename) {
  ASSERT_EQ(synth_->code, 0) << synth_->output;
  nlohmann::json doc = document();
  const auto& fns = doc["resource"]["aws_lambda_function"];
  ASSERT_EQ(fns.size(), 1u);
  const auto& fn = fns.begin().value();
  std::string filename = fn["filename"];
  EXPECT_FALSE(fs::path(filename).is_absolute()) << filename;
  std::string zip = read_text(stack_dir() / filename);
  ASSERT_FALSE(zip.empty()) << filename;
  EXPECT_EQ(fn["source_code_hash"], stackgen::core::to_base64(stackgen::core::sha256(zip)));
  // The CMake target and synthesis package the same folder with the same library.
  if (fs::exists(STACKGEN_LAMBDA_ZIP)) {
    EXPECT_EQ(zip, read_text(STACKGEN_LAMBDA_ZIP));
  }
  // Nothing in the document points back at the machine that synthesized it.
  std::string text = read_text(stack_dir() / "cdk.tf.json");
  EXPECT_EQ(text.find(STACKGEN_SOURCE_DIR), std::string::npos);
  EXPECT_EQ(text.find("/tmp/"), std::string::npos);
}

TEST_F(ServerlessStack, ValidatesAndPlansOfflineWithoutLeakingTheSecret) {
  STACKGEN_REQUIRE_TERRAFORM();
  ASSERT_EQ(synth_->code, 0) << synth_->output;
  fs::path dir = make_temp_dir("plan") / "stack";
  fs::copy(stack_dir(), dir, fs::copy_options::recursive);
  stackgen::testing::write_offline_provider_override(dir);
  auto init = run_terraform(dir, "init -backend=false -input=false -no-color");
  ASSERT_EQ(init.exit_code, 0) << init.output;
  auto validate = run_terraform(dir, "validate -no-color");
  ASSERT_EQ(validate.exit_code, 0) << validate.output;
  EXPECT_NE(validate.output.find("Success! The configuration is valid."), std::string::npos);

  auto plan =
      run_terraform(dir, fmt::format("plan -refresh=false -input=false -no-color -out=tfplan "
                                     "-var 'config_secret_value={{\"token\":\"{}\"}}'",
                                     kSecretSentinel));
  ASSERT_EQ(plan.exit_code, 0) << plan.output;
  nlohmann::json doc = document();
  std::size_t expected = 0;
  for (const auto& [type, entries] : doc["resource"].items()) expected += entries.size();
  EXPECT_NE(plan.output.find(fmt::format("Plan: {} to add, 0 to change, 0 to destroy.", expected)),
            std::string::npos)
      << plan.output;
  EXPECT_EQ(plan.output.find(kSecretSentinel), std::string::npos);

  auto show = run_terraform(dir, "show -json tfplan");
  ASSERT_EQ(show.exit_code, 0) << show.output;
  EXPECT_EQ(show.output.find(kSecretSentinel), std::string::npos) << "secret value in the plan";
  nlohmann::json planned = nlohmann::json::parse(show.output);
  std::map<std::string, int> planned_types, synthesized_types;
  for (const auto& r : planned["planned_values"]["root_module"]["resources"]) {
    ++planned_types[r["type"].get<std::string>()];
  }
  for (const auto& [type, entries] : doc["resource"].items()) {
    synthesized_types[type] = static_cast<int>(entries.size());
  }
  EXPECT_EQ(planned_types, synthesized_types);
  std::map<std::string, int> required = {{"aws_apigatewayv2_api", 1},
                                         {"aws_apigatewayv2_integration", 1},
                                         {"aws_apigatewayv2_route", 2},
                                         {"aws_apigatewayv2_stage", 1},
                                         {"aws_cloudwatch_log_group", 2},
                                         {"aws_iam_policy", 1},
                                         {"aws_iam_role", 1},
                                         {"aws_iam_role_policy", 1},
                                         {"aws_lambda_function", 1},
                                         {"aws_lambda_permission", 1},
                                         {"aws_secretsmanager_secret", 1},
                                         {"aws_secretsmanager_secret_version", 1}};
  for (const auto& [type, count] : required) {
    SCOPED_TRACE(type);
    EXPECT_EQ(planned_types[type], count);
  }
  std::string plan_file = read_text(dir / "tfplan");
  EXPECT_EQ(plan_file.find(kSecretSentinel), std::string::npos);
}

TEST(StackgenBinary, RejectsBadInputsAndLeavesThePreviousOutputUntouched) {
  fs::path out = make_temp_dir("bad-inputs") / "cdktf.out";
  std::string base = fmt::format("cd '{}' && '{}' synth --output '{}'", STACKGEN_SOURCE_DIR,
                                 STACKGEN_BINARY, out.string());
  Command good = run_shell(base);
  ASSERT_EQ(good.code, 0) << good.output;
  std::string before = read_text(out / "stacks" / kStack / "cdk.tf.json");
  struct Row {
    const char* args;
    int code;
    const char* start;
  };
  const Row rows[] = {
      {"--context memory_size=5", 2,
       "stackgen: usage error: context \"memory_size\": \"5\" is out of range"},
      {"--context recovery_window_days=3", 2,
       "stackgen: usage error: context \"recovery_window_days\": \"3\" is out of range"},
      {"--context memroy_size=512", 2,
       "stackgen: usage error: context key \"memroy_size\": unknown; known keys: app_name,"},
      {"--context app_name=Bad_Name", 2,
       "stackgen: usage error: context \"app_name\": \"Bad_Name\""},
      {"--context handler_dir=/nonexistent", 2, "stackgen: usage error: context \"handler_dir\""},
      {"--stack nope", 2, "stackgen: usage error: --stack \"nope\": no such stack"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.args);
    Command bad = run_shell(base + " " + row.args);
    EXPECT_EQ(bad.code, row.code) << bad.output;
    EXPECT_EQ(bad.output.rfind(row.start, 0), 0u) << bad.output;
    EXPECT_EQ(std::count(bad.output.begin(), bad.output.end(), '\n'), 1) << bad.output;
    EXPECT_EQ(read_text(out / "stacks" / kStack / "cdk.tf.json"), before);
  }
}

// Writes a terraform test that applies the stack against a mock provider and asserts the
// properties that matter, addressing resources by the names synthesis gave them.
std::string mock_apply_test(const nlohmann::json& doc) {
  std::string permission = ServerlessStack::only(doc, "aws_lambda_permission");
  std::string function = ServerlessStack::only(doc, "aws_lambda_function");
  std::string integration = ServerlessStack::only(doc, "aws_apigatewayv2_integration");
  std::string stage = ServerlessStack::only(doc, "aws_apigatewayv2_stage");
  std::string api = ServerlessStack::only(doc, "aws_apigatewayv2_api");
  std::string secret = ServerlessStack::only(doc, "aws_secretsmanager_secret");
  std::string role_policy = ServerlessStack::only(doc, "aws_iam_role_policy");
  // Computed ARNs get well-formed mock values: the provider checks ARN syntax on apply.
  std::string text = R"(mock_provider "aws" {
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::123456789012:role/mock-role" }
  }
  mock_resource "aws_iam_policy" {
    defaults = { arn = "arn:aws:iam::123456789012:policy/mock-policy" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:us-east-1:123456789012:log-group:mock" }
  }
  mock_resource "aws_secretsmanager_secret" {
    defaults = { arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:mock-AbCdEf" }
  }
  mock_resource "aws_apigatewayv2_api" {
    defaults = {
      arn           = "arn:aws:apigateway:us-east-1::/apis/a1b2c3d4e5"
      execution_arn = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5"
    }
  }
  mock_resource "aws_lambda_function" {
    defaults = {
      arn        = "arn:aws:lambda:us-east-1:123456789012:function:mock"
      invoke_arn = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:mock/invocations"
    }
  }
}

variables {
  config_secret_value = "{\"token\":\"mock\"}"
}

run "apply_with_mock_provider" {
  command = apply
)";
  for (const auto& [name, route] : doc["resource"]["aws_apigatewayv2_route"].items()) {
    text += fmt::format(R"(
  assert {{
    condition     = aws_apigatewayv2_route.{0}.authorization_type == "AWS_IAM"
    error_message = "route {0} must require AWS_IAM"
  }})",
                        name);
  }
  text += fmt::format(R"(
  assert {{
    condition     = {0}.source_arn == "${{{1}.execution_arn}}/*/*"
    error_message = "C02: the permission must cover every route, $default included"
  }}
  assert {{
    condition     = {0}.principal == "apigateway.amazonaws.com" && {0}.function_name == {2}.function_name
    error_message = "C02: the permission must name API Gateway and the integrated function"
  }}
  assert {{
    condition     = {3}.integration_type == "AWS_PROXY" && {3}.payload_format_version == "2.0" && {3}.integration_uri == {2}.invoke_arn
    error_message = "C10: the integration must be AWS_PROXY with payload 2.0"
  }}
  assert {{
    condition     = alltrue([for s in {4}.default_route_settings : s.throttling_burst_limit > 0 && s.throttling_rate_limit > 0])
    error_message = "C01: throttling limits must be explicit and positive"
  }}
  assert {{
    condition     = {2}.environment[0].variables["CONFIG_SECRET_ARN"] == {5}.arn
    error_message = "C11: the function must be told the secret's ARN"
  }}
  assert {{
    condition     = contains(flatten([for s in jsondecode({6}.policy).Statement : s.Resource]), {5}.arn)
    error_message = "C11: the role policy must name the secret's exact ARN"
  }}
  assert {{
    condition     = output.invoke_url == {4}.invoke_url && output.secret_arn == {5}.arn && output.function_name == {2}.function_name
    error_message = "outputs must expose the invoke URL, the secret ARN and the function name"
  }}
}}
)",
                      permission, api, function, integration, stage, secret, role_policy);
  return text;
}

TEST_F(ServerlessStack, AppliesAgainstAMockProviderWithTheRightProperties) {
  STACKGEN_REQUIRE_TERRAFORM();
  ASSERT_EQ(synth_->code, 0) << synth_->output;
  fs::path dir = make_temp_dir("tftest") / "stack";
  fs::copy(stack_dir(), dir, fs::copy_options::recursive);
  std::ofstream(dir / "serverless.tftest.hcl") << mock_apply_test(document());
  auto init = run_terraform(dir, "init -backend=false -input=false -no-color");
  ASSERT_EQ(init.exit_code, 0) << init.output;
  auto test = run_terraform(dir, "test -no-color");
  EXPECT_EQ(test.exit_code, 0) << test.output << "\n" << read_text(dir / "serverless.tftest.hcl");
  EXPECT_NE(test.output.find("1 passed, 0 failed."), std::string::npos) << test.output;
}

}  // namespace
