#include "stackgen/aws/function.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <iterator>

#include "checks.h"
#include "live_policy.h"
#include "stackgen/aws/names.h"
#include "stackgen/core/error.h"
#include "stackgen/core/hash.h"
#include "stackgen/packaging/zip.h"

namespace stackgen::aws {

namespace {

namespace tf = providers::aws;
using RolePolicy = detail::LivePolicy<tf::IamRolePolicy, tf::IamRolePolicyConfig>;

constexpr const char* kKind = "function";

// Names Lambda sets itself and refuses in a function's configuration.
constexpr std::string_view kReservedVariables[] = {
    "_HANDLER",
    "_X_AMZN_TRACE_ID",
    "AWS_ACCESS_KEY",
    "AWS_ACCESS_KEY_ID",
    "AWS_DEFAULT_REGION",
    "AWS_EXECUTION_ENV",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_VERSION",
    "AWS_LAMBDA_INITIALIZATION_TYPE",
    "AWS_LAMBDA_LOG_GROUP_NAME",
    "AWS_LAMBDA_LOG_STREAM_NAME",
    "AWS_LAMBDA_RUNTIME_API",
    "AWS_REGION",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "LAMBDA_RUNTIME_DIR",
    "LAMBDA_TASK_ROOT",
};

[[noreturn]] void fail(const core::Construct& owner, const std::string& message) {
  throw core::Error(core::ErrorCategory::kUsage,
                    fmt::format("{} \"{}\": {}", kKind, owner.path(), message));
}

void check_range(const core::Construct& owner, std::string_view field, long long value,
                 long long min, long long max, std::string_view unit) {
  if (value >= min && value <= max) return;
  fail(owner, fmt::format("{} {} is out of range; Lambda allows {} to {} {}; set .{} within it",
                          field, value, min, max, unit, field));
}

void check_variable_name(const core::Construct& owner, const std::string& name) {
  bool valid = !name.empty() && std::isalpha(static_cast<unsigned char>(name[0])) &&
               std::all_of(name.begin(), name.end(), [](char c) {
                 return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
               });
  if (!valid) {
    fail(owner, fmt::format("environment variable \"{}\" is not a valid name; Lambda takes a "
                            "letter followed by letters, digits and \"_\"; rename it",
                            name));
  }
  if (std::find(std::begin(kReservedVariables), std::end(kReservedVariables), name) !=
      std::end(kReservedVariables)) {
    fail(owner, fmt::format("environment variable \"{}\" is reserved by Lambda, which sets it "
                            "itself; use another name",
                            name));
  }
}

std::string retention_list() {
  std::string out;
  for (int days : kLogRetentionDays) out += fmt::format("{}{}", out.empty() ? "" : ", ", days);
  return out;
}

}  // namespace

const char* architecture_name(Architecture architecture) {
  return architecture == Architecture::kArm64 ? "arm64" : "x86_64";
}

bool is_log_retention(int days) {
  return std::find(std::begin(kLogRetentionDays), std::end(kLogRetentionDays), days) !=
         std::end(kLogRetentionDays);
}

namespace detail {

void check_retention(const core::Construct& owner, std::string_view kind, std::string_view field,
                     int days) {
  if (is_log_retention(days)) return;
  throw core::Error(core::ErrorCategory::kUsage,
                    fmt::format("{} \"{}\": {} {} is not a retention CloudWatch Logs accepts; "
                                "use one of {} days",
                                kind, owner.path(), field, days, retention_list()));
}

}  // namespace detail

Function::Function(core::Construct& scope, std::string id, FunctionConfig config)
    : core::Construct(scope, std::move(id)), config_(std::move(config)) {
  // Validate the literals against Lambda, IAM and CloudWatch Logs rules.
  check_name(*this, kKind, "function_name", config_.function_name, kFunctionNameRule);
  if (config_.handler.empty() || config_.handler.size() > 128 ||
      config_.handler.find_first_of(" \t\r\n") != std::string::npos) {
    fail(*this, fmt::format("handler \"{}\" is not a valid entry point; Lambda takes 1 to 128 "
                            "characters without spaces, like \"handler.lambda_handler\"",
                            config_.handler));
  }
  check_range(*this, "timeout", config_.timeout, 1, 900, "seconds");
  check_range(*this, "memory_size", config_.memory_size, 128, 10240, "MB");
  if (config_.reserved_concurrent_executions && *config_.reserved_concurrent_executions < 0) {
    fail(*this, fmt::format("reserved_concurrent_executions {} is negative; reserve 0 or more, "
                            "or leave it unset to use the unreserved pool",
                            *config_.reserved_concurrent_executions));
  }
  detail::check_retention(*this, kKind, "log_retention_in_days", config_.log_retention_in_days);
  for (const auto& [name, value] : config_.environment) check_variable_name(*this, name);

  // Defaults: derived names are shortened, names given are checked.
  if (config_.role_name.empty()) {
    role_name_ = shorten_name(config_.function_name + "-role", kRoleNameRule.max_length);
  } else {
    check_name(*this, kKind, "role_name", config_.role_name, kRoleNameRule);
    role_name_ = config_.role_name;
  }
  std::string policy_name = shorten_name(role_name_ + "-policy", kPolicyNameRule.max_length);
  std::string log_group_name = "/aws/lambda/" + config_.function_name;

  // The log group exists before the function, so Lambda never creates one without retention.
  log_group_ = &add<tf::CloudwatchLogGroup>(
      "log_group", tf::CloudwatchLogGroupConfig{
                       .name = core::String(log_group_name),
                       .retention_in_days = core::Number(config_.log_retention_in_days),
                   });

  PolicyDocument trust;
  trust.add_statement({.actions = {"sts:AssumeRole"},
                       .principals = {{"Service", {core::String("lambda.amazonaws.com")}}}});
  role_ = &add<tf::IamRole>(
      "role", tf::IamRoleConfig{
                  .assume_role_policy = trust.to_json(),
                  .description = core::String(
                      fmt::format("Execution role of Lambda function {}", config_.function_name)),
                  .name = core::String(role_name_),
              });

  // Least privilege: streams and events of its own log group only.
  document_.add_statement({.sid = "WriteOwnLogs",
                           .actions = {"logs:CreateLogStream", "logs:PutLogEvents"},
                           .resources = {log_group_->arn() + ":log-stream:*"}});
  if (config_.tracing) {
    // X-Ray has no resource-level permissions: these two actions only accept "*". This is the
    // one statement on "*", kept apart under its own sid so it is easy to audit.
    document_.add_statement({.sid = "XRayTracing",
                             .actions = {"xray:PutTraceSegments", "xray:PutTelemetryRecords"},
                             .resources = {core::String("*")}});
  }
  role_policy_ = &add<RolePolicy>("policy",
                                  tf::IamRolePolicyConfig{
                                      .name = core::String(policy_name),
                                      .role = role_->name(),
                                  },
                                  document_);

  // The code: the handler folder zipped reproducibly, the same bytes as `lambda_zip`.
  code_ = &add<core::Asset>("code", core::AssetConfig{
                                        .path = config_.code_folder,
                                        .type = core::AssetType::kArchive,
                                        .packager =
                                            [](const std::filesystem::path& folder) {
                                              return packaging::package_folder(folder).bytes;
                                            },
                                    });

  tf::LambdaFunctionConfig function{
      .architectures = core::List<core::String>{architecture_name(config_.architecture)},
      .function_name = core::String(config_.function_name),
      .handler = core::String(config_.handler),
      .role = role_->arn(),
  };
  if (!config_.description.empty()) function.description = core::String(config_.description);
  if (!config_.environment.empty()) {
    function.environment =
        tf::LambdaFunctionEnvironment{.variables = core::Map<core::String>(config_.environment)};
  }
  function.filename = code_->staged_path();
  function.memory_size = core::Number(config_.memory_size);
  if (config_.reserved_concurrent_executions) {
    function.reserved_concurrent_executions = core::Number(*config_.reserved_concurrent_executions);
  }
  function.runtime = core::String(kPythonRuntime);
  // A literal: base64 of the SHA-256 of the zip, what Lambda reports as CodeSha256.
  function.source_code_hash = core::String(core::to_base64(core::sha256(*code_->archive_bytes())));
  function.timeout = core::Number(config_.timeout);
  if (config_.tracing) function.tracing_config = tf::LambdaFunctionTracingConfig{.mode = "Active"};
  function.meta.depends_on = {log_group_, role_policy_};
  function_ = &add<tf::LambdaFunction>("function", std::move(function));
}

bool Function::add_to_policy(PolicyStatement statement) {
  try {
    return document_.add_statement(std::move(statement));
  } catch (const core::Error& e) {
    throw core::Error(e.category(), fmt::format("{} \"{}\": {}", kKind, path(), e.what()));
  }
}

}  // namespace stackgen::aws
