#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>

#include "stackgen/core/app.h"
#include "stackgen/core/asset.h"
#include "stackgen/core/error.h"
#include "stackgen/core/fn.h"
#include "stackgen/core/hash.h"
#include "stackgen/core/stack.h"
#include "terraform.h"

namespace stackgen::core {
namespace {

namespace fs = std::filesystem;
using stackgen::testing::make_temp_dir;
using stackgen::testing::read_text;

void write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

// A small program: a role with a policy, a bucket with tags, outputs.
void build_small_program(Stack& stack) {
  auto& role = stack.add<GenericResource>(
      "role", "aws_iam_role",
      Value::Map{
          {"name", Value::string("app-role")},
          {"assume_role_policy",
           fn::jsonencode(
               Any(Value::from_json(nlohmann::json::parse(
                   R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"lambda.amazonaws.com"}}]})"))))
               .value()}});
  stack.add<GenericResource>(
      "bucket", "aws_s3_bucket",
      Value::Map{{"bucket", Value::string("logs")},
                 {"tags", Value::map({{"owner", String(role.attr("name")).value()},
                                      {"team", Value::string("core")}})}});
  stack.add<Output>("role_arn", OutputConfig{.value = role.attr("arn"), .description = "Role ARN"});
}

std::string expect_error(const std::function<void()>& fn, ErrorCategory category) {
  try {
    fn();
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), category);
    return e.what();
  }
  ADD_FAILURE() << "no error";
  return "";
}

TEST(Synth, WritesTheCdktfLayout) {
  fs::path out = make_temp_dir("synth") / "cdktf.out";
  App app({.outdir = out});
  build_small_program(app.add<Stack>("prod"));
  SynthResult result = app.synth();
  EXPECT_TRUE(fs::is_regular_file(out / "manifest.json"));
  EXPECT_TRUE(fs::is_regular_file(out / "stacks/prod/cdk.tf.json"));
  ASSERT_EQ(result.stacks.size(), 1u);
  EXPECT_EQ(result.stacks[0].resources, 2u);
  EXPECT_EQ(result.stacks[0].outputs, 1u);
  EXPECT_EQ(read_text(out / "manifest.json"), R"({
  "stacks": {
    "prod": {
      "annotations": [],
      "constructPath": "prod",
      "dependencies": [],
      "name": "prod",
      "synthesizedStackPath": "stacks/prod/cdk.tf.json",
      "workingDirectory": "stacks/prod"
    }
  },
  "version": "0.1.0"
}
)");
  // Nothing but the output folder is left beside it.
  std::vector<std::string> siblings;
  for (const auto& e : fs::directory_iterator(out.parent_path()))
    siblings.push_back(e.path().filename());
  EXPECT_EQ(siblings, std::vector<std::string>{"cdktf.out"});
}

TEST(Synth, MatchesTheGoldenFileForASmallProgram) {
  fs::path out = make_temp_dir("golden") / "cdktf.out";
  App app({.outdir = out});
  build_small_program(app.add<Stack>("prod"));
  app.synth();
  std::string actual = read_text(out / "stacks/prod/cdk.tf.json");
  fs::path golden = fs::path(STACKGEN_GOLDEN_DIR) / "small_program.cdk.tf.json";
  if (std::getenv("STACKGEN_UPDATE_GOLDEN") != nullptr) write(golden, actual);
  EXPECT_EQ(actual, read_text(golden));
}

class GoldenProvider : public Provider {
 public:
  GoldenProvider(Construct& scope, std::string id, std::optional<std::string> alias)
      : Provider(scope, std::move(id), "aws", "hashicorp/aws", "~> 5.100", std::move(alias)) {}

 protected:
  void render_attributes(ObjectWriter& w) const override { w.attr("region", String("us-east-1")); }
};

