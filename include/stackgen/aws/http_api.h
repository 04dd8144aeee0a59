// An API Gateway HTTP API in front of one Function, every route behind IAM authorization.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "stackgen/aws/function.h"
#include "stackgen/aws/policy.h"
#include "stackgen/core/construct.h"
#include "stackgen/core/value.h"
#include "stackgen/providers/aws/apigatewayv2_api.h"
#include "stackgen/providers/aws/apigatewayv2_integration.h"
#include "stackgen/providers/aws/apigatewayv2_route.h"
#include "stackgen/providers/aws/apigatewayv2_stage.h"
#include "stackgen/providers/aws/cloudwatch_log_group.h"
#include "stackgen/providers/aws/lambda_permission.h"

namespace stackgen::aws {

/// The route keys every `HttpApi` has: the root and everything below it.
inline constexpr const char* kHttpApiRouteKeys[] = {"ANY /", "ANY /{proxy+}"};

/// Settings of an `HttpApi`.
struct HttpApiConfig {
  /// The API name. Required; 1 to 128 of `[A-Za-z0-9._-]`.
  std::string name{};
  /// Shown in the API Gateway console. Default: none.
  std::string description{};
  /// The function every route invokes. Required.
  const Function* function = nullptr;
  /// The stage name: "$default" (served at the root of the endpoint) or 1 to 128 of
  /// `[A-Za-z0-9_-]` (served under `/<stage_name>`). Default: "$default".
  std::string stage_name = "$default";
  /// Requests a client may burst above the rate, more than 0. Default: 100.
  int throttling_burst_limit = 100;
  /// Steady requests per second, more than 0. Default: 50.
  double throttling_rate_limit = 50;
  /// Days the access log group keeps events; one of `kLogRetentionDays`. Default: 30.
  int access_log_retention_in_days = 30;
  /// The access log group's name. Default: "/aws/apigateway/<name>".
  std::string access_log_group_name{};
};

/// The access log format: one JSON object per request (keys sorted) with the request id, route,
/// method, status, source IP, request time, protocol, response length, integration error and the
/// caller's IAM ARN. Never request bodies, headers or query strings.
inline constexpr std::string_view kAccessLogFormat =
    R"({"httpMethod":"$context.httpMethod","integrationErrorMessage":"$context.integrationErrorMessage","ip":"$context.identity.sourceIp","protocol":"$context.protocol","requestId":"$context.requestId","requestTime":"$context.requestTime","responseLength":"$context.responseLength","routeKey":"$context.routeKey","status":"$context.status","userArn":"$context.identity.userArn"})";

/// An API Gateway v2 HTTP API (`aws_apigatewayv2_api`, protocol HTTP) with:
///
/// - one `AWS_PROXY` integration (method POST, payload format "2.0") to the function's
///   invoke ARN;
/// - routes `ANY /` and `ANY /{proxy+}`, both with `authorization_type = "AWS_IAM"`; there is no
///   way to add a route without authorization;
/// - a stage (auto-deploy) with JSON access logs in a log group of its own and explicit
///   throttling in `default_route_settings`; never `logging_level` or `data_trace_enabled`,
///   which HTTP APIs reject at apply time (a validation fails synthesis if an override adds
///   them or drops a throttling limit);
/// - a Lambda permission for `apigateway.amazonaws.com` on `<execution_arn>/*/*`, which matches
///   every stage and route, `$default` included.
///
///     auto& api = stack.add<HttpApi>("api", HttpApiConfig{.name = "orders", .function = &fn});
///     api.grant_invoke(callers_policy);
///
/// Throws `core::Error` (usage), naming this construct, the field, the value and the rule,
/// for a bad name, stage name, retention or throttling value; (construction) without a function.
class HttpApi : public core::Construct {
 public:
  HttpApi(core::Construct& scope, std::string id, HttpApiConfig config);

  /// The default endpoint, `https://<api-id>.execute-api.<region>.amazonaws.com`.
  core::String api_endpoint() const { return api_->api_endpoint(); }
  /// The ARN prefix of invocations, `arn:aws:execute-api:<region>:<account>:<api-id>`.
  core::String execution_arn() const { return api_->execution_arn(); }
  /// The stage's URL (the endpoint, plus `/<stage>` for a named stage).
  core::String invoke_url() const { return stage_->invoke_url(); }
  /// The API id.
  core::String api_id() const { return api_->tf_id(); }
  /// The stage name as configured.
  const std::string& stage_name() const { return config_.stage_name; }
  /// The access log group's name.
  core::String access_log_group_name() const { return access_logs_->name(); }

  /// The IAM resource ARNs of this API's routes on its stage, one per route:
  /// `<execution_arn>/<stage>/*/` (`ANY /`) and `<execution_arn>/<stage>/*/*` (`ANY /{proxy+}`).
  std::vector<core::String> route_arns() const;

  /// Allows `grantee` to call the API: `execute-api:Invoke` on `route_arns()` only. Idempotent.
  void grant_invoke(Grantable& grantee) const;

  /// The underlying resources; the non-const ones are escape hatches for `add_override`. The
  /// stage is checked again at synthesis (C01), overrides included.
  const providers::aws::Apigatewayv2Api& resource() const { return *api_; }
  providers::aws::Apigatewayv2Api& resource() { return *api_; }
  const providers::aws::Apigatewayv2Integration& integration() const { return *integration_; }
  providers::aws::Apigatewayv2Integration& integration() { return *integration_; }
  const std::vector<const providers::aws::Apigatewayv2Route*>& routes() const { return routes_; }
  const providers::aws::Apigatewayv2Stage& stage() const { return *stage_; }
  providers::aws::Apigatewayv2Stage& stage() { return *stage_; }
  const providers::aws::CloudwatchLogGroup& access_log_group() const { return *access_logs_; }
  providers::aws::CloudwatchLogGroup& access_log_group() { return *access_logs_; }
  const providers::aws::LambdaPermission& permission() const { return *permission_; }
  providers::aws::LambdaPermission& permission() { return *permission_; }

 private:
  std::vector<std::string> check_stage() const;

  HttpApiConfig config_;
  providers::aws::CloudwatchLogGroup* access_logs_ = nullptr;
  providers::aws::Apigatewayv2Api* api_ = nullptr;
  providers::aws::Apigatewayv2Integration* integration_ = nullptr;
  std::vector<const providers::aws::Apigatewayv2Route*> routes_;
  providers::aws::Apigatewayv2Stage* stage_ = nullptr;
  providers::aws::LambdaPermission* permission_ = nullptr;
};

}  // namespace stackgen::aws
