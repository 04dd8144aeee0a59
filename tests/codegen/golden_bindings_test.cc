// The golden demo bindings in use: they compile, synthesize exact JSON, and check required
// arguments and block counts.
#include <gtest/gtest.h>

#include <type_traits>

#include "demo/data_lookup.h"
#include "demo/pipeline.h"
#include "demo/pipeline_stage.h"
#include "demo/provider.h"
#include "demo/widget.h"
#include "stackgen/core/app.h"
#include "stackgen/core/stack.h"

namespace stackgen::providers::demo {
namespace {

using nlohmann::json;

// The message of the construction error `fn` throws.
template <class Fn>
std::string construction_error(Fn fn) {
  try {
    fn();
  } catch (const core::Error& e) {
    EXPECT_EQ(e.category(), core::ErrorCategory::kConstruction) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "no core::Error was thrown";
  return {};
}

PipelineConfig complete_pipeline() {
  return {.name = "p",
          .source = PipelineSource{.uri = "git://repo"},
          .stage = {PipelineStageBlock{.name = "build"}},
          .window = {PipelineWindow{.start = "mon"}, PipelineWindow{.start = "tue"}}};
}

TEST(GoldenBindings, SynthesizeEveryArgumentUnderItsTerraformName) {
  core::App app;
  auto& stack = app.add<core::Stack>("s");
  stack.add<DemoProvider>(
      "demo", DemoProviderConfig{.endpoint = "https://demo.example",
                                 .retries = 3,
                                 .default_labels =
                                     DemoProviderDefaultLabels{
                                         .labels = core::Map<core::String>{{"team", "core"}}},
                                 .alias = "east"});
  auto& widget = stack.add<Widget>(
      "w", WidgetConfig{
               .delete_ = true,
               .enabled = false,
               .extra = core::Value::list({core::Value::integer(1)}),
               .labels = core::List<core::String>{"b", "a"},
               .matrix = core::List<core::List<core::String>>{core::List<core::String>{"x", "y"}},
               .meta_ = "m",
               .name = "w1",
               .namespace_ = "ns",
               .notes = "*/ kept",
               .path = "p",
               .ports = core::List<core::Number>{80, 443},
               .secret = "s",
               .settings = core::Value::map(
                   {{"color", core::Value::string("red")}, {"depth", core::Value::integer(2)}}),
               .size = 1.5,
               .tags = core::Map<core::String>{{"team", "core"}},
               .meta = {.count = 2}});
  auto& pipeline = stack.add<Pipeline>(
      "p",
      PipelineConfig{.name = widget.name(),
                     .config = PipelineConfigBlock{.parallel = true},
                     .hooks = {{"pre", PipelineHooks{.url = "https://hook"}}},
                     .on_failure = PipelineOnFailure{.attempts = 1},
                     .source = PipelineSource{.uri = "git://repo"},
                     .stage = {PipelineStageBlock{
                         .name = "build",
                         .order = widget.size(),
                         .action = {PipelineStageBlockAction{.command = "make", .timeout = 30}},
                         .retry = PipelineStageBlockRetry{.attempts = 2}}},
                     .timeouts = PipelineTimeouts{.create = "5m", .delete_ = "10m"},
                     .window = {PipelineWindow{.start = "mon"}, PipelineWindow{.start = "tue"}}});
  stack.add<PipelineStage>("st",
                           PipelineStageConfig{.pipeline_id = pipeline.tf_id(), .position = 1});
  auto& lookup = stack.add<DataDemoLookup>(
      "l", DataDemoLookupConfig{.key = "k",
                                .filter = {DataDemoLookupFilter{
                                    .name = "n", .values = core::List<core::String>{"v"}}}});
  stack.add<core::Output>("path", core::OutputConfig{.value = widget.path_()});
  stack.add<core::Output>("first", core::OutputConfig{.value = lookup.values().at(0)});
  stack.add<core::Output>("config", core::OutputConfig{.value = pipeline.config_()});

  json document = stack.render();
  EXPECT_EQ(document["provider"], json::parse(R"({"demo": [{
      "alias": "east", "default_labels": [{"labels": {"team": "core"}}],
      "endpoint": "https://demo.example", "retries": 3}]})"));
  EXPECT_EQ(document["terraform"]["required_providers"],
            json::parse(R"({"demo": {"source": "stackgen/demo", "version": "~> 1.2"}})"));
  EXPECT_EQ(document["resource"], json::parse(R"({
    "demo_widget": {"w": {
      "count": 2, "delete": true, "enabled": false, "extra": [1], "labels": ["b", "a"],
      "matrix": [["x", "y"]], "meta": "m", "name": "w1", "namespace": "ns", "notes": "*/ kept",
      "path": "p", "ports": [80, 443], "secret": "s", "settings": {"color": "red", "depth": 2},
      "size": 1.5, "tags": {"team": "core"}}},
    "demo_pipeline": {"p": {
      "config": [{"parallel": true}], "hooks": {"pre": {"url": "https://hook"}},
      "name": "${demo_widget.w.name}", "on_failure": {"attempts": 1},
      "source": [{"uri": "git://repo"}],
      "stage": [{"action": [{"command": "make", "timeout": 30}], "name": "build",
                 "order": "${demo_widget.w.size}", "retry": {"attempts": 2}}],
      "timeouts": {"create": "5m", "delete": "10m"},
      "window": [{"start": "mon"}, {"start": "tue"}]}},
    "demo_pipeline_stage": {"st": {"pipeline_id": "${demo_pipeline.p.id}", "position": 1}}})"));
  EXPECT_EQ(document["data"], json::parse(R"({"demo_lookup": {"l": {
      "filter": [{"name": "n", "values": ["v"]}], "key": "k"}}})"));
  EXPECT_EQ(document["output"], json::parse(R"({
      "config": {"value": "${demo_pipeline.p.config}"},
      "first": {"value": "${data.demo_lookup.l.values[0]}"},
      "path": {"value": "${demo_widget.w.path}"}})"));
}

