// The command line, run in-process: argv in, exit code and printed text out.
#include "stackgen/cli/cli.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "stackgen/core/stack.h"
#include "terraform.h"

namespace stackgen::cli {
namespace {

namespace fs = std::filesystem;
using stackgen::testing::make_temp_dir;
using stackgen::testing::read_text;

// A small app: one stack named from context "name" (default "demo") with one bucket whose
// name comes from context "bucket".
void build_demo(core::App& app) {
  std::string name = "demo";
  if (const auto* v = app.try_get_context("name")) name = v->get<std::string>();
  auto& stack = app.add<core::Stack>(name);
  std::string bucket = "default-bucket";
  if (const auto* v = app.try_get_context("bucket")) bucket = v->dump();
  stack.add<core::GenericResource>("bucket", "aws_s3_bucket",
                                   core::Value::Map{{"bucket", core::Value::string(bucket)}});
}

class Cli : public ::testing::Test {
 protected:
  struct Result {
    int code;
    std::string out;
    std::string err;
  };

  Result run(std::vector<std::string> args, const AppBuilder& build = build_demo) {
    std::vector<const char*> argv{"stackgen"};
    for (const std::string& a : args) argv.push_back(a.c_str());
    std::ostringstream out, err;
    Environment env{dir_, [this](const std::string& k) -> std::optional<std::string> {
                      auto it = env_.find(k);
                      if (it == env_.end()) return std::nullopt;
                      return it->second;
                    }};
    int code = stackgen::cli::run(static_cast<int>(argv.size()), argv.data(), build, out, err, env);
    return {code, out.str(), err.str()};
  }

  void write_config(const std::string& text) { std::ofstream(dir_ / "cdktf.json") << text; }

