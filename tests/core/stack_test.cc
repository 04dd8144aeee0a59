#include "stackgen/core/stack.h"

#include <gtest/gtest.h>

#include "stackgen/core/app.h"
#include "stackgen/core/error.h"

namespace stackgen::core {
namespace {

class TestProvider : public Provider {
 public:
  TestProvider(Construct& scope, std::string id, std::optional<std::string> alias = std::nullopt,
               std::string region = "us-east-1")
      : Provider(scope, std::move(id), "aws", "hashicorp/aws", "~> 5.100", std::move(alias)),
        region_(std::move(region)) {}

 protected:
  void render_attributes(ObjectWriter& w) const override { w.attr("region", String(region_)); }

 private:
  std::string region_;
};

std::string error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

// The document without the "//" metadata block, which other tests pin.
nlohmann::json body_of(const Stack& stack) {
  nlohmann::json doc = stack.render();
  doc.erase("//");
  return doc;
}

TEST(Stack, RendersResourcesWithMetaArguments) {
  App app;
  Stack& stack = app.add<Stack>("s");
  auto& west = stack.add<TestProvider>("west", "west", "us-west-2");
  auto& role =
      stack.add<GenericResource>("role", "aws_iam_role", Value::Map{{"name", Value::string("r")}});
  stack.add<GenericResource>(
      "bucket", "aws_s3_bucket", Value::Map{{"bucket", Value::string("b")}},
      ResourceMeta{.depends_on = {&role},
                   .count = 2,
                   .provider = &west,
                   .lifecycle = Lifecycle{.prevent_destroy = true,
                                          .ignore_changes = {"tags"},
                                          .replace_triggered_by = {role.attr("id")}}});
  EXPECT_EQ(body_of(stack).dump(), nlohmann::json::parse(R"({
    "provider": {"aws": [{"alias": "west", "region": "us-west-2"}]},
    "resource": {
      "aws_iam_role": {"role": {"name": "r"}},
      "aws_s3_bucket": {"bucket": {
        "bucket": "b", "count": 2, "depends_on": ["aws_iam_role.role"],
        "lifecycle": {"ignore_changes": ["tags"], "prevent_destroy": true,
                      "replace_triggered_by": ["aws_iam_role.role.id"]},
        "provider": "aws.west"}}},
    "terraform": {"required_providers": {"aws": {"source": "hashicorp/aws", "version": "~> 5.100"}}}
  })")
                                       .dump());
}

TEST(Stack, RendersForEachOverALiteralAndAReference) {
  App app;
  Stack& stack = app.add<Stack>("s");
  auto& names = stack.add<Local>("names", Any(List<String>{"a", "b"}));
  stack.add<GenericResource>("lit", "aws_s3_bucket", Value::Map{{"bucket", each_key().value()}},
                             ResourceMeta{.for_each = Any(Map<String>{{"x", "1"}})});
  stack.add<GenericResource>(
      "ref", "aws_s3_bucket", Value::Map{{"bucket", each_value().value()}},
      ResourceMeta{.for_each = Any(Value::call("toset", {names.value().value()}))});
  nlohmann::json doc = body_of(stack);
  EXPECT_EQ(doc["resource"]["aws_s3_bucket"]["lit"].dump(),
            R"({"bucket":"${each.key}","for_each":{"x":"1"}})");
  EXPECT_EQ(doc["resource"]["aws_s3_bucket"]["ref"].dump(),
            R"({"bucket":"${each.value}","for_each":"${toset(local.names)}"})");
  EXPECT_EQ(doc["locals"].dump(), R"({"names":["a","b"]})");
}

TEST(Stack, RendersOutputsVariablesAndLocals) {
  App app;
  Stack& stack = app.add<Stack>("s", StackConfig{.required_version = ">= 1.11"});
  auto& size = stack.add<Variable>(
      "size", VariableConfig{.type = "number",
                             .default_value = Value::integer(3),
                             .description = "How many",
                             .nullable = false,
                             .validation = {{.condition = Value::raw("var.size > 0"),
                                             .error_message = "size must be positive"}}});
  stack.add<Variable>("token",
                      VariableConfig{.type = "string", .sensitive = true, .ephemeral = true});
  auto& role = stack.add<GenericResource>("role", "aws_iam_role", Value::Map{});
  stack.add<Output>("role_arn", OutputConfig{.value = role.attr("arn"),
                                             .description = "The role",
                                             .sensitive = false,
                                             .depends_on = {&role}});
  stack.add<Output>("size_out", OutputConfig{.value = size.value()});
  nlohmann::json doc = body_of(stack);
  EXPECT_EQ(doc["variable"].dump(), nlohmann::json::parse(R"({
    "size": {"default": 3, "description": "How many", "nullable": false, "type": "number",
             "validation": [{"condition": "${var.size > 0}", "error_message": "size must be positive"}]},
    "token": {"ephemeral": true, "sensitive": true, "type": "string"}})")
                                        .dump());
  EXPECT_EQ(doc["output"].dump(), nlohmann::json::parse(R"({
    "role_arn": {"depends_on": ["aws_iam_role.role"], "description": "The role",
                 "sensitive": false, "value": "${aws_iam_role.role.arn}"},
    "size_out": {"value": "${var.size}"}})")
                                      .dump());
  EXPECT_EQ(doc["terraform"]["required_version"], ">= 1.11");
}

