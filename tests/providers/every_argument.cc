#include "every_argument.h"

#include "stackgen/providers/aws/apigatewayv2_api.h"
#include "stackgen/providers/aws/apigatewayv2_integration.h"
#include "stackgen/providers/aws/apigatewayv2_route.h"
#include "stackgen/providers/aws/apigatewayv2_stage.h"
#include "stackgen/providers/aws/cloudwatch_log_group.h"
#include "stackgen/providers/aws/data_caller_identity.h"
#include "stackgen/providers/aws/data_iam_policy_document.h"
#include "stackgen/providers/aws/data_partition.h"
#include "stackgen/providers/aws/data_region.h"
#include "stackgen/providers/aws/iam_policy.h"
#include "stackgen/providers/aws/iam_role.h"
#include "stackgen/providers/aws/iam_role_policy.h"
#include "stackgen/providers/aws/iam_role_policy_attachment.h"
#include "stackgen/providers/aws/kms_key.h"
#include "stackgen/providers/aws/lambda_function.h"
#include "stackgen/providers/aws/lambda_permission.h"
#include "stackgen/providers/aws/provider.h"
#include "stackgen/providers/aws/s3_bucket.h"
#include "stackgen/providers/aws/secretsmanager_secret.h"
#include "stackgen/providers/aws/secretsmanager_secret_version.h"