  fs::path dir_ = make_temp_dir("cli");
  std::map<std::string, std::string> env_;
};

TEST_F(Cli, SynthWritesTheOutputFolderAndPrintsASummary) {
  Result r = run({"synth"});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_TRUE(fs::exists(dir_ / "cdktf.out/stacks/demo/cdk.tf.json"));
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("stackgen: synthesized 1 stack (1 resource, 0 data sources, 0 outputs) "
                       "into cdktf.out in "),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("stackgen: next: terraform -chdir=cdktf.out/stacks/demo init && terraform "
                       "-chdir=cdktf.out/stacks/demo plan\n"),
            std::string::npos);
}

TEST_F(Cli, GlobalFlagsWorkAfterTheCommand) {
  Result r = run({"synth", "--verbose"});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_NE(r.err.find("stackgen: stack demo: 1 resource, 0 data sources, 0 outputs, 0 assets -> "
                       "cdktf.out/stacks/demo/cdk.tf.json\n"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(run({"synth", "-q"}).err, "");
}

TEST_F(Cli, GetFailsWithUsageOnABadProviderVersion) {
  Result r = run({"get", "--schema", STACKGEN_FIXTURE_SCHEMA, "--out", "gen", "--provider-version",
                  "notaversion"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_EQ(r.err,
            "stackgen: usage error: provider version \"notaversion\": not a Terraform "
            "version constraint; write one like \"~> 5.100\" or \">= 5.0, < 6.0\"\n");
  EXPECT_FALSE(fs::exists(dir_ / "gen"));
}

TEST_F(Cli, QuietPrintsNothingOnSuccess) {
  Result r = run({"--quiet", "synth"});
  EXPECT_EQ(r.code, kExitOk);
  EXPECT_EQ(r.err, "");
}

TEST_F(Cli, OutputFolderComesFromFlagThenEnvironmentThenConfig) {
  write_config(R"({"app": "stackgen synth", "output": "from-config"})");
  EXPECT_EQ(run({"synth"}).code, kExitOk);
  EXPECT_TRUE(fs::exists(dir_ / "from-config/manifest.json"));
  env_["CDKTF_OUTDIR"] = (dir_ / "from-env").string();
  EXPECT_EQ(run({"synth"}).code, kExitOk);
  EXPECT_TRUE(fs::exists(dir_ / "from-env/manifest.json"));
  EXPECT_EQ(run({"synth", "--output", "from-flag"}).code, kExitOk);
  EXPECT_TRUE(fs::exists(dir_ / "from-flag/manifest.json"));
}

TEST_F(Cli, ContextComesFromConfigThenEnvironmentThenFlags) {
  write_config(R"({"context": {"name": "fromconfig", "bucket": 1}})");
  EXPECT_EQ(run({"list"}).out, "fromconfig\n");
  env_["CDKTF_CONTEXT_JSON"] = R"({"name": "fromenv"})";
  EXPECT_EQ(run({"list"}).out, "fromenv\n");
  EXPECT_EQ(run({"list", "--context", "name=fromflag"}).out, "fromflag\n");
  Result r = run({"synth", "-c", "name=s1"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  // Config values keep their JSON type; the builder above dumps them.
  EXPECT_NE(read_text(dir_ / "cdktf.out/stacks/s1/cdk.tf.json").find("\"bucket\": \"1\""),
            std::string::npos);
}

TEST_F(Cli, StackFlagLimitsTheOutput) {
  auto two = [](core::App& app) {
    app.add<core::Stack>("a");
    app.add<core::Stack>("b");
  };
  Result r = run({"synth", "--stack", "b"}, two);
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_TRUE(fs::exists(dir_ / "cdktf.out/stacks/b/cdk.tf.json"));
  EXPECT_FALSE(fs::exists(dir_ / "cdktf.out/stacks/a"));
  Result bad = run({"synth", "--stack", "c"}, two);
  EXPECT_EQ(bad.code, kExitUsage);
  EXPECT_EQ(bad.err, "stackgen: usage error: --stack \"c\": no such stack; the app has: a, b\n");
}

TEST_F(Cli, VersionAndHelpExitZero) {
  Result v = run({"--version"});
  EXPECT_EQ(v.code, kExitOk);
  EXPECT_EQ(v.out, "stackgen 0.1.0\n");
  Result h = run({"--help"});
  EXPECT_EQ(h.code, kExitOk);
  EXPECT_NE(h.out.find("synth"), std::string::npos);
  EXPECT_NE(h.out.find("Exit codes: 0 ok, 1 internal, 2 usage"), std::string::npos);
}

TEST_F(Cli, FailsWithUsageOnUnknownFlag) {
  Result r = run({"synth", "--bogus"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_EQ(r.err,
            "stackgen: usage error: The following argument was not expected: --bogus; "
            "run \"stackgen --help\" for usage\n");
}

TEST_F(Cli, FailsWithUsageWithoutACommand) {
  Result r = run({});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find("stackgen: usage error: no command given"), std::string::npos);
}

TEST_F(Cli, FailsWithUsageOnMalformedConfigAndWritesNothing) {
  write_config("{\"context\": {");
  Result r = run({"synth"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_EQ(r.err.rfind("stackgen: usage error: config file \"" + (dir_ / "cdktf.json").string() +
                            "\": not valid JSON (",
                        0),
            0u)
      << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "cdktf.out"));
}

TEST_F(Cli, FailsWithUsageOnConfigOfTheWrongShape) {
  write_config(R"({"context": []})");
  Result r = run({"synth"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_EQ(r.err, "stackgen: usage error: config file \"" + (dir_ / "cdktf.json").string() +
                       "\": \"context\" must be a JSON object of key/value pairs; fix or remove "
                       "it\n");
}

TEST_F(Cli, FailsWithUsageOnMalformedContextFlag) {
  Result r = run({"synth", "--context", "novalue"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_EQ(r.err,
            "stackgen: usage error: --context \"novalue\": expected KEY=VALUE; write it as "
            "--context key=value\n");
}

TEST_F(Cli, FailsWithUsageOnMalformedContextEnvironment) {
  env_["CDKTF_CONTEXT_JSON"] = "[1]";
  Result r = run({"synth"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_EQ(r.err,
            "stackgen: usage error: environment variable CDKTF_CONTEXT_JSON: must be a JSON "
            "object; set it to {\"key\": \"value\"} or unset it\n");
}

TEST_F(Cli, FailsWithConstructionCodeOnBadStackName) {
  Result r = run({"synth", "-c", "name=bad name"});
  EXPECT_EQ(r.code, kExitConstruction);
  EXPECT_EQ(r.err,
            "stackgen: construction error: stack name \"bad name\": stack names become "
            "folder names and may only use letters, digits, \"_\" and \"-\"; rename the "
            "stack\n");
  EXPECT_FALSE(fs::exists(dir_ / "cdktf.out"));
}

TEST_F(Cli, FailsWithValidationCodeAndListsEveryProblem) {
  auto broken = [](core::App& app) {
    auto& s = app.add<core::Stack>("s");
    s.add_error("first");
    s.add<core::Construct>("c").add_error("second");
  };
  Result r = run({"synth"}, broken);
  EXPECT_EQ(r.code, kExitValidation);
  EXPECT_EQ(r.err,
            "stackgen: validation error: 2 problems found, nothing was written:\n"
            "stackgen:   [s] first\nstackgen:   [s/c] second\n");
}

TEST_F(Cli, FailsWithSynthesisCodeOnBadOverride) {
  auto broken = [](core::App& app) {
    auto& s = app.add<core::Stack>("s");
    auto& r =
        s.add<core::GenericResource>("r", "x", core::Value::Map{{"l", core::Value::list({})}});
    r.add_override("l.0.a", core::Value::integer(1));
  };
  Result r = run({"synth"}, broken);
  EXPECT_EQ(r.code, kExitSynthesis);
  EXPECT_EQ(r.err.rfind("stackgen: synthesis error: [s/r] override \"l.0.a\"", 0), 0u) << r.err;
}

TEST_F(Cli, FailsWithIoCodeOnUnwritableOutputAndKeepsPreviousOutput) {
  ASSERT_EQ(run({"synth"}).code, kExitOk);
  std::string before = read_text(dir_ / "cdktf.out/stacks/demo/cdk.tf.json");
  std::ofstream(dir_ / "blocker") << "file";
  Result r = run({"synth", "--output", "blocker/out"});
  EXPECT_EQ(r.code, kExitIo);
  EXPECT_EQ(r.err.rfind("stackgen: i/o error: output folder \"" + (dir_ / "blocker").string(), 0),
            0u)
      << r.err;
  EXPECT_EQ(read_text(dir_ / "cdktf.out/stacks/demo/cdk.tf.json"), before);
}

TEST_F(Cli, FailsWithUsageOnAnOutputFolderItDidNotWrite) {
  std::ofstream(dir_ / "notes.txt") << "mine";
  Result r = run({"synth", "--output", "."});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_EQ(r.err, "stackgen: usage error: output folder \"" + dir_.string() +
                       "\": it is not empty and holds no manifest.json, so it is not a stackgen "
                       "output folder and would be replaced; choose a new or empty folder, or a "
                       "previous stackgen output\n");
  EXPECT_EQ(read_text(dir_ / "notes.txt"), "mine");
}

TEST_F(Cli, FailsWithInternalCodeOnUnexpectedExceptions) {
  auto broken = [](core::App&) { throw std::runtime_error("boom"); };
  Result r = run({"synth"}, broken);
  EXPECT_EQ(r.code, kExitInternal);
  EXPECT_EQ(r.err, "stackgen: internal error: boom; please report this as a bug\n");
}

TEST_F(Cli, GetFailsWithUsageOnAMalformedSchemaFile) {
  std::ofstream(dir_ / "bad.json") << "{\"format_version\": \"1.0\"}";
  Result r = run({"get", "--schema", "bad.json", "--out", "gen"});
  EXPECT_EQ(r.code, kExitUsage) << r.err;
  EXPECT_NE(r.err.find("provider_schemas"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "gen"));
}

TEST_F(Cli, GetGeneratesBindingsFromASchemaFile) {
  Result r =
      run({"get", "--schema", STACKGEN_FIXTURE_SCHEMA, "--out", "gen", "--type", "aws_s3_bucket"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  EXPECT_TRUE(fs::exists(dir_ / "gen/aws/s3_bucket.h"));
  EXPECT_TRUE(fs::exists(dir_ / "gen/aws/provider.h"));
  EXPECT_FALSE(fs::exists(dir_ / "gen/aws/lambda_function.h"));
  EXPECT_EQ(read_text(dir_ / "gen/aws/s3_bucket.h").rfind("// Generated by `stackgen get`", 0), 0u);
}

TEST_F(Cli, GetFailsWithIoCodeOnAMissingSchemaFile) {
  Result r = run({"get", "--schema", "missing.json", "--out", "gen"});
  EXPECT_EQ(r.code, kExitIo) << r.err;
  EXPECT_EQ(r.err, "stackgen: i/o error: schema file \"" + (dir_ / "missing.json").string() +
                       "\": cannot be read (No such file or directory); pass the path of a file "
                       "written by terraform providers schema -json\n");
  EXPECT_FALSE(fs::exists(dir_ / "gen"));
}

}  // namespace
}  // namespace stackgen::cli
