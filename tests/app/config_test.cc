#include "stackgen/app/config.h"

#include <gtest/gtest.h>

#include "stackgen/core/app.h"
#include "stackgen/core/error.h"
#include "terraform.h"

namespace stackgen::app {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kHandlerDir = std::string(STACKGEN_SOURCE_DIR) + "/lambda/src";

// The context with a handler folder that exists, plus `extra`.
json context_with(json extra) {
  if (extra.is_null()) extra = json::object();
  if (!extra.contains("handler_dir")) extra["handler_dir"] = kHandlerDir;
  return extra;
}

std::string error_of(const json& context) {
  try {
    parse_config(context);
  } catch (const core::Error& e) {
    EXPECT_EQ(e.category(), core::ErrorCategory::kUsage);
    return e.what();
  }
  ADD_FAILURE() << "no error for " << context.dump();
  return "";
}

TEST(ServerlessApiConfig, HasTheDocumentedDefaults) {
  ServerlessApiConfig c = parse_config(context_with({}));
  EXPECT_EQ(c.app_name, "serverless-api");
  EXPECT_EQ(c.environment, "prod");
  EXPECT_EQ(c.region, "us-east-1");
  EXPECT_EQ(c.log_retention_days, 30);
  EXPECT_EQ(c.memory_size, 256);
  EXPECT_EQ(c.timeout, 10);
  EXPECT_EQ(c.throttling_burst_limit, 100);
  EXPECT_EQ(c.throttling_rate_limit, 50);
  EXPECT_EQ(c.recovery_window_days, 30);
  EXPECT_EQ(c.stage_name, "$default");
  EXPECT_EQ(c.secret_version, 1);
  EXPECT_FALSE(c.backend_bucket.has_value());
  EXPECT_EQ(c.backend_key, "serverless-api/prod/terraform.tfstate");
  EXPECT_EQ(c.backend_region, "us-east-1");
  EXPECT_TRUE(c.backend_use_lockfile);
  EXPECT_TRUE(c.invoker_principals.empty());
  EXPECT_EQ(c.handler_dir, fs::path(kHandlerDir).lexically_normal());
  EXPECT_EQ(c.log_level, "INFO");
  EXPECT_EQ(c.architecture, aws::Architecture::kX86_64);
  EXPECT_TRUE(c.tracing);
  EXPECT_FALSE(c.reserved_concurrency.has_value());
}

TEST(ServerlessApiConfig, ParsesNumbersAndBooleansGivenAsStrings) {
  ServerlessApiConfig c = parse_config(context_with({{"memory_size", "512"},
                                                     {"timeout", "900"},
                                                     {"log_retention_days", "7"},
                                                     {"throttling_burst_limit", "1"},
                                                     {"throttling_rate_limit", "0.5"},
                                                     {"recovery_window_days", "0"},
                                                     {"secret_version", "0"},
                                                     {"reserved_concurrency", "0"},
                                                     {"tracing", "false"},
                                                     {"backend_bucket", "state.bucket-1"},
                                                     {"backend_use_lockfile", "false"}}));
  EXPECT_EQ(c.memory_size, 512);
  EXPECT_EQ(c.timeout, 900);
  EXPECT_EQ(c.log_retention_days, 7);
  EXPECT_EQ(c.throttling_burst_limit, 1);
  EXPECT_EQ(c.throttling_rate_limit, 0.5);
  EXPECT_EQ(c.recovery_window_days, 0);
  EXPECT_EQ(c.secret_version, 0);
  EXPECT_EQ(c.reserved_concurrency, 0);
  EXPECT_FALSE(c.tracing);
  EXPECT_EQ(c.backend_bucket, "state.bucket-1");
  EXPECT_FALSE(c.backend_use_lockfile);
}

TEST(ServerlessApiConfig, TakesJsonTypesFromCdktfJson) {
  ServerlessApiConfig c = parse_config(context_with({{"memory_size", 1024},
                                                     {"throttling_rate_limit", 7.5},
                                                     {"tracing", false},
                                                     {"reserved_concurrency", nullptr},
                                                     {"architecture", "arm64"},
                                                     {"stage_name", "v1"},
                                                     {"region", "us-gov-west-1"}}));
  EXPECT_EQ(c.memory_size, 1024);
  EXPECT_EQ(c.throttling_rate_limit, 7.5);
  EXPECT_FALSE(c.tracing);
  EXPECT_FALSE(c.reserved_concurrency.has_value());
  EXPECT_EQ(c.architecture, aws::Architecture::kArm64);
  EXPECT_EQ(c.stage_name, "v1");
  EXPECT_EQ(c.region, "us-gov-west-1");
  EXPECT_EQ(c.backend_region, "us-gov-west-1");
}

TEST(ServerlessApiConfig, DerivesTheBackendKeyFromAppAndEnvironment) {
  ServerlessApiConfig c = parse_config(context_with(
      {{"app_name", "orders"}, {"environment", "dev"}, {"backend_bucket", "tf-state"}}));
  EXPECT_EQ(c.backend_key, "orders/dev/terraform.tfstate");
}

TEST(ServerlessApiConfig, ReadsInvokerPrincipalsAsAnArrayOrCommaSeparated) {
  const std::vector<std::string> expected = {"arn:aws:iam::123456789012:role/caller",
                                             "arn:aws:iam::123456789012:user/path/ops",
                                             "arn:aws:iam::210987654321:root"};
  const json forms[] = {
      json::array({expected[0], expected[1], expected[2]}),
      " arn:aws:iam::123456789012:role/caller,arn:aws:iam::123456789012:user/path/ops , "
      "arn:aws:iam::210987654321:root",
      R"(["arn:aws:iam::123456789012:role/caller", "arn:aws:iam::123456789012:user/path/ops",
          "arn:aws:iam::210987654321:root"])",
  };
  for (const json& form : forms) {
    SCOPED_TRACE(form.dump());
    EXPECT_EQ(parse_config(context_with({{"invoker_principals", form}})).invoker_principals,
              expected);
  }
  EXPECT_TRUE(parse_config(context_with({{"invoker_principals", ""}})).invoker_principals.empty());
}