TEST(Stack, RendersBackends) {
  App app;
  Stack& s3 = app.add<Stack>("a");
  s3.add<S3Backend>("backend", S3BackendConfig{.bucket = "state",
                                               .key = "a/terraform.tfstate",
                                               .region = "us-east-1",
                                               .encrypt = true,
                                               .use_lockfile = true});
  EXPECT_EQ(
      body_of(s3)["terraform"].dump(),
      R"({"backend":{"s3":{"bucket":"state","encrypt":true,"key":"a/terraform.tfstate","region":"us-east-1","use_lockfile":true}}})");
  Stack& cloud = app.add<Stack>("b");
  cloud.add<CloudBackend>(
      "backend", RemoteBackendConfig{.organization = "org", .workspaces = {.tags = {"app"}}});
  EXPECT_EQ(body_of(cloud)["terraform"].dump(),
            R"({"cloud":{"organization":"org","workspaces":{"tags":["app"]}}})");
  Stack& local = app.add<Stack>("c");
  local.add<LocalBackend>("backend", LocalBackendConfig{.path = "state/c.tfstate"});
  EXPECT_EQ(body_of(local)["terraform"].dump(),
            R"({"backend":{"local":{"path":"state/c.tfstate"}}})");
  EXPECT_EQ(
      error_of([&] { app.add<Stack>("d").add<S3Backend>("b", S3BackendConfig{.bucket = "x"}); }),
      "s3 backend \"d/b\": required field \"key\" is empty; set .key in S3BackendConfig");
}

TEST(Stack, RendersMovedAndImportBlocks) {
  App app;
  Stack& stack = app.add<Stack>("s");
  auto& bucket = stack.add<GenericResource>("bucket", "aws_s3_bucket", Value::Map{});
  stack.add_moved("aws_s3_bucket.old", bucket);
  stack.add_import(bucket, "my-bucket");
  nlohmann::json doc = body_of(stack);
  EXPECT_EQ(doc["moved"].dump(), R"([{"from":"aws_s3_bucket.old","to":"aws_s3_bucket.bucket"}])");
  EXPECT_EQ(doc["import"].dump(), R"([{"id":"my-bucket","to":"aws_s3_bucket.bucket"}])");
}

TEST(Stack, WritesMetadataAtTheTopLevelOnly) {
  App app;
  Stack& stack = app.add<Stack>("s");
  Construct& group = stack.add<Construct>("group");
  group.add<GenericResource>("bucket", "aws_s3_bucket",
                             Value::Map{{"tags", Value::map({{"a", Value::string("b")}})}});
  nlohmann::json doc = stack.render();
  EXPECT_EQ(
      doc["//"].dump(),
      R"({"metadata":{"backend":"local","stackName":"s","version":"0.1.0"},"paths":{"aws_s3_bucket.group_bucket_)" +
          make_logical_id("group/bucket").substr(13) + R"(":"s/group/bucket"}})");
  EXPECT_EQ(doc["resource"]["aws_s3_bucket"][make_logical_id("group/bucket")]["tags"].dump(),
            R"({"a":"b"})");
}

TEST(Override, SetsMergesAndDeletesAtDottedPaths) {
  App app;
  Stack& stack = app.add<Stack>("s");
  auto& r = stack.add<GenericResource>(
      "r", "aws_apigatewayv2_stage",
      Value::Map{{"name", Value::string("$default")},
                 {"route_settings",
                  Value::list({Value::map({{"route_key", Value::string("ANY /")},
                                           {"throttling_burst_limit", Value::integer(5)}})})},
                 {"tags", Value::map({{"a", Value::string("1")}, {"b", Value::string("2")}})}});
  r.add_override("route_settings.0.throttling_rate_limit", Value::integer(10));
  r.add_override("tags", Value::map({{"c", Value::string("3")}}));
  r.add_override("new.deep\\.key", Value::boolean(true));
  r.add_deletion_override("tags.a");
  r.add_deletion_override("missing.path");
  EXPECT_EQ(
      body_of(stack)["resource"]["aws_apigatewayv2_stage"]["r"].dump(),
      R"({"name":"$default","new":{"deep.key":true},"route_settings":[{"route_key":"ANY /","throttling_burst_limit":5,"throttling_rate_limit":10}],"tags":{"b":"2","c":"3"}})");
}