// Every kind of element and meta-argument in one stack.
void build_meta_program(Stack& stack) {
  stack.add<S3Backend>("backend", S3BackendConfig{.bucket = "state-bucket",
                                                  .key = "meta/terraform.tfstate",
                                                  .region = "us-east-1",
                                                  .encrypt = true,
                                                  .use_lockfile = true});
  stack.add<GoldenProvider>("aws", std::nullopt);
  auto& west = stack.add<GoldenProvider>("west", "west");
  auto& names = stack.add<Variable>(
      "bucket_names",
      VariableConfig{.type = "set(string)",
                     .default_value = Value::list({Value::string("a"), Value::string("b")}),
                     .description = "Buckets to create"});
  auto& prefix = stack.add<Local>("prefix", Any(String("meta-")));
  auto& buckets = stack.add<GenericResource>(
      "buckets", "aws_s3_bucket",
      Value::Map{{"bucket", (String(prefix.value().value()) + each_key()).value()}},
      ResourceMeta{.for_each = names.value(),
                   .provider = &west,
                   .lifecycle = Lifecycle{.create_before_destroy = true}});
  auto& copies = stack.add<GenericResource>(
      "copies", "aws_s3_bucket",
      Value::Map{{"bucket", fn::format("copy-%d", {count_index()}).value()}},
      ResourceMeta{.depends_on = {&buckets}, .count = 2});
  copies.add_override("tags.note", Value::string("override ${kept literal}"));
  stack.add<GenericResource>("region", "aws_region", Value::Map{}, ResourceMeta{}, true);
  stack.add<Output>(
      "first_copy",
      OutputConfig{.value = Value::reference(copies, {std::int64_t{0}, "id"}), .sensitive = true});
}

TEST(Synth, MatchesTheGoldenFileForEveryElementKind) {
  fs::path out = make_temp_dir("golden-meta") / "cdktf.out";
  App app({.outdir = out});
  build_meta_program(app.add<Stack>("meta"));
  app.synth();
  std::string actual = read_text(out / "stacks/meta/cdk.tf.json");
  fs::path golden = fs::path(STACKGEN_GOLDEN_DIR) / "meta_program.cdk.tf.json";
  if (std::getenv("STACKGEN_UPDATE_GOLDEN") != nullptr) write(golden, actual);
  EXPECT_EQ(actual, read_text(golden));
}

TEST(Synth, IsByteIdenticalAcrossRunsAndFolders) {
  fs::path a = make_temp_dir("det-a") / "out";
  fs::path b = make_temp_dir("det-b") / "elsewhere";
  for (const fs::path& out : {a, b}) {
    App app({.outdir = out});
    build_small_program(app.add<Stack>("prod"));
    app.synth();
  }
  std::string text = read_text(a / "stacks/prod/cdk.tf.json");
  EXPECT_EQ(text, read_text(b / "stacks/prod/cdk.tf.json"));
  EXPECT_EQ(read_text(a / "manifest.json"), read_text(b / "manifest.json"));
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(text.find(a.string()), std::string::npos);
  EXPECT_EQ(text.substr(0, 8), "{\n  \"//\"");
}

TEST(Synth, RemovesStacksThatLeftTheApp) {
  fs::path out = make_temp_dir("stale") / "cdktf.out";
  {
    App app({.outdir = out});
    build_small_program(app.add<Stack>("old"));
    build_small_program(app.add<Stack>("kept"));
    app.synth();
  }
  ASSERT_TRUE(fs::exists(out / "stacks/old/cdk.tf.json"));
  App app({.outdir = out});
  build_small_program(app.add<Stack>("kept"));
  app.synth();
  EXPECT_FALSE(fs::exists(out / "stacks/old"));
  EXPECT_TRUE(fs::exists(out / "stacks/kept/cdk.tf.json"));
  EXPECT_EQ(read_text(out / "manifest.json").find("\"old\""), std::string::npos);
}

TEST(Synth, FailureMidSynthLeavesThePreviousOutputIntact) {
  fs::path dir = make_temp_dir("atomic");
  fs::path out = dir / "cdktf.out";
  {
    App app({.outdir = out});
    build_small_program(app.add<Stack>("prod"));
    app.synth();
  }
  std::string before = read_text(out / "stacks/prod/cdk.tf.json");
  write(dir / "data.txt", "payload");
  App app({.outdir = out});
  Stack& first = app.add<Stack>("a-first");
  build_small_program(first);
  Stack& second = app.add<Stack>("b-second");
  second.add<Asset>("data", AssetConfig{.path = dir / "data.txt"});
  fs::remove(dir / "data.txt");  // Staging of the second stack fails after the first is written.
  std::string message = expect_error([&] { app.synth(); }, ErrorCategory::kIo);
  EXPECT_EQ(message.substr(0, 35), "asset \"b-second/data\": cannot stage");
  EXPECT_EQ(read_text(out / "stacks/prod/cdk.tf.json"), before);
  EXPECT_FALSE(fs::exists(out / "stacks/a-first"));
  std::vector<std::string> entries;
  for (const auto& e : fs::directory_iterator(dir)) entries.push_back(e.path().filename());
  EXPECT_EQ(entries, std::vector<std::string>{"cdktf.out"});
}

