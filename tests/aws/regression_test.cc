// The cases of ../shared/cases that the L2 constructs must hold, one test (or more) each.
#include <gtest/gtest.h>

#include <regex>

#include "aws_test_util.h"
#include "stackgen/aws/function.h"
#include "stackgen/aws/http_api.h"
#include "stackgen/aws/iam.h"
#include "stackgen/aws/secret.h"

namespace stackgen::aws {
namespace {

using nlohmann::json;
using testing::body_of;
using testing::error_of;
using testing::ref;

// The product's shape in small: a secret read by a function behind an HTTP API, and a policy
// for callers.
struct Program : testing::Fixture {
  Secret& secret = stack.add<Secret>("config", SecretConfig{.name = "app/config", .version = 1});
  Function& fn = stack.add<Function>(
      "fn", FunctionConfig{.function_name = "app-handler",
                           .code_folder = handler,
                           .environment = {{"CONFIG_SECRET_ARN", secret.arn()}}});
  HttpApi& api = stack.add<HttpApi>("api", HttpApiConfig{.name = "app-api", .function = &fn});
  ManagedPolicy& callers = stack.add<ManagedPolicy>("callers", ManagedPolicyConfig{.name = "c"});

  Program() {
    secret.grant_read(fn);
    api.grant_invoke(callers);
  }
};

// ARN globbing as IAM and Lambda evaluate it: `*` matches any run of characters (slashes
// included), `?` exactly one.
bool arn_glob_match(std::string_view pattern, std::string_view text) {
  std::size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

constexpr const char* kExecutionArn = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3";

// Replaces the interpolated execution_arn reference with a sample value.
std::string with_sample_execution_arn(const std::string& rendered, const HttpApi& api) {
  std::string reference = ref(api.resource(), "execution_arn");
  std::string out = rendered;
  for (std::size_t at; (at = out.find(reference)) != std::string::npos;) {
    out.replace(at, reference.size(), kExecutionArn);
  }
  return out;
}

// Every string anywhere in `node`.
void collect_strings(const json& node, std::vector<std::string>& out) {
  if (node.is_string()) out.push_back(node.get<std::string>());
  if (node.is_structured()) {
    for (const json& child : node) collect_strings(child, out);
  }
}

TEST(ArnGlob, MatchesLikeIam) {
  EXPECT_TRUE(arn_glob_match("a*c", "abbbc"));
  EXPECT_TRUE(arn_glob_match("a*c", "ac"));
  EXPECT_TRUE(arn_glob_match("a/*/*", "a/x/y/z"));
  EXPECT_TRUE(arn_glob_match("a?c", "abc"));
  EXPECT_FALSE(arn_glob_match("a?c", "ac"));
  EXPECT_FALSE(arn_glob_match("a/*/*/*", "a/x/y"));
  EXPECT_FALSE(arn_glob_match("abc", "abcd"));
}

// ---- C01: WebSocket-only stage settings; explicit throttling ---------------------------------

TEST(Regression, C01StageHasNoWebSocketOnlySettingsAndBothThrottlingLimits) {
  Program p;
  json stage = body_of(p.synth(), p.api.stage());
  std::vector<std::string> keys;
  for (const json& settings : stage.at("default_route_settings")) {
    for (const auto& [key, value] : settings.items()) keys.push_back(key);
    EXPECT_GT(settings.at("throttling_burst_limit").get<double>(), 0);
    EXPECT_GT(settings.at("throttling_rate_limit").get<double>(), 0);
  }
  EXPECT_EQ(keys, (std::vector<std::string>{"throttling_burst_limit", "throttling_rate_limit"}));
  EXPECT_FALSE(stage.contains("route_settings"));
  EXPECT_EQ(stage.dump().find("logging_level"), std::string::npos);
  EXPECT_EQ(stage.dump().find("data_trace_enabled"), std::string::npos);
}

TEST(Regression, C01FailsSynthesisWhenAnOverrideAddsWebSocketOnlySettings) {
  Program p;
  p.api.stage().add_override("default_route_settings.0.logging_level", core::Value::string("OFF"));
  p.api.stage().add_override("default_route_settings.0.data_trace_enabled",
                             core::Value::boolean(false));
  EXPECT_EQ(error_of([&] { p.synth(); }, core::ErrorCategory::kValidation),
            "2 problems found, nothing was written:\n"
            "[test/api] stage default_route_settings.logging_level is set, but it is a "
            "WebSocket-only setting that HTTP APIs reject at apply time; remove it\n"
            "[test/api] stage default_route_settings.data_trace_enabled is set, but it is a "
            "WebSocket-only setting that HTTP APIs reject at apply time; remove it");
}

TEST(Regression, C01FailsSynthesisWhenRouteSettingsCarryLoggingOrLeaveThrottlingOut) {
  Program p;
  p.api.stage().add_override(
      "route_settings",
      core::Value::list({core::Value::map({{"route_key", core::Value::string("ANY /")},
                                           {"logging_level", core::Value::string("INFO")},
                                           {"throttling_burst_limit", core::Value::integer(5)}})}));
  EXPECT_EQ(error_of([&] { p.synth(); }, core::ErrorCategory::kValidation),
            "2 problems found, nothing was written:\n"
            "[test/api] stage route_settings.logging_level is set, but it is a WebSocket-only "
            "setting that HTTP APIs reject at apply time; remove it\n"
            "[test/api] stage route_settings.throttling_rate_limit is missing; once route "
            "settings are sent a missing limit is stored as 0 and every request gets 429; set it "
            "above 0");
}

TEST(Regression, C01FailsSynthesisWhenAnOverrideZeroesOrDropsAThrottlingLimit) {
  Program p;
  p.api.stage().add_override("default_route_settings.0.throttling_burst_limit",
                             core::Value::integer(0));
  p.api.stage().add_deletion_override("default_route_settings.0.throttling_rate_limit");
  EXPECT_EQ(error_of([&] { p.synth(); }, core::ErrorCategory::kValidation),
            "2 problems found, nothing was written:\n"
            "[test/api] stage default_route_settings.throttling_burst_limit is 0; a limit of 0 "
            "rejects every request with 429; set it above 0\n"
            "[test/api] stage default_route_settings.throttling_rate_limit is missing; once "
            "route settings are sent a missing limit is stored as 0 and every request gets 429; "
            "set it above 0");
}

TEST(Regression, C01FailsSynthesisWhenAnOverrideRemovesTheRouteSettings) {
  Program p;
  p.api.stage().add_deletion_override("default_route_settings");
  EXPECT_EQ(error_of([&] { p.synth(); }, core::ErrorCategory::kValidation),
            "1 problem found, nothing was written:\n"
            "[test/api] stage default_route_settings is missing; without it the stage has no "
            "throttling; restore it with both throttling limits above 0");
}

TEST(Regression, C01RejectsThrottlingLimitsThatAreNotAboveZero) {
  for (auto [burst, rate] : {std::pair{0, 50.0}, std::pair{100, 0.0}}) {
    SCOPED_TRACE(std::to_string(burst) + "/" + std::to_string(rate));
    testing::Fixture f;
    auto& fn =
        f.stack.add<Function>("fn", FunctionConfig{.function_name = "h", .code_folder = f.handler});
    std::string message = error_of(
        [&] {
          f.stack.add<HttpApi>("api", HttpApiConfig{.name = "a",
                                                    .function = &fn,
                                                    .throttling_burst_limit = burst,
                                                    .throttling_rate_limit = rate});
        },
        core::ErrorCategory::kUsage);
    EXPECT_NE(message.find("is not above 0; a limit of 0 rejects every request with 429"),
              std::string::npos)
        << message;
  }
}

// ---- C02: the invoke permission covers every route, $default included --------------------------

TEST(Regression, C02SourceArnIsTheExecutionArnFollowedBySlashStarSlashStar) {
  Program p;
  json doc = p.synth();
  json permission = body_of(doc, p.api.permission());
  EXPECT_EQ(permission.at("source_arn"), ref(p.api.resource(), "execution_arn") + "/*/*");
  EXPECT_EQ(permission.at("principal"), "apigateway.amazonaws.com");
  EXPECT_EQ(permission.at("action"), "lambda:InvokeFunction");
  // The same, unqualified, function the integration targets.
  EXPECT_EQ(permission.at("function_name"), ref(p.fn.resource(), "function_name"));
  EXPECT_EQ(body_of(doc, p.api.integration()).at("integration_uri"),
            ref(p.fn.resource(), "invoke_arn"));
  EXPECT_FALSE(permission.contains("qualifier"));
}

TEST(Regression, C02SourceArnMatchesTheInvokeArnOfEveryRoute) {
  Program p;
  std::string pattern =
      with_sample_execution_arn(body_of(p.synth(), p.api.permission()).at("source_arn"), p.api);
  EXPECT_EQ(pattern, std::string(kExecutionArn) + "/*/*");
  const std::string invocations[] = {
      std::string(kExecutionArn) + "/$default/GET/",
      std::string(kExecutionArn) + "/$default/POST/items/42",
      std::string(kExecutionArn) + "/$default/$default",
      std::string(kExecutionArn) + "/v1/DELETE/a/b/c",
  };
  for (const std::string& arn : invocations) {
    SCOPED_TRACE(arn);
    EXPECT_TRUE(arn_glob_match(pattern, arn));
  }
  // Another API, or the control-plane ARN, never matches.
  EXPECT_FALSE(
      arn_glob_match(pattern, "arn:aws:execute-api:us-east-1:123456789012:zzz/$default/GET/"));
  EXPECT_FALSE(arn_glob_match(pattern, "arn:aws:apigateway:us-east-1::/apis/a1b2c3"));
}

TEST(Regression, C02ThreeStarsWouldMissTheDefaultRoute) {
  std::string three = std::string(kExecutionArn) + "/*/*/*";
  EXPECT_FALSE(arn_glob_match(three, std::string(kExecutionArn) + "/$default/$default"));
  EXPECT_TRUE(arn_glob_match(std::string(kExecutionArn) + "/*/*",
                             std::string(kExecutionArn) + "/$default/$default"));
}

TEST(Regression, C02GrantInvokeCoversTheRoutesOfItsStageOnly) {
  Program p;
  std::vector<std::string> patterns;
  for (const core::String& arn : p.api.route_arns()) {
    core::RenderContext context(p.stack);
    patterns.push_back(with_sample_execution_arn(context.render(arn.value()), p.api));
  }
  EXPECT_EQ(patterns, (std::vector<std::string>{std::string(kExecutionArn) + "/$default/*/",
                                                std::string(kExecutionArn) + "/$default/*/*"}));
  auto allowed = [&](const std::string& arn) {
    return std::any_of(patterns.begin(), patterns.end(),
                       [&](const std::string& pattern) { return arn_glob_match(pattern, arn); });
  };
  EXPECT_TRUE(allowed(std::string(kExecutionArn) + "/$default/GET/"));
  EXPECT_TRUE(allowed(std::string(kExecutionArn) + "/$default/POST/items/42"));
  EXPECT_FALSE(allowed(std::string(kExecutionArn) + "/other/GET/"));
  EXPECT_FALSE(allowed("arn:aws:execute-api:us-east-1:123456789012:zzz/$default/GET/"));
}

// ---- C05: the recovery window -------------------------------------------------------------------

TEST(Regression, C05RecoveryWindowIsAlwaysWritten) {
  for (int days : {0, 7, 30}) {
    SCOPED_TRACE(days);
    testing::Fixture f;
    Secret& secret =
        f.stack.add<Secret>("s", SecretConfig{.name = "x", .recovery_window_in_days = days});
    EXPECT_EQ(body_of(f.synth(), secret.resource()).at("recovery_window_in_days"), days);
  }
  testing::Fixture f;
  Secret& secret = f.stack.add<Secret>("s", SecretConfig{.name = "x"});
  EXPECT_EQ(body_of(f.synth(), secret.resource()).at("recovery_window_in_days"), 30);
}

TEST(Regression, C05RejectsRecoveryWindowsSecretsManagerWouldRefuse) {
  for (int days : {-1, 1, 6, 31, 365}) {
    SCOPED_TRACE(days);
    testing::Fixture f;
    EXPECT_EQ(error_of(
                  [&] {
                    f.stack.add<Secret>("s",
                                        SecretConfig{.name = "x", .recovery_window_in_days = days});
                  },
                  core::ErrorCategory::kUsage),
              "secret \"test/s\": recovery_window_in_days " + std::to_string(days) +
                  " is not allowed; Secrets Manager takes 0 (delete at once) or 7 to 30 days; use "
                  "0 for throwaway environments, else a value from 7 to 30");
  }
}

// ---- C06: least privilege, stable policy text ---------------------------------------------------

TEST(Regression, C06FunctionRoleHasNoManagedPolicies) {
  Program p;
  json doc = p.synth();
  EXPECT_FALSE(doc.at("resource").contains("aws_iam_role_policy_attachment"));
  json role = body_of(doc, p.fn.role());
  EXPECT_FALSE(role.contains("managed_policy_arns"));
  EXPECT_FALSE(role.contains("inline_policy"));
  EXPECT_EQ(doc.dump().find("AWSLambdaBasicExecutionRole"), std::string::npos);
}

TEST(Regression, C06LogActionsOnlyOnTheFunctionsOwnLogStreams) {
  Program p;
  for (const PolicyStatement& s : p.fn.policy_document().statements()) {
    bool logs = std::any_of(s.actions.begin(), s.actions.end(),
                            [](const std::string& a) { return a.rfind("logs:", 0) == 0; });
    if (!logs) continue;
    EXPECT_EQ(s.actions, (std::vector<std::string>{"logs:CreateLogStream", "logs:PutLogEvents"}));
    ASSERT_EQ(s.resources.size(), 1u);
    EXPECT_EQ(canonical_text(s.resources[0].value()),
              "template(ref(test/fn/log_group.arn),\":log-stream:*\")");
  }
  std::string policy = body_of(p.synth(), p.fn.role_policy()).at("policy");
  EXPECT_EQ(policy.find("logs:CreateLogGroup"), std::string::npos);
}

TEST(Regression, C06EveryStatementButXRayNamesExactArns) {
  Program p;
  std::vector<const PolicyDocument*> documents = {&p.fn.policy_document(),
                                                  &p.callers.policy_document()};
  for (const PolicyDocument* doc : documents) {
    for (const PolicyStatement& s : doc->statements()) {
      SCOPED_TRACE(s.sid + " " + s.actions.front());
      EXPECT_TRUE(std::is_sorted(s.actions.begin(), s.actions.end()));
      EXPECT_EQ(std::adjacent_find(s.actions.begin(), s.actions.end()), s.actions.end());
      for (const std::string& action : s.actions) {
        EXPECT_NE(action.substr(action.find(':') + 1), "*");
      }
      if (s.sid == "XRayTracing") {
        // X-Ray has no resource-level permissions: "*" is the only resource it accepts.
        EXPECT_EQ(s.actions,
                  (std::vector<std::string>{"xray:PutTelemetryRecords", "xray:PutTraceSegments"}));
        ASSERT_EQ(s.resources.size(), 1u);
        EXPECT_EQ(s.resources[0].value().as_string(), "*");
        continue;
      }
      ASSERT_FALSE(s.resources.empty());
      for (const core::String& r : s.resources) {
        // Each resource starts from a reference to one of this stack's resources.
        std::string text = canonical_text(r.value());
        EXPECT_TRUE(std::regex_match(text, std::regex(R"((template\()?ref\(test/[^)]+\).*)")))
            << text;
      }
    }
  }
}

TEST(Regression, C06PolicyTextIsByteIdenticalAcrossSynths) {
  Program first, second;
  json a = first.synth(), b = second.synth();
  EXPECT_EQ(body_of(a, first.fn.role_policy()).at("policy"),
            body_of(b, second.fn.role_policy()).at("policy"));
  EXPECT_EQ(body_of(a, first.callers.resource()).at("policy"),
            body_of(b, second.callers.resource()).at("policy"));
  EXPECT_EQ(stackgen::testing::read_text(first.stack_dir() / "cdk.tf.json"),
            stackgen::testing::read_text(second.stack_dir() / "cdk.tf.json"));
}

TEST(Regression, C06PolicyTextDoesNotDependOnGrantOrder) {
  testing::Fixture one, two;
  auto build = [](testing::Fixture& f, bool secret_first) {
    Secret& a = f.stack.add<Secret>("a", SecretConfig{.name = "a"});
    Secret& b = f.stack.add<Secret>("b", SecretConfig{.name = "b"});
    Function& fn =
        f.stack.add<Function>("fn", FunctionConfig{.function_name = "h", .code_folder = f.handler});
    if (secret_first) {
      a.grant_read(fn);
      b.grant_read(fn);
    } else {
      b.grant_read(fn);
      a.grant_read(fn);
      a.grant_read(fn);
    }
    return &fn;
  };
  Function* fn1 = build(one, true);
  Function* fn2 = build(two, false);
  EXPECT_EQ(body_of(one.synth(), fn1->role_policy()).at("policy"),
            body_of(two.synth(), fn2->role_policy()).at("policy"));
}

// ---- C07: numbers and booleans are JSON numbers and booleans ------------------------------------

TEST(Regression, C07NumbersAndBooleansAreJsonNumbersAndBooleans) {
  Program p;
  json doc = p.synth();
  json fn = body_of(doc, p.fn.resource());
  EXPECT_TRUE(fn.at("timeout").is_number_integer());
  EXPECT_TRUE(fn.at("memory_size").is_number_integer());
  EXPECT_TRUE(body_of(doc, p.fn.log_group()).at("retention_in_days").is_number_integer());
  json stage = body_of(doc, p.api.stage());
  EXPECT_TRUE(stage.at("auto_deploy").is_boolean());
  EXPECT_TRUE(stage.at("default_route_settings").at(0).at("throttling_burst_limit").is_number());
  EXPECT_TRUE(stage.at("default_route_settings").at(0).at("throttling_rate_limit").is_number());
  EXPECT_TRUE(body_of(doc, p.secret.resource()).at("recovery_window_in_days").is_number_integer());
  EXPECT_TRUE(body_of(doc, *p.secret.version_resource())
                  .at("secret_string_wo_version")
                  .is_number_integer());
  const json& variable = doc.at("variable").at("config_secret_value");
  for (const char* flag : {"sensitive", "ephemeral", "nullable"}) {
    EXPECT_TRUE(variable.at(flag).is_boolean()) << flag;
  }
}

TEST(Regression, C07NoInternalTokenMarkerReachesTheOutput) {
  Program p;
  std::vector<std::string> strings;
  collect_strings(p.synth(), strings);
  for (const std::string& s : strings) {
    EXPECT_EQ(s.find("TfToken"), std::string::npos) << s;
    EXPECT_EQ(s.find("Token["), std::string::npos) << s;
    // Every interpolation is closed and never nested in another "${".
    EXPECT_EQ(s.find("${${"), std::string::npos) << s;
  }
}

// ---- C08: ${ and %{ in user text ----------------------------------------------------------------

TEST(Regression, C08LiteralTextWithTemplateSigilsIsEscaped) {
  testing::Fixture f;
  Function& fn = f.stack.add<Function>(
      "fn", FunctionConfig{.function_name = "h",
                           .code_folder = f.handler,
                           .environment = {{"GREETING", "hello ${name} %{if x}"}}});
  fn.add_to_policy(
      {.actions = {"s3:GetObject"}, .resources = {"arn:aws:s3:::bucket/home/${aws:username}/*"}});
  json doc = f.synth();
  EXPECT_EQ(body_of(doc, fn.resource()).at("environment").at(0).at("variables").at("GREETING"),
            "hello $${name} %%{if x}");
  std::string policy = body_of(doc, fn.role_policy()).at("policy");
  EXPECT_NE(policy.find("\"arn:aws:s3:::bucket/home/$${aws:username}/*\""), std::string::npos)
      << policy;
}

// ---- C10: payload 2.0 proxy integration ---------------------------------------------------------

TEST(Regression, C10IntegrationIsAwsProxyPostPayloadTwo) {
  Program p;
  json integration = body_of(p.synth(), p.api.integration());
  EXPECT_EQ(integration.at("integration_type"), "AWS_PROXY");
  EXPECT_EQ(integration.at("integration_method"), "POST");
  EXPECT_EQ(integration.at("payload_format_version"), "2.0");
  EXPECT_TRUE(integration.at("payload_format_version").is_string());
}

// ---- C11: the function's secret variable and its IAM statement name the same secret ------------

TEST(Regression, C11SecretEnvironmentVariableAndIamStatementNameTheSameSecret) {
  Program p;
  json doc = p.synth();
  std::string secret_arn = ref(p.secret.resource(), "arn");
  EXPECT_EQ(
      body_of(doc, p.fn.resource()).at("environment").at(0).at("variables").at("CONFIG_SECRET_ARN"),
      secret_arn);
  // In the policy, inside jsonencode(...), the same reference appears as a bare expression.
  std::string policy = body_of(doc, p.fn.role_policy()).at("policy");
  std::string statement =
      "{\"Action\" = [\"secretsmanager:GetSecretValue\"], \"Effect\" = "
      "\"Allow\", \"Resource\" = [" +
      p.secret.resource().address() + ".arn]}";
  EXPECT_NE(policy.find(statement), std::string::npos) << policy;
  // And the typed values agree.
  const PolicyStatement& read = p.fn.policy_document().statements().at(0);
  ASSERT_EQ(read.actions, std::vector<std::string>{"secretsmanager:GetSecretValue"});
  const core::Value& variable =
      p.fn.resource().config().environment->variables->value().as_map().at("CONFIG_SECRET_ARN");
  EXPECT_EQ(canonical_text(read.resources.at(0).value()), canonical_text(variable));
  EXPECT_EQ(canonical_text(variable), "ref(test/config/secret.arn)");
}

}  // namespace
}  // namespace stackgen::aws