TEST(Override, ReplacesListsWhole) {
  App app;
  Stack& stack = app.add<Stack>("s");
  auto& r = stack.add<GenericResource>(
      "r", "x", Value::Map{{"l", Value::list({Value::integer(1), Value::integer(2)})}});
  r.add_override("l", Value::list({Value::integer(9)}));
  r.add_override("depends_on", Value::list({Value::string("x.y")}));
  EXPECT_EQ(body_of(stack)["resource"]["x"]["r"].dump(), R"({"depends_on":["x.y"],"l":[9]})");
}

TEST(Override, FailsOnIndexOutOfRange) {
  App app;
  Stack& stack = app.add<Stack>("s");
  auto& r =
      stack.add<GenericResource>("r", "x", Value::Map{{"l", Value::list({Value::integer(1)})}});
  r.add_override("l.3.a", Value::integer(1));
  EXPECT_EQ(error_of([&] { stack.render(); }),
            "[s/r] override \"l.3.a\": segment \"3\" must index the existing list of 1 items; use "
            "an index from 0 to 0 or override the whole list");
}

TEST(Stack, FailsOnReferenceAcrossStacks) {
  App app;
  Stack& a = app.add<Stack>("a");
  Stack& b = app.add<Stack>("b");
  auto& role = a.add<GenericResource>("role", "aws_iam_role", Value::Map{});
  b.add<GenericResource>("user", "x", Value::Map{{"role", role.attr("arn")}});
  EXPECT_EQ(error_of([&] { b.render(); }),
            "[b/user] reference to \"a/role\" in stack \"a\": references across stacks are not "
            "supported; pass the value through a variable or create the element in stack \"b\"");
}

TEST(Validation, ReportsNameCollisionWithBothPaths) {
  App app;
  Stack& stack = app.add<Stack>("s");
  stack.add<GenericResource>("a", "aws_s3_bucket", Value::Map{});
  auto& b = stack.add<GenericResource>("b", "aws_s3_bucket", Value::Map{});
  b.override_logical_id("a");
  EXPECT_EQ(app.collect_errors(),
            std::vector<std::string>{"[s] terraform name \"aws_s3_bucket.a\" of \"s/b\" is also "
                                     "used by \"s/a\"; give one of them another id or "
                                     "override_logical_id"});
}

TEST(Validation, CollectsEveryProblemWithItsPath) {
  App app({.outdir = "unused"});
  Stack& stack = app.add<Stack>("s");
  Construct& x = stack.add<Construct>("x");
  x.add_validation([] { return std::vector<std::string>{"first problem", "second problem"}; });
  stack.add<Construct>("y").add_error("third problem");
  stack.add<Construct>("z").add_warning("only a warning");
  try {
    app.synth();
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kValidation);
    EXPECT_STREQ(e.what(),
                 "3 problems found, nothing was written:\n[s/x] first problem\n[s/x] second "
                 "problem\n[s/y] third problem");
  }
}

class TagEverything : public Aspect {
 public:
  void visit(Construct& node) override {
    if (dynamic_cast<GenericResource*>(&node) != nullptr) {
      static_cast<Element&>(node).add_override("tags.managed-by", Value::string("stackgen"));
    }
    ++visits;
  }
  int visits = 0;
};

TEST(Aspect, VisitsTheSubtreeBeforeSynthesis) {
  App app;
  Stack& stack = app.add<Stack>("s");
  Construct& group = stack.add<Construct>("group");
  group.add<GenericResource>("in", "x", Value::Map{});
  stack.add<GenericResource>("out", "x", Value::Map{});
  auto aspect = std::make_shared<TagEverything>();
  group.add_aspect(aspect);
  app.run_aspects();
  EXPECT_EQ(aspect->visits, 2);  // group and group/in
  nlohmann::json doc = body_of(stack);
  EXPECT_EQ(doc["resource"]["x"][make_logical_id("group/in")].dump(),
            R"({"tags":{"managed-by":"stackgen"}})");
  EXPECT_EQ(doc["resource"]["x"]["out"].dump(), "{}");
}

}  // namespace
}  // namespace stackgen::core