TEST(ServerlessApiConfig, DropsRepeatedInvokerPrincipals) {
  ServerlessApiConfig c = parse_config(
      context_with({{"invoker_principals",
                     "arn:aws:iam::123456789012:role/a,arn:aws:iam::123456789012:role/a"}}));
  EXPECT_EQ(c.invoker_principals, std::vector<std::string>{"arn:aws:iam::123456789012:role/a"});
}

TEST(ServerlessApiConfig, MakesTheHandlerFolderAbsolute) {
  fs::path dir = stackgen::testing::make_temp_dir("cwd");
  fs::create_directories(dir / "code");
  fs::path previous = fs::current_path();
  fs::current_path(dir);
  ServerlessApiConfig c = parse_config({{"handler_dir", "code"}});
  fs::current_path(previous);
  EXPECT_EQ(c.handler_dir, dir / "code");
}

TEST(ServerlessApiConfig, RejectsUnknownKeysListingTheKnownOnes) {
  EXPECT_EQ(error_of(context_with({{"memory", 512}})),
            "context key \"memory\": unknown; known keys: app_name, architecture, backend_bucket, "
            "backend_key, backend_region, backend_use_lockfile, environment, handler_dir, "
            "invoker_principals, log_level, log_retention_days, memory_size, "
            "recovery_window_days, region, reserved_concurrency, secret_version, stage_name, "
            "throttling_burst_limit, throttling_rate_limit, timeout, tracing; remove it or fix "
            "its spelling");
  EXPECT_EQ(error_of(context_with({{"Region", "x"}, {"appname", "x"}})),
            "context keys \"Region\", \"appname\": unknown; known keys: app_name, architecture, "
            "backend_bucket, backend_key, backend_region, backend_use_lockfile, environment, "
            "handler_dir, invoker_principals, log_level, log_retention_days, memory_size, "
            "recovery_window_days, region, reserved_concurrency, secret_version, stage_name, "
            "throttling_burst_limit, throttling_rate_limit, timeout, tracing; remove them or fix "
            "their spelling");
}

TEST(ServerlessApiConfig, RejectsAContextThatIsNotAnObject) {
  EXPECT_EQ(error_of(json::array({1})),
            "context: [1] is not a JSON object; write the context as {\"key\": value, ...}");
}

