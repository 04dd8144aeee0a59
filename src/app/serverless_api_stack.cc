#include "stackgen/app/serverless_api_stack.h"

#include "stackgen/aws/policy.h"
#include "stackgen/core/element.h"
#include "stackgen/providers/aws/iam_role_policy_attachment.h"
#include "stackgen/providers/aws/provider.h"

namespace stackgen::app {

namespace {

namespace tf = providers::aws;

void add_output(core::Stack& stack, const std::string& name, core::Any value,
                const std::string& description) {
  stack.add<core::Output>(
      name, core::OutputConfig{.value = std::move(value), .description = description});
}

}  // namespace

ServerlessApiStack::ServerlessApiStack(core::Construct& scope, std::string id,
                                       const ServerlessApiConfig& config)
    : core::Stack(scope, std::move(id), core::StackConfig{.required_version = kRequiredVersion}) {
  const std::string base = config.app_name + "-" + config.environment;

  // Where it runs and where its state lives.
  add<tf::AwsProvider>("aws",
                       tf::AwsProviderConfig{
                           .region = core::String(config.region),
                           .default_tags = {tf::AwsProviderDefaultTags{
                               .tags = core::Map<core::String>{{"application", config.app_name},
                                                               {"environment", config.environment},
                                                               {"managed-by", "stackgen"}},
                           }},
                       });
  if (config.backend_bucket) {
    add<core::S3Backend>("backend", core::S3BackendConfig{
                                        .bucket = *config.backend_bucket,
                                        .key = config.backend_key,
                                        .region = config.backend_region,
                                        .encrypt = true,
                                        .use_lockfile = config.backend_use_lockfile,
                                    });
  }

  // The secret, the function that reads it, and the API in front of the function.
  aws::SecretConfig secret{.name = base + "/config",
                           .description = "Configuration of " + base + " (JSON)",
                           .recovery_window_in_days = config.recovery_window_days};
  if (config.secret_version > 0) secret.version = config.secret_version;
  secret_ = &add<aws::Secret>("config", std::move(secret));

  function_ = &add<aws::Function>("handler",
                                  aws::FunctionConfig{
                                      .function_name = base + "-handler",
                                      .code_folder = config.handler_dir,
                                      .description = "HTTP API handler of " + base,
                                      .environment = {{"CONFIG_CACHE_TTL_SECONDS", "300"},
                                                      {"CONFIG_SECRET_ARN", secret_->arn()},
                                                      {"LOG_LEVEL", config.log_level}},
                                      .timeout = config.timeout,
                                      .memory_size = config.memory_size,
                                      .architecture = config.architecture,
                                      .reserved_concurrent_executions = config.reserved_concurrency,
                                      .log_retention_in_days = config.log_retention_days,
                                      .tracing = config.tracing,
                                  });
  secret_->grant_read(*function_);

  api_ = &add<aws::HttpApi>("api", aws::HttpApiConfig{
                                       .name = base + "-api",
                                       .description = "IAM-authorized HTTP API of " + base,
                                       .function = function_,
                                       .stage_name = config.stage_name,
                                       .throttling_burst_limit = config.throttling_burst_limit,
                                       .throttling_rate_limit = config.throttling_rate_limit,
                                       .access_log_retention_in_days = config.log_retention_days,
                                   });

  // Who may call it: a policy always, a role only for principals named in the configuration.
  invoker_policy_ = &add<aws::ManagedPolicy>(
      "invoker_policy",
      aws::ManagedPolicyConfig{.name = base + "-invoke-api",
                               .description = "Allows calling every route of " + base + "-api"});
  api_->grant_invoke(*invoker_policy_);
  if (!config.invoker_principals.empty()) {
    std::vector<core::String> principals(config.invoker_principals.begin(),
                                         config.invoker_principals.end());
    aws::PolicyDocument trust;
    trust.add_statement({.actions = {"sts:AssumeRole"}, .principals = {{"AWS", principals}}});
    invoker_role_ = &add<tf::IamRole>(
        "invoker_role", tf::IamRoleConfig{
                            .assume_role_policy = trust.to_json(),
                            .description = core::String("Callers of " + base + "-api assume it"),
                            .name = core::String(base + "-invoker"),
                        });
    add<tf::IamRolePolicyAttachment>("invoker_role_policy",
                                     tf::IamRolePolicyAttachmentConfig{
                                         .policy_arn = invoker_policy_->arn(),
                                         .role = invoker_role_->name(),
                                     });
  }

  // Outputs.
  add_output(*this, "api_endpoint", api_->api_endpoint(), "Default endpoint of the HTTP API");
  add_output(*this, "invoke_url", api_->invoke_url(), "URL of the API stage");
  add_output(*this, "function_name", function_->function_name(), "Lambda function name");
  add_output(*this, "function_arn", function_->arn(), "Lambda function ARN");
  add_output(*this, "secret_arn", secret_->arn(),
             "ARN of the configuration secret (the handler's CONFIG_SECRET_ARN)");
  add_output(*this, "invoker_policy_arn", invoker_policy_->arn(),
             "Managed policy that allows calling the API; attach it to callers");
  add_output(*this, "function_log_group_name", function_->log_group_name(),
             "Log group of the Lambda function");
  add_output(*this, "access_log_group_name", api_->access_log_group_name(),
             "Log group of the API access logs");
  if (invoker_role_ != nullptr) {
    add_output(*this, "invoker_role_arn", invoker_role_->arn(),
               "Role the configured principals assume to call the API");
  }
}

}  // namespace stackgen::app