TEST(Synth, ValidationFailureWritesNothing) {
  fs::path out = make_temp_dir("invalid") / "cdktf.out";
  App app({.outdir = out});
  Stack& stack = app.add<Stack>("prod");
  stack.add_error("broken on purpose");
  expect_error([&] { app.synth(); }, ErrorCategory::kValidation);
  EXPECT_FALSE(fs::exists(out));
}

TEST(Synth, RejectsAnUnwritableOutputFolder) {
  // Permission bits do not stop root; a path below a regular file fails for everyone.
  fs::path dir = make_temp_dir("unwritable");
  write(dir / "file", "x");
  App app({.outdir = dir / "file" / "out"});
  build_small_program(app.add<Stack>("prod"));
  std::string message = expect_error([&] { app.synth(); }, ErrorCategory::kIo);
  EXPECT_EQ(message.rfind("output folder \"" + (dir / "file").string() + "\": ", 0), 0u) << message;
  EXPECT_EQ(read_text(dir / "file"), "x");
}

TEST(Synth, FailsWhenTheAppHasNoStack) {
  App app({.outdir = make_temp_dir("empty") / "out"});
  EXPECT_EQ(expect_error([&] { app.synth(); }, ErrorCategory::kValidation),
            "1 problem found, nothing was written:\n[app] the app has no stacks; add a Stack "
            "before synthesizing");
}

TEST(Asset, StagesFilesUnderTheirHashRelativeToTheStack) {
  fs::path dir = make_temp_dir("asset");
  write(dir / "src/config.json", "{}\n");
  fs::path out = dir / "cdktf.out";
  App app({.outdir = out});
  Stack& stack = app.add<Stack>("prod");
  auto& asset = stack.add<Asset>("config", AssetConfig{.path = dir / "src/config.json"});
  stack.add<Output>("path", OutputConfig{.value = asset.staged_path()});
  app.synth();
  Sha256 h;
  h.update("11:config.json3:{}\n");
  std::string hash = to_hex(h.finish());
  EXPECT_EQ(asset.hash(), hash);
  EXPECT_EQ(asset.relative_path(), "assets/config/" + hash + "/config.json");
  EXPECT_EQ(read_text(out / "stacks/prod" / asset.relative_path()), "{}\n");
  nlohmann::json doc = nlohmann::json::parse(read_text(out / "stacks/prod/cdk.tf.json"));
  EXPECT_EQ(doc["output"]["path"]["value"], asset.relative_path());
}

TEST(Asset, HashesFoldersByNamesAndBytesNotOrderOrTimes) {
  fs::path a = make_temp_dir("tree-a");
  fs::path b = make_temp_dir("tree-b");
  write(a / "x/one.txt", "1");
  write(a / "two.txt", "2");
  write(b / "two.txt", "2");  // Created in the other order, other mode.
  write(b / "x/one.txt", "1");
  ::chmod((b / "two.txt").c_str(), 0600);
  fs::path c = make_temp_dir("tree-c");
  write(c / "x/one.txt", "1");
  write(c / "three.txt", "2");  // Same bytes under another name.
  App app;
  Stack& stack = app.add<Stack>("s");
  auto& ha = stack.add<Asset>("a", AssetConfig{.path = a, .type = AssetType::kDirectory});
  auto& hb = stack.add<Asset>("b", AssetConfig{.path = b, .type = AssetType::kDirectory});
  auto& hc = stack.add<Asset>("c", AssetConfig{.path = c, .type = AssetType::kDirectory});
  EXPECT_EQ(ha.hash(), hb.hash());
  EXPECT_NE(ha.hash(), hc.hash());
}

TEST(Asset, PackagesArchivesWithTheGivenPackager) {
  fs::path dir = make_temp_dir("archive");
  write(dir / "handler/handler.py", "x = 1\n");
  fs::path out = dir / "cdktf.out";
  App app({.outdir = out});
  Stack& stack = app.add<Stack>("prod");
  Construct& fn = stack.add<Construct>("fn");
  auto& asset = fn.add<Asset>(
      "code",
      AssetConfig{.path = dir / "handler",
                  .type = AssetType::kArchive,
                  .packager = [](const fs::path& p) { return "ZIP:" + p.filename().string(); },
                  .archive_name = "handler.zip"});
  app.synth();
  EXPECT_EQ(asset.hash(), to_hex(sha256("ZIP:handler")));
  EXPECT_EQ(asset.relative_path(),
            "assets/" + make_logical_id("fn/code") + "/" + asset.hash() + "/handler.zip");
  EXPECT_EQ(read_text(out / "stacks/prod" / asset.relative_path()), "ZIP:handler");
}

