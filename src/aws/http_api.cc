#include "stackgen/aws/http_api.h"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "checks.h"
#include "stackgen/aws/names.h"
#include "stackgen/core/error.h"
#include "stackgen/core/stack.h"

namespace stackgen::aws {

namespace {

namespace tf = providers::aws;

constexpr const char* kKind = "http api";

[[noreturn]] void fail(const core::Construct& owner, const std::string& message) {
  throw core::Error(core::ErrorCategory::kUsage,
                    fmt::format("{} \"{}\": {}", kKind, owner.path(), message));
}

bool is_stage_name(const std::string& name) {
  if (name == "$default") return true;
  return !name.empty() && name.size() <= 128 && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
}

// Blocks render as one object or as an array of objects; both mean the same to Terraform.
std::vector<const nlohmann::json*> blocks_at(const nlohmann::json& body, const char* name) {
  std::vector<const nlohmann::json*> out;
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return out;
  if (it->is_array()) {
    for (const nlohmann::json& item : *it) out.push_back(&item);
  } else {
    out.push_back(&*it);
  }
  return out;
}

// C01: WebSocket-only keys make apply fail on an HTTP API, and once route settings are sent a
// throttling limit left out is stored as 0, which rejects every request with 429.
void check_route_settings(const nlohmann::json& settings, const std::string& where,
                          std::vector<std::string>& errors) {
  for (const char* key : {"logging_level", "data_trace_enabled"}) {
    if (!settings.contains(key)) continue;
    errors.push_back(
        fmt::format("stage {}.{} is set, but it is a WebSocket-only setting that "
                    "HTTP APIs reject at apply time; remove it",
                    where, key));
  }
  for (const char* key : {"throttling_burst_limit", "throttling_rate_limit"}) {
    auto it = settings.find(key);
    if (it == settings.end() || it->is_null()) {
      errors.push_back(
          fmt::format("stage {}.{} is missing; once route settings are sent a "
                      "missing limit is stored as 0 and every request gets 429; set "
                      "it above 0",
                      where, key));
    } else if (it->is_number() && !(it->get<double>() > 0)) {
      errors.push_back(
          fmt::format("stage {}.{} is {}; a limit of 0 rejects every request with "
                      "429; set it above 0",
                      where, key, it->dump()));
    }
  }
}

}  // namespace

HttpApi::HttpApi(core::Construct& scope, std::string id, HttpApiConfig config)
    : core::Construct(scope, std::move(id)), config_(std::move(config)) {
  // Validate the literals against API Gateway and CloudWatch Logs rules.
  check_name(*this, kKind, "name", config_.name, kApiNameRule);
  if (config_.function == nullptr) {
    throw core::Error(core::ErrorCategory::kConstruction,
                      fmt::format("{} \"{}\": function is not set; set .function to the Function "
                                  "the routes invoke",
                                  kKind, path()));
  }
  if (!is_stage_name(config_.stage_name)) {
    fail(*this, fmt::format("stage_name \"{}\" is not a stage name; use \"$default\" or 1 to 128 "
                            "letters, digits, \"-\" and \"_\"",
                            config_.stage_name));
  }
  if (config_.throttling_burst_limit <= 0) {
    fail(*this, fmt::format("throttling_burst_limit {} is not above 0; a limit of 0 rejects every "
                            "request with 429; set a positive number of requests",
                            config_.throttling_burst_limit));
  }
  if (!(config_.throttling_rate_limit > 0) || !std::isfinite(config_.throttling_rate_limit)) {
    fail(*this, fmt::format("throttling_rate_limit {} is not above 0; a limit of 0 rejects every "
                            "request with 429; set a positive number of requests per second",
                            config_.throttling_rate_limit));
  }
  detail::check_retention(*this, kKind, "access_log_retention_in_days",
                          config_.access_log_retention_in_days);
  if (config_.access_log_group_name.empty()) {
    config_.access_log_group_name = "/aws/apigateway/" + config_.name;
  }
  check_name(*this, kKind, "access_log_group_name", config_.access_log_group_name,
             kLogGroupNameRule);

  // The API, its one integration and its two routes, both behind IAM authorization.
  const Function& function = *config_.function;
  access_logs_ = &add<tf::CloudwatchLogGroup>(
      "access_logs", tf::CloudwatchLogGroupConfig{
                         .name = core::String(config_.access_log_group_name),
                         .retention_in_days = core::Number(config_.access_log_retention_in_days),
                     });
  tf::Apigatewayv2ApiConfig api{.name = core::String(config_.name),
                                .protocol_type = core::String("HTTP")};
  if (!config_.description.empty()) api.description = core::String(config_.description);
  api_ = &add<tf::Apigatewayv2Api>("api", std::move(api));
  integration_ = &add<tf::Apigatewayv2Integration>(
      "integration", tf::Apigatewayv2IntegrationConfig{
                         .api_id = api_id(),
                         .integration_method = core::String("POST"),
                         .integration_type = core::String("AWS_PROXY"),
                         .integration_uri = function.invoke_arn(),
                         .payload_format_version = core::String("2.0"),
                     });
  for (const char* route_key : kHttpApiRouteKeys) {
    std::string route_id = std::string_view(route_key) == "ANY /" ? "route_root" : "route_proxy";
    routes_.push_back(&add<tf::Apigatewayv2Route>(
        route_id, tf::Apigatewayv2RouteConfig{
                      .api_id = api_id(),
                      .authorization_type = core::String("AWS_IAM"),
                      .route_key = core::String(route_key),
                      .target = core::String("integrations/") + integration_->tf_id(),
                  }));
  }

  // The stage: JSON access logs and explicit throttling, nothing WebSocket-only (C01).
  stage_ = &add<tf::Apigatewayv2Stage>(
      "stage", tf::Apigatewayv2StageConfig{
                   .api_id = api_id(),
                   .auto_deploy = true,
                   .name = core::String(config_.stage_name),
                   .access_log_settings =
                       tf::Apigatewayv2StageAccessLogSettings{
                           .destination_arn = access_logs_->arn(),
                           .format = core::String(kAccessLogFormat),
                       },
                   .default_route_settings =
                       tf::Apigatewayv2StageDefaultRouteSettings{
                           .throttling_burst_limit = core::Number(config_.throttling_burst_limit),
                           .throttling_rate_limit = core::Number(config_.throttling_rate_limit),
                       },
               });
  add_validation([this] { return check_stage(); });

  // C02: `<execution_arn>/*/*` matches every stage and route, `$default` included.
  permission_ = &add<tf::LambdaPermission>(
      "permission", tf::LambdaPermissionConfig{
                        .action = core::String("lambda:InvokeFunction"),
                        .function_name = function.function_name(),
                        .principal = core::String("apigateway.amazonaws.com"),
                        .source_arn = execution_arn() + "/*/*",
                        .statement_id = core::String("AllowApiGatewayInvoke"),
                    });
}

std::vector<core::String> HttpApi::route_arns() const {
  // Invocations are `<execution_arn>/<stage>/<METHOD>/<path>`; the root's path is empty.
  core::String stage = execution_arn() + "/" + config_.stage_name;
  return {stage + "/*/", stage + "/*/*"};
}

void HttpApi::grant_invoke(Grantable& grantee) const {
  grantee.add_to_policy({.actions = {"execute-api:Invoke"}, .resources = route_arns()});
}

std::vector<std::string> HttpApi::check_stage() const {
  core::RenderContext context(stack());
  nlohmann::json body = stage_->render_with_overrides(context);
  std::vector<std::string> errors;
  std::vector<const nlohmann::json*> defaults = blocks_at(body, "default_route_settings");
  if (defaults.empty()) {
    errors.push_back(
        "stage default_route_settings is missing; without it the stage has no "
        "throttling; restore it with both throttling limits above 0");
  }
  for (const nlohmann::json* settings : defaults) {
    check_route_settings(*settings, "default_route_settings", errors);
  }
  for (const nlohmann::json* settings : blocks_at(body, "route_settings")) {
    check_route_settings(*settings, "route_settings", errors);
  }
  return errors;
}

}  // namespace stackgen::aws
