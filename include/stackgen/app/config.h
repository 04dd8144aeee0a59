// The serverless API's configuration: cdktf.json "context" and --context values, validated.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "stackgen/aws/function.h"
#include "stackgen/core/construct.h"

namespace stackgen::app {

/// Everything the serverless API stack can be configured with. Each field is a context key of
/// the same name; `from_context` fills it and checks it.
///
/// Context values may be JSON of the right type (from cdktf.json) or strings (from
/// `--context key=value`): numbers and booleans given as strings are parsed strictly ("30",
/// "true"; never "30s" or "yes").
struct ServerlessApiConfig {
  /// Prefix of every physical name and the stack name; 1 to 32 of `[a-z0-9-]`, not starting
  /// with "-". Default: "serverless-api".
  std::string app_name = "serverless-api";
  /// Second part of every physical name and the `environment` tag; 1 to 16 of `[a-z0-9-]`, not
  /// starting with "-". Default: "prod".
  std::string environment = "prod";
  /// The AWS region of every resource (and of the backend unless `backend_region` says
  /// otherwise), like "us-east-1". Default: "us-east-1".
  std::string region = "us-east-1";
  /// Retention of both log groups, in days; one of `aws::kLogRetentionDays`. Default: 30.
  int log_retention_days = 30;
  /// Lambda memory in MB, 128 to 10240. Default: 256.
  int memory_size = 256;
  /// Lambda timeout in seconds, 1 to 900. Default: 10.
  int timeout = 10;
  /// API burst limit, 1 or more requests. Default: 100.
  int throttling_burst_limit = 100;
  /// API steady rate, more than 0 requests per second. Default: 50.
  double throttling_rate_limit = 50;
  /// Days a deleted secret can be restored: 0 or 7 to 30. Default: 30.
  int recovery_window_days = 30;
  /// The API stage: "$default" or 1 to 128 of `[A-Za-z0-9_-]`. Default: "$default".
  std::string stage_name = "$default";
  /// `secret_string_wo_version` of the secret's initial value, fed at apply time from
  /// `TF_VAR_config_secret_value`; 0 creates no version (an operator sets the value later).
  /// Default: 1.
  int secret_version = 1;
  /// S3 bucket of the Terraform state; the S3 backend is used only when set. Default: none
  /// (local state).
  std::optional<std::string> backend_bucket{};
  /// State object key. Default: "<app_name>/<environment>/terraform.tfstate".
  std::string backend_key{};
  /// Region of the state bucket. Default: `region`.
  std::string backend_region{};
  /// S3 native state locking. Default: true.
  bool backend_use_lockfile = true;
  /// IAM ARNs (users, roles or account roots) trusted to assume the invoker role; the role is
  /// created only when there is at least one. A JSON array or a comma-separated string.
  /// Default: none.
  std::vector<std::string> invoker_principals{};
  /// The folder holding handler.py, relative to the working folder. Default: "lambda/src".
  std::filesystem::path handler_dir = "lambda/src";
  /// The handler's LOG_LEVEL: DEBUG, INFO, WARNING, ERROR or CRITICAL. Default: "INFO".
  std::string log_level = "INFO";
  /// "x86_64" or "arm64". Default: x86_64.
  aws::Architecture architecture = aws::Architecture::kX86_64;
  /// Active X-Ray tracing of the function. Default: true.
  bool tracing = true;
  /// Reserved concurrency of the function, 0 or more. Default: none (unreserved pool).
  std::optional<int> reserved_concurrency{};
};

/// The context keys `parse_config` knows, sorted.
const std::vector<std::string>& known_keys();

/// Reads and checks every key of `context` (a JSON object). Unset keys keep their defaults;
/// `backend_key` and `backend_region` get theirs once the rest is known, and `handler_dir` is
/// made absolute against the working folder.
///
/// Throws `core::Error` (usage) on the first problem, keys checked in sorted order: an unknown
/// key (the message lists every known key), a value of the wrong type or outside its rule (the
/// message names the key, the value, the rule and an example), a `backend_*` key set without
/// `backend_bucket`, or a `handler_dir` that is not a folder.
///
///     ServerlessApiConfig config = parse_config({{"memory_size", "512"}});
ServerlessApiConfig parse_config(const nlohmann::json& context);

/// `parse_config` of the known keys' context values as seen from `app`.
ServerlessApiConfig from_context(const core::Construct& app);

}  // namespace stackgen::app
