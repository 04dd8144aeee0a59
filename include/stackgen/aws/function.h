// A Python Lambda function with its log group, execution role and least-privilege policy.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "stackgen/aws/policy.h"
#include "stackgen/core/asset.h"
#include "stackgen/core/construct.h"
#include "stackgen/core/value.h"
#include "stackgen/providers/aws/cloudwatch_log_group.h"
#include "stackgen/providers/aws/iam_role.h"
#include "stackgen/providers/aws/iam_role_policy.h"
#include "stackgen/providers/aws/lambda_function.h"

namespace stackgen::aws {

/// The instruction set a function runs on (`architectures`).
enum class Architecture { kX86_64, kArm64 };

/// "x86_64" or "arm64".
const char* architecture_name(Architecture architecture);

/// The runtime every `Function` uses.
inline constexpr const char* kPythonRuntime = "python3.12";

/// The retention periods CloudWatch Logs accepts, in days.
inline constexpr int kLogRetentionDays[] = {1,    3,    5,    7,    14,   30,  60,  90,
                                            120,  150,  180,  365,  400,  545, 731, 1096,
                                            1827, 2192, 2557, 2922, 3288, 3653};

/// True when `days` is one of `kLogRetentionDays`.
bool is_log_retention(int days);

/// Settings of a `Function`.
struct FunctionConfig {
  /// The function name; also names its log group (`/aws/lambda/<function_name>`). Required;
  /// 1 to 64 of `[A-Za-z0-9-_]`.
  std::string function_name{};
  /// The folder holding the handler code. It is packaged into a reproducible zip
  /// (`packaging::package_folder` with default options, the same bytes as the `lambda_zip`
  /// build target) and shipped beside cdk.tf.json. Required; must hold `handler.py`.
  std::filesystem::path code_folder{};
  /// The entry point, `module.function`. Default: "handler.lambda_handler".
  std::string handler = "handler.lambda_handler";
  /// Shown in the Lambda console. Default: none.
  std::string description{};
  /// Environment variables. Names match `[A-Za-z][A-Za-z0-9_]*` and may not be one of the
  /// names Lambda reserves (AWS_REGION, _HANDLER, ...). Default: none.
  std::map<std::string, core::String> environment{};
  /// Seconds an invocation may run, 1 to 900. Default: 10.
  int timeout = 10;
  /// Memory in MB, 128 to 10240. Default: 256.
  int memory_size = 256;
  /// Default: x86_64.
  Architecture architecture = Architecture::kX86_64;
  /// Concurrency reserved for this function (0 or more; 0 stops all invocations).
  /// Default: none, the function uses the account's unreserved pool.
  std::optional<int> reserved_concurrent_executions{};
  /// Days the function's log group keeps events; one of `kLogRetentionDays`. Default: 30.
  int log_retention_in_days = 30;
  /// Active X-Ray tracing (`tracing_config { mode = "Active" }`) and the permissions it needs.
  /// false: no tracing_config (Lambda's PassThrough) and no X-Ray permissions. Default: true.
  bool tracing = true;
  /// The execution role's name. Default: "<function_name>-role", shortened to 64 characters
  /// by `shorten_name` when longer. A name given here is checked, never shortened.
  std::string role_name{};
};

/// An AWS Lambda function (`aws_lambda_function`, python3.12) that brings what it needs:
///
/// - its code as an archive asset, with `source_code_hash` the base64 SHA-256 of the zip;
/// - its log group `/aws/lambda/<function_name>` with a retention;
/// - its execution role, trusted only by `lambda.amazonaws.com`, with one inline policy:
///   `logs:CreateLogStream` and `logs:PutLogEvents` on its own log group's streams, X-Ray
///   writes when tracing (the one statement on "*", Sid "XRayTracing"), and whatever grants
///   add later. No AWS managed policy is attached.
///
/// The function depends on the log group and the policy, so it is never created before it
/// can write logs.
///
///     auto& fn = stack.add<Function>("handler", FunctionConfig{
///         .function_name = "orders-api", .code_folder = "lambda/src"});
///     secret.grant_read(fn);
///
/// Throws `core::Error` (usage), naming this construct, the field, the value, the limit and
/// the fix, when a name breaks AWS rules, a number is out of range, the retention is not one
/// CloudWatch Logs accepts or an environment variable name is invalid or reserved; packaging
/// errors (missing folder, no handler.py) pass through.
class Function : public core::Construct, public Grantable {
 public:
  Function(core::Construct& scope, std::string id, FunctionConfig config);

  /// The function ARN (unqualified).
  core::String arn() const { return function_->arn(); }
  /// The function name, as a reference (so users of it depend on the function).
  core::String function_name() const { return function_->function_name(); }
  /// The ARN API Gateway integrations call.
  core::String invoke_arn() const { return function_->invoke_arn(); }
  /// The execution role's ARN.
  core::String role_arn() const { return role_->arn(); }
  /// The log group's name.
  core::String log_group_name() const { return log_group_->name(); }
  /// The log group's ARN (without the `:*` suffix).
  core::String log_group_arn() const { return log_group_->arn(); }

  /// The function name and the role name, as literals.
  const std::string& name() const { return config_.function_name; }
  const std::string& role_name() const { return role_name_; }

  /// Adds `statement` to the execution role's inline policy.
  bool add_to_policy(PolicyStatement statement) override;
  /// The execution role's inline policy: its own statements and the grants.
  const PolicyDocument& policy_document() const override { return document_; }

  /// The underlying resources; the non-const ones are escape hatches for `add_override`.
  const providers::aws::LambdaFunction& resource() const { return *function_; }
  providers::aws::LambdaFunction& resource() { return *function_; }
  const providers::aws::IamRole& role() const { return *role_; }
  providers::aws::IamRole& role() { return *role_; }
  const providers::aws::IamRolePolicy& role_policy() const { return *role_policy_; }
  providers::aws::IamRolePolicy& role_policy() { return *role_policy_; }
  const providers::aws::CloudwatchLogGroup& log_group() const { return *log_group_; }
  providers::aws::CloudwatchLogGroup& log_group() { return *log_group_; }
  const core::Asset& code() const { return *code_; }

 private:
  FunctionConfig config_;
  std::string role_name_;
  PolicyDocument document_;
  providers::aws::CloudwatchLogGroup* log_group_ = nullptr;
  providers::aws::IamRole* role_ = nullptr;
  providers::aws::IamRolePolicy* role_policy_ = nullptr;
  core::Asset* code_ = nullptr;
  providers::aws::LambdaFunction* function_ = nullptr;
};

}  // namespace stackgen::aws
