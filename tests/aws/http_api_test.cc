#include "stackgen/aws/http_api.h"

#include <gtest/gtest.h>

#include "aws_test_util.h"
#include "stackgen/aws/iam.h"

namespace stackgen::aws {
namespace {

using nlohmann::json;
using testing::body_of;
using testing::error_of;
using testing::ref;

struct ApiFixture : testing::Fixture {
  Function& fn = stack.add<Function>(
      "fn", FunctionConfig{.function_name = "orders-handler", .code_folder = handler});

  HttpApi& make(HttpApiConfig config = {}) {
    if (config.name.empty()) config.name = "orders-api";
    if (config.function == nullptr) config.function = &fn;
    return stack.add<HttpApi>("api", std::move(config));
  }
};

TEST(HttpApi, RendersAnHttpApi) {
  ApiFixture f;
  HttpApi& api = f.make({.description = "Orders"});
  EXPECT_EQ(body_of(f.synth(), api.resource()),
            json({{"description", "Orders"}, {"name", "orders-api"}, {"protocol_type", "HTTP"}}));
}

TEST(HttpApi, IntegratesTheFunctionThroughItsInvokeArn) {
  ApiFixture f;
  HttpApi& api = f.make();
  EXPECT_EQ(body_of(f.synth(), api.integration()),
            json({{"api_id", ref(api.resource(), "id")},
                  {"integration_method", "POST"},
                  {"integration_type", "AWS_PROXY"},
                  {"integration_uri", ref(f.fn.resource(), "invoke_arn")},
                  {"payload_format_version", "2.0"}}));
}

TEST(HttpApi, RoutesTheRootAndEverythingBelowItBehindIam) {
  ApiFixture f;
  HttpApi& api = f.make();
  json doc = f.synth();
  ASSERT_EQ(api.routes().size(), 2u);
  const char* keys[] = {"ANY /", "ANY /{proxy+}"};
  for (std::size_t i = 0; i < 2; ++i) {
    SCOPED_TRACE(keys[i]);
    EXPECT_EQ(body_of(doc, *api.routes()[i]),
              json({{"api_id", ref(api.resource(), "id")},
                    {"authorization_type", "AWS_IAM"},
                    {"route_key", keys[i]},
                    {"target", "integrations/" + ref(api.integration(), "id")}}));
  }
  EXPECT_EQ(doc.at("resource").at("aws_apigatewayv2_route").size(), 2u);
}

TEST(HttpApi, DeploysAStageWithAccessLogsAndThrottling) {
  ApiFixture f;
  HttpApi& api = f.make({.throttling_burst_limit = 20, .throttling_rate_limit = 7.5});
  json doc = f.synth();
  EXPECT_EQ(body_of(doc, api.stage()),
            json({{"access_log_settings",
                   {{{"destination_arn", ref(api.access_log_group(), "arn")},
                     {"format", std::string(kAccessLogFormat)}}}},
                  {"api_id", ref(api.resource(), "id")},
                  {"auto_deploy", true},
                  {"default_route_settings",
                   {{{"throttling_burst_limit", 20}, {"throttling_rate_limit", 7.5}}}},
                  {"name", "$default"}}));
  EXPECT_EQ(body_of(doc, api.access_log_group()),
            json({{"name", "/aws/apigateway/orders-api"}, {"retention_in_days", 30}}));
}

TEST(HttpApi, LogsOneJsonObjectPerRequestWithTheRequestId) {
  json format = json::parse(kAccessLogFormat);
  EXPECT_EQ(format, json({{"httpMethod", "$context.httpMethod"},
                          {"integrationErrorMessage", "$context.integrationErrorMessage"},
                          {"ip", "$context.identity.sourceIp"},
                          {"protocol", "$context.protocol"},
                          {"requestId", "$context.requestId"},
                          {"requestTime", "$context.requestTime"},
                          {"responseLength", "$context.responseLength"},
                          {"routeKey", "$context.routeKey"},
                          {"status", "$context.status"},
                          {"userArn", "$context.identity.userArn"}}));
  // Keys in sorted order, no spaces: the same bytes every synthesis.
  EXPECT_EQ(format.dump(), std::string(kAccessLogFormat));
}

TEST(HttpApi, UsesTheAccessLogGroupNameAndRetentionGiven) {
  ApiFixture f;
  HttpApi& api = f.make(
      {.access_log_retention_in_days = 365, .access_log_group_name = "/custom/orders-access"});
  EXPECT_EQ(body_of(f.synth(), api.access_log_group()),
            json({{"name", "/custom/orders-access"}, {"retention_in_days", 365}}));
}

TEST(HttpApi, LetsApiGatewayInvokeTheFunctionFromEveryRoute) {
  ApiFixture f;
  HttpApi& api = f.make();
  EXPECT_EQ(body_of(f.synth(), api.permission()),
            json({{"action", "lambda:InvokeFunction"},
                  {"function_name", ref(f.fn.resource(), "function_name")},
                  {"principal", "apigateway.amazonaws.com"},
                  {"source_arn", ref(api.resource(), "execution_arn") + "/*/*"},
                  {"statement_id", "AllowApiGatewayInvoke"}}));
}

TEST(HttpApi, GrantsInvokeOnItsRoutesOnly) {
  ApiFixture f;
  HttpApi& api = f.make({.stage_name = "v1"});
  ManagedPolicy& policy = f.stack.add<ManagedPolicy>("callers", ManagedPolicyConfig{.name = "c"});
  api.grant_invoke(policy);
  api.grant_invoke(policy);
  json doc = f.synth();
  std::string execution_arn = api.resource().address() + ".execution_arn";
  EXPECT_EQ(body_of(doc, policy.resource()).at("policy"),
            "${jsonencode({\"Statement\" = [{\"Action\" = [\"execute-api:Invoke\"], \"Effect\" = "
            "\"Allow\", \"Resource\" = [\"${" +
                execution_arn + "}/v1/*/\", \"${" + execution_arn +
                "}/v1/*/*\"]}], \"Version\" = \"2012-10-17\"})}");
  EXPECT_EQ(policy.policy_document().statements().size(), 1u);
}

TEST(HttpApi, ServesANamedStage) {
  ApiFixture f;
  HttpApi& api = f.make({.stage_name = "v1"});
  EXPECT_EQ(body_of(f.synth(), api.stage()).at("name"), "v1");
  EXPECT_EQ(api.stage_name(), "v1");
}

TEST(HttpApi, RejectsInvalidInputsNamingFieldValueRuleAndFix) {
  struct Row {
    std::string name;
    HttpApiConfig config;
    std::string message;
  };
  const std::vector<Row> rows = {
      {"name",
       {.name = "orders api"},
       "http api \"test/api\": name \"orders api\" contains \" \"; API Gateway API names may only "
       "use letters, digits and \"._-\" (1 to 128 characters); remove or replace it"},
      {"stage",
       {.stage_name = "prod stage"},
       "http api \"test/api\": stage_name \"prod stage\" is not a stage name; use \"$default\" "
       "or 1 to 128 letters, digits, \"-\" and \"_\""},
      {"burst",
       {.throttling_burst_limit = 0},
       "http api \"test/api\": throttling_burst_limit 0 is not above 0; a limit of 0 rejects "
       "every request with 429; set a positive number of requests"},
      {"rate",
       {.throttling_rate_limit = -1},
       "http api \"test/api\": throttling_rate_limit -1 is not above 0; a limit of 0 rejects "
       "every request with 429; set a positive number of requests per second"},
      {"retention",
       {.access_log_retention_in_days = 0},
       "http api \"test/api\": access_log_retention_in_days 0 is not a retention CloudWatch Logs "
       "accepts; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, "
       "1827, 2192, 2557, 2922, 3288, 3653 days"},
      {"log group",
       {.access_log_group_name = "access logs"},
       "http api \"test/api\": access_log_group_name \"access logs\" contains \" \"; CloudWatch "
       "Logs log group names may only use letters, digits and \"._/#-\" (1 to 512 characters); "
       "remove or replace it"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    ApiFixture f;
    EXPECT_EQ(error_of([&] { f.make(row.config); }, core::ErrorCategory::kUsage), row.message);
  }
}

TEST(HttpApi, RejectsAMissingFunction) {
  testing::Fixture f;
  EXPECT_EQ(error_of([&] { f.stack.add<HttpApi>("api", HttpApiConfig{.name = "a"}); },
                     core::ErrorCategory::kConstruction),
            "http api \"test/api\": function is not set; set .function to the Function the "
            "routes invoke");
}

}  // namespace
}  // namespace stackgen::aws
