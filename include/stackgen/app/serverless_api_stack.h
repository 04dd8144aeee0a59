// The serverless API: an IAM-authorized HTTP API in front of a Python Lambda that reads its
// configuration from a Secrets Manager secret.
#pragma once

#include <string>

#include "stackgen/app/config.h"
#include "stackgen/aws/function.h"
#include "stackgen/aws/http_api.h"
#include "stackgen/aws/iam.h"
#include "stackgen/aws/secret.h"
#include "stackgen/core/stack.h"
#include "stackgen/providers/aws/iam_role.h"

namespace stackgen::app {

/// The product's stack. Physical names start with "<app_name>-<environment>" (`base` below):
///
/// | what                     | name                                   |
/// |--------------------------|----------------------------------------|
/// | secret                   | `<base>/config`                        |
/// | function                 | `<base>-handler`                       |
/// | function role            | `<base>-handler-role`                  |
/// | function log group       | `/aws/lambda/<base>-handler`           |
/// | HTTP API                 | `<base>-api`                           |
/// | access log group         | `/aws/apigateway/<base>-api`           |
/// | invoker policy           | `<base>-invoke-api`                    |
/// | invoker role (optional)  | `<base>-invoker`                       |
///
/// It holds the aws provider (region and default tags application, environment, managed-by),
/// the S3 backend when `backend_bucket` is set, the secret (with the ephemeral
/// `config_secret_value` variable unless `secret_version` is 0), the function (CONFIG_SECRET_ARN,
/// LOG_LEVEL, CONFIG_CACHE_TTL_SECONDS; read access to the secret), the HTTP API, the invoker
/// policy (`execute-api:Invoke` on the API's routes) and, only with `invoker_principals`, a
/// role those principals may assume with the policy attached. Nothing trusts the account root
/// unless it is listed. Requires Terraform 1.11 or later (write-only arguments, ephemeral
/// variables). No data source, so plans need no AWS credentials beyond the provider's.
///
/// Outputs: api_endpoint, invoke_url, function_name, function_arn, secret_arn,
/// invoker_policy_arn, function_log_group_name, access_log_group_name, and invoker_role_arn
/// when the role exists.
///
/// Throws what the constructs throw for values `parse_config` cannot see (a handler folder
/// without handler.py, for example).
class ServerlessApiStack : public core::Stack {
 public:
  /// The Terraform version constraint the stack declares.
  static constexpr const char* kRequiredVersion = ">= 1.11";

  /// Creates the stack `id` in `scope` from a checked `config` (see `parse_config`).
  ServerlessApiStack(core::Construct& scope, std::string id, const ServerlessApiConfig& config);

  /// The parts it is made of.
  const aws::Secret& secret() const { return *secret_; }
  const aws::Function& function() const { return *function_; }
  const aws::HttpApi& api() const { return *api_; }
  const aws::ManagedPolicy& invoker_policy() const { return *invoker_policy_; }
  /// The invoker role, or null without `invoker_principals`.
  const providers::aws::IamRole* invoker_role() const { return invoker_role_; }

 private:
  aws::Secret* secret_ = nullptr;
  aws::Function* function_ = nullptr;
  aws::HttpApi* api_ = nullptr;
  aws::ManagedPolicy* invoker_policy_ = nullptr;
  providers::aws::IamRole* invoker_role_ = nullptr;
};

}  // namespace stackgen::app
