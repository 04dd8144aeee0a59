// The committed AWS bindings: every argument of aws_lambda_function and aws_apigatewayv2_stage
// synthesizes under its Terraform name with its JSON type; unset ones are absent.
#include <gtest/gtest.h>

#include "every_argument.h"
#include "stackgen/providers/aws/lambda_function.h"
#include "stackgen/providers/aws/provider.h"
#include "terraform.h"

namespace stackgen::testing {
namespace {

namespace aws = stackgen::providers::aws;
using nlohmann::json;

json synthesize_every_argument_stack() {
  core::App app({.outdir = make_temp_dir("providers") / "cdktf.out"});
  add_every_argument_stack(app);
  core::SynthResult result = app.synth();
  return json::parse(read_text(result.outdir / "stacks/bindings/cdk.tf.json"));
}

TEST(AwsBindings, SynthesizeEveryArgumentOfALambdaFunction) {
  json document = synthesize_every_argument_stack();
  EXPECT_EQ(document["resource"]["aws_lambda_function"]["function"], json::parse(R"({
    "architectures": ["arm64"],
    "code_signing_config_arn":
        "arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-0123456789abcdef0",
    "dead_letter_config": [{"target_arn": "arn:aws:sqs:us-east-1:123456789012:stackgen-dlq"}],
    "depends_on": ["aws_cloudwatch_log_group.logs"],
    "description": "Every argument set",
    "environment": [{"variables": {"MODE": "test",
                                   "SECRET_ARN": "${aws_secretsmanager_secret.secret.arn}"}}],
    "ephemeral_storage": [{"size": 1024}],
    "file_system_config": [{
      "arn":
        "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-0123456789abcdef0",
      "local_mount_path": "/mnt/data"}],
    "filename": "lambda.zip",
    "function_name": "stackgen-every-argument",
    "handler": "app.handler",
    "image_config": [{"command": ["app.handler"], "entry_point": ["/lambda-entrypoint.sh"],
                      "working_directory": "/var/task"}],
    "image_uri": "${var.image_uri}",
    "kms_key_arn": "${aws_kms_key.key.arn}",
    "layers": ["arn:aws:lambda:us-east-1:123456789012:layer:deps:3"],
    "logging_config": [{"application_log_level": "INFO", "log_format": "JSON",
                        "log_group": "${aws_cloudwatch_log_group.logs.name}",
                        "system_log_level": "WARN"}],
    "memory_size": 512,
    "package_type": "Zip",
    "publish": true,
    "replace_security_groups_on_destroy": false,
    "replacement_security_group_ids": ["sg-0123456789abcdef0"],
    "reserved_concurrent_executions": -1,
    "role": "${aws_iam_role.role.arn}",
    "runtime": "python3.12",
    "s3_bucket": "${var.code_bucket}",
    "s3_key": "${var.code_key}",
    "s3_object_version": "${var.code_version}",
    "skip_destroy": false,
    "snap_start": [{"apply_on": "PublishedVersions"}],
    "source_code_hash": "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
    "tags": {"component": "api"},
    "tags_all": {"component": "api", "project": "stackgen"},
    "timeout": 30,
    "timeouts": {"create": "10m", "delete": "10m", "update": "10m"},
    "tracing_config": [{"mode": "Active"}],
    "vpc_config": [{"ipv6_allowed_for_dual_stack": false,
                    "security_group_ids": ["sg-0123456789abcdef0"],
                    "subnet_ids": ["subnet-0123456789abcdef0", "subnet-0fedcba987654321"]}]})"));
}

TEST(AwsBindings, SynthesizeEveryArgumentOfAnApiStage) {
  json document = synthesize_every_argument_stack();
  EXPECT_EQ(document["resource"]["aws_apigatewayv2_stage"]["stage"], json::parse(R"({
    "access_log_settings": [{
        "destination_arn": "${aws_cloudwatch_log_group.logs.arn}",
        "format": "{\"requestId\":\"$context.requestId\",\"status\":\"$context.status\"}"}],
    "api_id": "${aws_apigatewayv2_api.api.id}",
    "auto_deploy": true,
    "client_certificate_id": "a1b2c3",
    "default_route_settings": [{"data_trace_enabled": false, "detailed_metrics_enabled": true,
                                "logging_level": "OFF", "throttling_burst_limit": 100,
                                "throttling_rate_limit": 50.5}],
    "deployment_id": "d4e5f6",
    "description": "Every argument set",
    "name": "$default",
    "route_settings": [
        {"data_trace_enabled": false, "detailed_metrics_enabled": false, "logging_level": "OFF",
         "route_key": "${aws_apigatewayv2_route.route.route_key}", "throttling_burst_limit": 10,
         "throttling_rate_limit": 5},
        {"route_key": "$default"}],
    "stage_variables": {"mode": "test"},
    "tags": {"component": "api"},
    "tags_all": {"component": "api", "project": "stackgen"}})"));
}

TEST(AwsBindings, RequireTheProviderTheyWereGeneratedFrom) {
  json document = synthesize_every_argument_stack();
  EXPECT_EQ(document["terraform"]["required_providers"],
            json::parse(R"({"aws": {"source": "hashicorp/aws", "version": "~> 5.100"}})"));
  EXPECT_EQ(document["provider"]["aws"], json::parse(R"([{
      "default_tags": [{"tags": {"project": "stackgen"}}], "region": "us-east-1"}])"));
}

TEST(AwsBindings, LeaveUnsetArgumentsOut) {
  core::App app;
  auto& stack = app.add<core::Stack>("s");
  stack.add<aws::LambdaFunction>(
      "fn", aws::LambdaFunctionConfig{.function_name = "f",
                                      .role = "arn:aws:iam::123456789012:role/r",
                                      .environment = aws::LambdaFunctionEnvironment{}});
  EXPECT_EQ(stack.render()["resource"]["aws_lambda_function"]["fn"],
            json::parse(R"({"environment": [{}], "function_name": "f",
                            "role": "arn:aws:iam::123456789012:role/r"})"));
}

TEST(AwsBindings, RejectMissingRequiredArguments) {
  core::App app;
  auto& stack = app.add<core::Stack>("s");
  try {
    stack.add<aws::LambdaFunction>("fn", aws::LambdaFunctionConfig{.function_name = "f"});
    ADD_FAILURE() << "no error";
  } catch (const core::Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "aws_lambda_function \"s/fn\": required argument \"role\" is not set; set .role in "
              "LambdaFunctionConfig");
  }
  try {
    stack.add<aws::LambdaFunction>(
        "fn",
        aws::LambdaFunctionConfig{.function_name = "f",
                                  .role = "arn:aws:iam::123456789012:role/r",
                                  .vpc_config = aws::LambdaFunctionVpcConfig{
                                      .security_group_ids = core::List<core::String>{"sg-1"}}});
    ADD_FAILURE() << "no error";
  } catch (const core::Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "aws_lambda_function \"s/fn\": required argument \"vpc_config.subnet_ids\" is not "
              "set; set .subnet_ids in LambdaFunctionVpcConfig");
  }
}

TEST(AwsBindings, AccessorsReturnTypedReferences) {
  core::App app;
  auto& stack = app.add<core::Stack>("s");
  auto& fn = stack.add<aws::LambdaFunction>(
      "fn", aws::LambdaFunctionConfig{.function_name = "f", .role = "r"});
  stack.add<core::Output>("arn", core::OutputConfig{.value = fn.arn()});
  stack.add<core::Output>("timeout", core::OutputConfig{.value = fn.timeout()});
  stack.add<core::Output>("layer", core::OutputConfig{.value = fn.layers().at(0)});
  stack.add<core::Output>("tag", core::OutputConfig{.value = fn.tags().get("team")});
  stack.add<core::Output>("id", core::OutputConfig{.value = fn.tf_id()});
  EXPECT_EQ(stack.render()["output"], json::parse(R"({
      "arn": {"value": "${aws_lambda_function.fn.arn}"},
      "id": {"value": "${aws_lambda_function.fn.id}"},
      "layer": {"value": "${aws_lambda_function.fn.layers[0]}"},
      "tag": {"value": "${aws_lambda_function.fn.tags.team}"},
      "timeout": {"value": "${aws_lambda_function.fn.timeout}"}})"));
}

}  // namespace
}  // namespace stackgen::testing