TEST(Asset, RejectsAMissingSource) {
  App app;
  Stack& stack = app.add<Stack>("s");
  EXPECT_EQ(expect_error([&] { stack.add<Asset>("a", AssetConfig{.path = "/nonexistent/file"}); },
                         ErrorCategory::kUsage),
            "asset \"s/a\": source \"/nonexistent/file\" is not a regular file; point "
            "AssetConfig.path at an existing file");
}

}  // namespace
}  // namespace stackgen::core

namespace stackgen::core {
namespace {

using stackgen::testing::make_temp_dir;
using stackgen::testing::read_text;

void write_file(const std::filesystem::path& file, const std::string& text) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

void synth_one(const std::filesystem::path& out, const std::vector<std::string>& stacks) {
  App app({.outdir = out});
  for (const std::string& name : stacks) {
    app.add<Stack>(name).add<GenericResource>("r", "x", Value::Map{{"n", Value::string(name)}});
  }
  app.synth();
}

TEST(Synth, KeepsTerraformWorkingFilesAcrossSynths) {
  std::filesystem::path out = make_temp_dir("keep") / "cdktf.out";
  synth_one(out, {"prod"});
  write_file(out / "stacks/prod/terraform.tfstate", "{\"serial\": 7}");
  write_file(out / "stacks/prod/.terraform/providers/marker", "provider");
  write_file(out / "stacks/prod/.terraform.lock.hcl", "lock");
  write_file(out / "stacks/prod/zz_override.tf.json", "{}");
  write_file(out / "stacks/prod/assets/old/stale.zip", "stale");
  synth_one(out, {"prod"});
  EXPECT_EQ(read_text(out / "stacks/prod/terraform.tfstate"), "{\"serial\": 7}");
  EXPECT_EQ(read_text(out / "stacks/prod/.terraform/providers/marker"), "provider");
  EXPECT_EQ(read_text(out / "stacks/prod/.terraform.lock.hcl"), "lock");
  EXPECT_EQ(read_text(out / "stacks/prod/zz_override.tf.json"), "{}");
  EXPECT_FALSE(std::filesystem::exists(out / "stacks/prod/assets/old"));
}

TEST(Synth, KeepsStateOfARemovedStackAndWarns) {
  std::filesystem::path out = make_temp_dir("removed") / "cdktf.out";
  synth_one(out, {"old", "kept"});
  write_file(out / "stacks/old/terraform.tfstate", "state");
  App app({.outdir = out});
  app.add<Stack>("kept");
  SynthResult result = app.synth();
  EXPECT_FALSE(std::filesystem::exists(out / "stacks/old/cdk.tf.json"));
  EXPECT_EQ(read_text(out / "stacks/old/terraform.tfstate"), "state");
  EXPECT_EQ(result.warnings,
            std::vector<std::string>{
                "[old] warning: stack \"old\" is no longer in the app, but its folder held files "
                "stackgen did not write (Terraform state?); they were kept in stacks/old: destroy "
                "or move them, then delete the folder"});
}

TEST(Synth, RejectsAnOutputFolderItDidNotWrite) {
  std::filesystem::path dir = make_temp_dir("foreign");
  write_file(dir / "src/handler.py", "code");
  App app({.outdir = dir / "src"});
  app.add<Stack>("s");
  try {
    app.synth();
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kUsage);
    EXPECT_EQ(std::string(e.what()),
              "output folder \"" + (dir / "src").string() +
                  "\": it is not empty and holds no manifest.json, so it is not a stackgen output "
                  "folder and would be replaced; choose a new or empty folder, or a previous "
                  "stackgen output");
  }
  EXPECT_EQ(read_text(dir / "src/handler.py"), "code");
}

TEST(Synth, TreatsATrailingSlashAsTheSameFolder) {
  std::filesystem::path dir = make_temp_dir("slash");
  App app({.outdir = (dir / "out").string() + "/"});
  EXPECT_EQ(app.outdir(), dir / "out");
  app.add<Stack>("s");
  app.synth();
  EXPECT_TRUE(std::filesystem::exists(dir / "out/stacks/s/cdk.tf.json"));
}

TEST(Synth, RejectsTheRootAsOutputFolder) {
  App app({.outdir = "/"});
  app.add<Stack>("s");
  try {
    app.synth();
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "output folder \"/\": it must name a folder of its own, not the root or "
                 "a path ending in . or ..; use a folder such as cdktf.out");
  }
}

}  // namespace
}  // namespace stackgen::core