TEST(GoldenBindings, LeaveUnsetArgumentsOut) {
  core::App app;
  auto& stack = app.add<core::Stack>("s");
  stack.add<Widget>("w", WidgetConfig{.name = "only"});
  stack.add<DataDemoLookup>("l", DataDemoLookupConfig{.key = "k"});
  json document = stack.render();
  EXPECT_EQ(document["resource"]["demo_widget"]["w"], json::parse(R"({"name": "only"})"));
  EXPECT_EQ(document["data"]["demo_lookup"]["l"], json::parse(R"({"key": "k"})"));
}

TEST(GoldenBindings, RejectsAMissingRequiredArgument) {
  core::App app;
  auto& stack = app.add<core::Stack>("s");
  EXPECT_EQ(construction_error([&] { stack.add<Widget>("w", WidgetConfig{}); }),
            "demo_widget \"s/w\": required argument \"name\" is not set; set .name in "
            "WidgetConfig");
  EXPECT_EQ(stack.try_find_child("w"), nullptr);
  EXPECT_EQ(construction_error([&] { stack.add<DemoProvider>("demo", DemoProviderConfig{}); }),
            "demo provider \"s/demo\": required argument \"endpoint\" is not set; set .endpoint "
            "in DemoProviderConfig");
}

TEST(GoldenBindings, RejectsAMissingRequiredBlock) {
  core::App app;
  auto& stack = app.add<core::Stack>("s");
  PipelineConfig config = complete_pipeline();
  config.source.reset();
  EXPECT_EQ(construction_error([&] { stack.add<Pipeline>("p", config); }),
            "demo_pipeline \"s/p\": required argument \"source\" is not set; set .source in "
            "PipelineConfig");
}

TEST(GoldenBindings, RejectsAMissingArgumentOfANestedBlockNamingItsPath) {
  core::App app;
  auto& stack = app.add<core::Stack>("s");
  PipelineConfig config = complete_pipeline();
  config.stage.push_back(PipelineStageBlock{
      .name = "test", .action = {PipelineStageBlockAction{.command = "ok"}, {}}});
  EXPECT_EQ(construction_error([&] { stack.add<Pipeline>("p", config); }),
            "demo_pipeline \"s/p\": required argument \"stage[1].action[1].command\" is not "
            "set; set .command in PipelineStageBlockAction");

  config = complete_pipeline();
  config.hooks["pre"] = PipelineHooks{};
  EXPECT_EQ(construction_error([&] { stack.add<Pipeline>("p", config); }),
            "demo_pipeline \"s/p\": required argument \"hooks[\"pre\"].url\" is not set; set "
            ".url in PipelineHooks");

  // PipelineStageBlockRetry has the shape of PipelineOnFailure, and is that struct.
  config = complete_pipeline();
  config.stage[0].retry = PipelineStageBlockRetry{};
  EXPECT_EQ(construction_error([&] { stack.add<Pipeline>("p", config); }),
            "demo_pipeline \"s/p\": required argument \"stage[0].retry.attempts\" is not set; "
            "set .attempts in PipelineOnFailure");
}

TEST(GoldenBindings, RejectsTooFewOrTooManyBlocks) {
  core::App app;
  auto& stack = app.add<core::Stack>("s");
  PipelineConfig config = complete_pipeline();
  config.window.pop_back();
  EXPECT_EQ(construction_error([&] { stack.add<Pipeline>("p", config); }),
            "demo_pipeline \"s/p\": block \"window\": 1 given; at least 2 are required; add "
            "blocks to .window in PipelineConfig");
  config.window.assign(4, PipelineWindow{.start = "mon"});
  EXPECT_EQ(construction_error([&] { stack.add<Pipeline>("p", config); }),
            "demo_pipeline \"s/p\": block \"window\": 4 given; at most 3 are allowed; remove "
            "blocks from .window in PipelineConfig");
  config.window.clear();
  EXPECT_EQ(construction_error([&] { stack.add<Pipeline>("p", config); }),
            "demo_pipeline \"s/p\": required argument \"window\" is not set; set .window in "
            "PipelineConfig");
}

TEST(GoldenBindings, ShareOneStructBetweenBlocksOfTheSameShape) {
  EXPECT_TRUE((std::is_same_v<PipelineStageBlockRetry, PipelineOnFailure>));
  EXPECT_FALSE((std::is_same_v<PipelineSource, PipelineHooks>));
}

TEST(GoldenBindings, RecordProviderSourceAndVersion) {
  EXPECT_STREQ(DemoProvider::kSource, "stackgen/demo");
  EXPECT_STREQ(DemoProvider::kVersion, "~> 1.2");
  EXPECT_STREQ(Widget::kTerraformType, "demo_widget");
  EXPECT_STREQ(DataDemoLookup::kTerraformType, "demo_lookup");
}

}  // namespace
}  // namespace stackgen::providers::demo