TEST(ServerlessApiConfig, RejectsEachBadValueNamingKeyValueRuleAndFix) {
  struct Row {
    const char* key;
    json value;
    const char* message;
  };
  const Row rows[] = {
      {"app_name", "My-App",
       "context \"app_name\": \"My-App\" is not a valid name; app_name takes 1 to 32 lowercase "
       "letters, digits and \"-\", not starting with \"-\"; set it like --context "
       "app_name=serverless-api"},
      {"app_name", "-api",
       "context \"app_name\": \"-api\" is not a valid name; app_name takes 1 to 32 lowercase "
       "letters, digits and \"-\", not starting with \"-\"; set it like --context "
       "app_name=serverless-api"},
      {"app_name", std::string(33, 'a'),
       "context \"app_name\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\" is too long; app_name takes 1 "
       "to 32 lowercase letters, digits and \"-\", not starting with \"-\"; set it like --context "
       "app_name=serverless-api"},
      {"app_name", 5,
       "context \"app_name\": 5 is not a string; app_name takes 1 to 32 lowercase letters, digits "
       "and \"-\", not starting with \"-\"; set it like --context app_name=serverless-api"},
      {"architecture", "arm",
       "context \"architecture\": \"arm\" is not an architecture; architecture takes \"x86_64\" "
       "or \"arm64\"; set it like --context architecture=arm64"},
      {"backend_bucket", "My_Bucket",
       "context \"backend_bucket\": \"My_Bucket\" is not a valid bucket name; backend_bucket "
       "takes an S3 bucket name: 3 to 63 lowercase letters, digits, \".\" and \"-\", starting and "
       "ending with a letter or digit; set it like --context backend_bucket=my-terraform-state"},
      {"backend_use_lockfile", "yes",
       "context \"backend_use_lockfile\": \"yes\" is not a boolean; backend_use_lockfile takes "
       "true or false; set it like --context backend_use_lockfile=true"},
      {"environment", "production-eu-west",
       "context \"environment\": \"production-eu-west\" is too long; environment takes 1 to 16 "
       "lowercase letters, digits and \"-\", not starting with \"-\"; set it like --context "
       "environment=prod"},
      {"environment", "",
       "context \"environment\": \"\" is not a valid name; environment takes 1 to 16 lowercase "
       "letters, digits and \"-\", not starting with \"-\"; set it like --context "
       "environment=prod"},
      {"handler_dir", "",
       "context \"handler_dir\": \"\" is empty; handler_dir takes the folder holding handler.py, "
       "relative to the working folder; set it like --context handler_dir=lambda/src"},
      {"invoker_principals", "arn:aws:iam::123456789012:role/a,arn:aws:s3:::bucket",
       "context \"invoker_principals\": \"arn:aws:s3:::bucket\" is not an IAM user, role or "
       "account root ARN; invoker_principals takes IAM ARNs trusted to call the API "
       "(arn:aws:iam::<12-digit account>:role/<name>, :user/<name> or :root), as a JSON array or "
       "comma-separated; set it like --context "
       "invoker_principals=arn:aws:iam::123456789012:role/caller"},
      {"invoker_principals", "*",
       "context \"invoker_principals\": \"*\" is not an IAM user, role or account root ARN; "
       "invoker_principals takes IAM ARNs trusted to call the API (arn:aws:iam::<12-digit "
       "account>:role/<name>, :user/<name> or :root), as a JSON array or comma-separated; set it "
       "like --context invoker_principals=arn:aws:iam::123456789012:role/caller"},
      {"invoker_principals", "[\"arn:aws:iam::1:root\"",
       "context \"invoker_principals\": \"[\\\"arn:aws:iam::1:root\\\"\" is not a valid JSON "
       "array; invoker_principals takes IAM ARNs trusted to call the API (arn:aws:iam::<12-digit "
       "account>:role/<name>, :user/<name> or :root), as a JSON array or comma-separated; set it "
       "like --context invoker_principals=arn:aws:iam::123456789012:role/caller"},
      {"invoker_principals", 7,
       "context \"invoker_principals\": 7 is not a list; invoker_principals takes IAM ARNs "
       "trusted to call the API (arn:aws:iam::<12-digit account>:role/<name>, :user/<name> or "
       ":root), as a JSON array or comma-separated; set it like --context "
       "invoker_principals=arn:aws:iam::123456789012:role/caller"},
      {"log_level", "info",
       "context \"log_level\": \"info\" is not a log level; log_level takes DEBUG, INFO, WARNING, "
       "ERROR or CRITICAL; set it like --context log_level=INFO"},
      {"log_retention_days", "8",
       "context \"log_retention_days\": \"8\" is not an allowed retention; log_retention_days "
       "takes a CloudWatch Logs retention in days, one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, "
       "180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653; set it like --context "
       "log_retention_days=30"},
      {"log_retention_days", 0,
       "context \"log_retention_days\": 0 is out of range; log_retention_days takes a CloudWatch "
       "Logs retention in days, one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, "
       "731, 1096, 1827, 2192, 2557, 2922, 3288, 3653; set it like --context "
       "log_retention_days=30"},
      {"memory_size", "12abc",
       "context \"memory_size\": \"12abc\" is not a whole number; memory_size takes the Lambda "
       "memory in MB, a whole number from 128 to 10240; set it like --context memory_size=256"},
      {"memory_size", " 256",
       "context \"memory_size\": \" 256\" is not a whole number; memory_size takes the Lambda "
       "memory in MB, a whole number from 128 to 10240; set it like --context memory_size=256"},
      {"memory_size", 256.5,
       "context \"memory_size\": 256.5 is not a whole number; memory_size takes the Lambda memory "
       "in MB, a whole number from 128 to 10240; set it like --context memory_size=256"},
      {"memory_size", 64,
       "context \"memory_size\": 64 is out of range; memory_size takes the Lambda memory in MB, a "
       "whole number from 128 to 10240; set it like --context memory_size=256"},
      {"memory_size", "99999999999999999999",
       "context \"memory_size\": \"99999999999999999999\" is out of range; memory_size takes the "
       "Lambda memory in MB, a whole number from 128 to 10240; set it like --context "
       "memory_size=256"},
      {"memory_size", true,
       "context \"memory_size\": true is not a whole number; memory_size takes the Lambda memory "
       "in MB, a whole number from 128 to 10240; set it like --context memory_size=256"},
      {"recovery_window_days", "3",
       "context \"recovery_window_days\": \"3\" is out of range; recovery_window_days takes 0 "
       "(delete at once) or a whole number of days from 7 to 30; set it like --context "
       "recovery_window_days=7"},
      {"recovery_window_days", 31,
       "context \"recovery_window_days\": 31 is out of range; recovery_window_days takes 0 "
       "(delete at once) or a whole number of days from 7 to 30; set it like --context "
       "recovery_window_days=7"},
      {"region", "US-EAST-1",
       "context \"region\": \"US-EAST-1\" is not a region name; region takes an AWS region name "
       "like us-east-1 (pattern [a-z]{2}(-gov)?-[a-z]+-[0-9]); set it like --context "
       "region=us-east-1"},
      {"reserved_concurrency", "-1",
       "context \"reserved_concurrency\": \"-1\" is out of range; reserved_concurrency takes the "
       "function's reserved concurrency, a whole number of 0 or more (null: none); set it like "
       "--context reserved_concurrency=10"},
      {"secret_version", -1,
       "context \"secret_version\": -1 is out of range; secret_version takes a whole number of 0 "
       "or more (0: no initial value, set it later); set it like --context secret_version=1"},
      {"stage_name", "prod stage",
       "context \"stage_name\": \"prod stage\" is not a stage name; stage_name takes \"$default\" "
       "or 1 to 128 letters, digits, \"-\" and \"_\"; set it like --context stage_name=$default"},
      {"throttling_burst_limit", "0",
       "context \"throttling_burst_limit\": \"0\" is out of range; throttling_burst_limit takes a "
       "whole number of requests of 1 or more; set it like --context throttling_burst_limit=100"},
      {"throttling_rate_limit", "0",
       "context \"throttling_rate_limit\": \"0\" is not above 0; throttling_rate_limit takes a "
       "number of requests per second above 0; set it like --context throttling_rate_limit=50"},
      {"throttling_rate_limit", "5e1",
       "context \"throttling_rate_limit\": \"5e1\" is not a number; throttling_rate_limit takes a "
       "number of requests per second above 0; set it like --context throttling_rate_limit=50"},
      {"timeout", "901",
       "context \"timeout\": \"901\" is out of range; timeout takes the Lambda timeout in "
       "seconds, a whole number from 1 to 900; set it like --context timeout=10"},
      {"tracing", "on",
       "context \"tracing\": \"on\" is not a boolean; tracing takes true or false; set it like "
       "--context tracing=true"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(std::string(row.key) + " = " + row.value.dump());
    EXPECT_EQ(error_of(context_with({{row.key, row.value}})), row.message);
  }
}

TEST(ServerlessApiConfig, RejectsNumbersBeyondTheRangeOfADouble) {
  std::string huge = "1" + std::string(400, '0');
  std::string message = error_of(context_with({{"throttling_rate_limit", huge}}));
  EXPECT_EQ(
      message.rfind("context \"throttling_rate_limit\": \"" + huge + "\" is out of range; ", 0), 0u)
      << message;
}

TEST(ServerlessApiConfig, RejectsAHandlerFolderThatDoesNotExist) {
  fs::path missing = stackgen::testing::make_temp_dir("missing") / "nope";
  EXPECT_EQ(error_of({{"handler_dir", missing.string()}}),
            "context \"handler_dir\": \"" + missing.string() +
                "\" is not a folder (resolved to \"" + missing.string() +
                "\"); handler_dir takes the folder holding handler.py, relative to the working "
                "folder; set it like --context handler_dir=lambda/src");
}

TEST(ServerlessApiConfig, RejectsBackendSettingsWithoutABucket) {
  for (const char* key : {"backend_key", "backend_region", "backend_use_lockfile"}) {
    SCOPED_TRACE(key);
    json value = std::string(key) == "backend_use_lockfile" ? json(true) : json("us-east-1");
    EXPECT_EQ(error_of(context_with({{key, value}})),
              std::string("context \"") + key +
                  "\": set without backend_bucket; the S3 backend is used only when "
                  "backend_bucket is set; set backend_bucket too or remove " +
                  key);
  }
}

TEST(ServerlessApiConfig, ReadsTheContextOfTheApp) {
  core::App app(
      {.outdir = "unused", .context = {{"memory_size", "2048"}, {"handler_dir", kHandlerDir}}});
  EXPECT_EQ(from_context(app).memory_size, 2048);
}

}  // namespace
}  // namespace stackgen::app