namespace stackgen::testing {

namespace aws = stackgen::providers::aws;
using core::List;
using core::Map;
using core::String;

namespace {

aws::DataAwsIamPolicyDocumentStatement allow(List<String> actions, List<String> resources) {
  return {.actions = std::move(actions), .effect = "Allow", .resources = std::move(resources)};
}

}  // namespace

core::Stack& add_every_argument_stack(core::App& app) {
  auto& stack = app.add<core::Stack>("bindings");
  stack.add<aws::AwsProvider>(
      "aws", aws::AwsProviderConfig{.region = "us-east-1",
                                    .default_tags = {aws::AwsProviderDefaultTags{
                                        .tags = Map<String>{{"project", "stackgen"}}}}});

  // Data sources, and ARNs built from them.
  auto& caller = stack.add<aws::DataAwsCallerIdentity>("caller");
  auto& region = stack.add<aws::DataAwsRegion>("region");
  auto& partition = stack.add<aws::DataAwsPartition>("partition");
  String account_arn_prefix =
      String("arn:") + partition.partition() + ":logs:" + region.name() + ":" + caller.account_id();

  auto& key = stack.add<aws::KmsKey>(
      "key", aws::KmsKeyConfig{.deletion_window_in_days = 7,
                               .description = "stackgen binding test",
                               .enable_key_rotation = true,
                               .timeouts = aws::KmsKeyTimeouts{.create = "5m"}});
  auto& log_group = stack.add<aws::CloudwatchLogGroup>(
      "logs", aws::CloudwatchLogGroupConfig{.kms_key_id = key.arn(),
                                            .name = "/aws/lambda/stackgen-every-argument",
                                            .retention_in_days = 14});
  auto& secret = stack.add<aws::SecretsmanagerSecret>(
      "secret", aws::SecretsmanagerSecretConfig{.kms_key_id = key.arn(),
                                                .name = "stackgen/every-argument",
                                                .recovery_window_in_days = 0});
  stack.add<aws::SecretsmanagerSecretVersion>(
      "secret_value", aws::SecretsmanagerSecretVersionConfig{.secret_id = secret.tf_id(),
                                                             .secret_string = "not-a-secret"});
  stack.add<aws::S3Bucket>(
      "bucket", aws::S3BucketConfig{.bucket = "stackgen-every-argument", .force_destroy = true});

  // The function's role and its grants.
  auto& assume = stack.add<aws::DataAwsIamPolicyDocument>(
      "assume",
      aws::DataAwsIamPolicyDocumentConfig{
          .statement = {aws::DataAwsIamPolicyDocumentStatement{
              .actions = List<String>{"sts:AssumeRole"},
              .effect = "Allow",
              .principals = {aws::DataAwsIamPolicyDocumentStatementPrincipals{
                  .identifiers = List<String>{"lambda.amazonaws.com"}, .type = "Service"}}}}});
  auto& role =
      stack.add<aws::IamRole>("role", aws::IamRoleConfig{.assume_role_policy = assume.json(),
                                                         .max_session_duration = 3600,
                                                         .name = "stackgen-every-argument"});
  auto& read = stack.add<aws::DataAwsIamPolicyDocument>(
      "read", aws::DataAwsIamPolicyDocumentConfig{
                  .statement = {allow({"secretsmanager:GetSecretValue"}, {secret.arn()}),
                                allow({"kms:Decrypt"}, {key.arn()})}});
  auto& policy = stack.add<aws::IamPolicy>(
      "read_policy", aws::IamPolicyConfig{.name = "stackgen-read-secret", .policy = read.json()});
  stack.add<aws::IamRolePolicyAttachment>(
      "read_attachment",
      aws::IamRolePolicyAttachmentConfig{.policy_arn = policy.arn(), .role = role.name()});
  auto& write_logs = stack.add<aws::DataAwsIamPolicyDocument>(
      "write_logs",
      aws::DataAwsIamPolicyDocumentConfig{
          .statement = {
              allow({"logs:CreateLogStream", "logs:PutLogEvents"},
                    {account_arn_prefix + ":log-group:/aws/lambda/stackgen-every-argument:*"})}});
  stack.add<aws::IamRolePolicy>(
      "write_logs_policy",
      aws::IamRolePolicyConfig{
          .name = "write-logs", .policy = write_logs.json(), .role = role.tf_id()});

  // Each of these conflicts with `filename`.
  auto variable = [&](const char* name) -> String {
    return stack.add<core::Variable>(name, core::VariableConfig{.type = "string"})
        .value()
        .as_string();
  };
  auto& function = stack.add<aws::LambdaFunction>(
      "function",
      aws::LambdaFunctionConfig{
          .architectures = List<String>{"arm64"},
          .code_signing_config_arn =
              "arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-0123456789abcdef0",
          .description = "Every argument set",
          .filename = "lambda.zip",
          .function_name = "stackgen-every-argument",
          .handler = "app.handler",
          .image_uri = variable("image_uri"),
          .kms_key_arn = key.arn(),
          .layers = List<String>{"arn:aws:lambda:us-east-1:123456789012:layer:deps:3"},
          .memory_size = 512,
          .package_type = "Zip",
          .publish = true,
          .replace_security_groups_on_destroy = false,
          .replacement_security_group_ids = List<String>{"sg-0123456789abcdef0"},
          .reserved_concurrent_executions = -1,
          .role = role.arn(),
          .runtime = "python3.12",
          .s3_bucket = variable("code_bucket"),
          .s3_key = variable("code_key"),
          .s3_object_version = variable("code_version"),
          .skip_destroy = false,
          .source_code_hash = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
          .tags = Map<String>{{"component", "api"}},
          .tags_all = Map<String>{{"component", "api"}, {"project", "stackgen"}},
          .timeout = 30,
          .dead_letter_config =
              aws::LambdaFunctionDeadLetterConfig{
                  .target_arn = "arn:aws:sqs:us-east-1:123456789012:stackgen-dlq"},
          .environment =
              aws::LambdaFunctionEnvironment{
                  .variables = Map<String>{{"SECRET_ARN", secret.arn()}, {"MODE", "test"}}},
          .ephemeral_storage = aws::LambdaFunctionEphemeralStorage{.size = 1024},
          .file_system_config =
              aws::LambdaFunctionFileSystemConfig{
                  .arn = "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/"
                         "fsap-0123456789abcdef0",
                  .local_mount_path = "/mnt/data"},
          .image_config =
              aws::LambdaFunctionImageConfig{.command = List<String>{"app.handler"},
                                             .entry_point = List<String>{"/lambda-entrypoint.sh"},
                                             .working_directory = "/var/task"},
          .logging_config = aws::LambdaFunctionLoggingConfig{.application_log_level = "INFO",
                                                             .log_format = "JSON",
                                                             .log_group = log_group.name(),
                                                             .system_log_level = "WARN"},
          .snap_start = aws::LambdaFunctionSnapStart{.apply_on = "PublishedVersions"},
          .timeouts =
              aws::LambdaFunctionTimeouts{.create = "10m", .delete_ = "10m", .update = "10m"},
          .tracing_config = aws::LambdaFunctionTracingConfig{.mode = "Active"},
          .vpc_config =
              aws::LambdaFunctionVpcConfig{
                  .ipv6_allowed_for_dual_stack = false,
                  .security_group_ids = List<String>{"sg-0123456789abcdef0"},
                  .subnet_ids =
                      List<String>{"subnet-0123456789abcdef0", "subnet-0fedcba987654321"}},
          .meta = {.depends_on = {&log_group}}});

  // The HTTP API in front of the function.
  auto& api = stack.add<aws::Apigatewayv2Api>(
      "api", aws::Apigatewayv2ApiConfig{.name = "stackgen-every-argument",
                                        .protocol_type = "HTTP",
                                        .cors_configuration = aws::Apigatewayv2ApiCorsConfiguration{
                                            .allow_methods = List<String>{"GET"}, .max_age = 300}});
  auto& integration = stack.add<aws::Apigatewayv2Integration>(
      "integration", aws::Apigatewayv2IntegrationConfig{.api_id = api.tf_id(),
                                                        .integration_method = "POST",
                                                        .integration_type = "AWS_PROXY",
                                                        .integration_uri = function.invoke_arn(),
                                                        .payload_format_version = "2.0",
                                                        .timeout_milliseconds = 30000});
  auto& route = stack.add<aws::Apigatewayv2Route>(
      "route",
      aws::Apigatewayv2RouteConfig{.api_id = api.tf_id(),
                                   .route_key = "GET /hello",
                                   .target = String("integrations/") + integration.tf_id()});
  stack.add<aws::LambdaPermission>(
      "invoke", aws::LambdaPermissionConfig{.action = "lambda:InvokeFunction",
                                            .function_name = function.function_name(),
                                            .principal = "apigateway.amazonaws.com",
                                            .source_arn = api.execution_arn() + "/*/*"});
  stack.add<aws::Apigatewayv2Stage>(
      "stage",
      aws::Apigatewayv2StageConfig{
          .api_id = api.tf_id(),
          .auto_deploy = true,
          .client_certificate_id = "a1b2c3",
          .deployment_id = "d4e5f6",
          .description = "Every argument set",
          .name = "$default",
          .stage_variables = Map<String>{{"mode", "test"}},
          .tags = Map<String>{{"component", "api"}},
          .tags_all = Map<String>{{"component", "api"}, {"project", "stackgen"}},
          .access_log_settings =
              aws::Apigatewayv2StageAccessLogSettings{
                  .destination_arn = log_group.arn(),
                  .format = R"({"requestId":"$context.requestId","status":"$context.status"})"},
          .default_route_settings =
              aws::Apigatewayv2StageDefaultRouteSettings{.data_trace_enabled = false,
                                                         .detailed_metrics_enabled = true,
                                                         .logging_level = "OFF",
                                                         .throttling_burst_limit = 100,
                                                         .throttling_rate_limit = 50.5},
          .route_settings = {aws::Apigatewayv2StageRouteSettings{.data_trace_enabled = false,
                                                                 .detailed_metrics_enabled = false,
                                                                 .logging_level = "OFF",
                                                                 .route_key = route.route_key(),
                                                                 .throttling_burst_limit = 10,
                                                                 .throttling_rate_limit = 5},
                             aws::Apigatewayv2StageRouteSettings{.route_key = "$default"}}});
  return stack;
}

}  // namespace stackgen::testing
