#include "stackgen/cli/cli.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>

#include "stackgen/codegen/generator.h"
#include "stackgen/core/stack.h"

namespace stackgen::cli {

namespace fs = std::filesystem;
using core::Error;
using core::ErrorCategory;

namespace {

constexpr const char* kConfigFile = "cdktf.json";
constexpr const char* kDefaultOutput = "cdktf.out";

// What cdktf.json says, with defaults for what it leaves out.
struct Project {
  fs::path config_file;
  nlohmann::json config = nlohmann::json::object();
  nlohmann::json context = nlohmann::json::object();
  std::optional<std::string> output;
};

Project load_project(const Environment& env) {
  Project project;
  project.config_file = env.cwd / kConfigFile;
  std::error_code ec;
  if (!fs::exists(project.config_file, ec)) return project;
  std::ifstream in(project.config_file, std::ios::binary);
  if (!in) {
    throw Error(ErrorCategory::kIo, fmt::format("config file \"{}\": cannot be read; check its "
                                                "permissions",
                                                project.config_file.string()));
  }
  try {
    project.config = nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(ErrorCategory::kUsage,
                fmt::format("config file \"{}\": not valid JSON ({}); fix the syntax",
                            project.config_file.string(), e.what()));
  }
  if (!project.config.is_object()) {
    throw Error(ErrorCategory::kUsage,
                fmt::format("config file \"{}\": the top level must be a JSON object like "
                            "{{\"app\": \"...\"}}; fix the file",
                            project.config_file.string()));
  }
  if (auto it = project.config.find("output"); it != project.config.end()) {
    if (!it->is_string() || it->get<std::string>().empty()) {
      throw Error(ErrorCategory::kUsage,
                  fmt::format("config file \"{}\": \"output\" must be a non-empty string naming "
                              "a folder; fix or remove it",
                              project.config_file.string()));
    }
    project.output = it->get<std::string>();
  }
  if (auto it = project.config.find("context"); it != project.config.end()) {
    if (!it->is_object()) {
      throw Error(ErrorCategory::kUsage,
                  fmt::format("config file \"{}\": \"context\" must be a JSON object of "
                              "key/value pairs; fix or remove it",
                              project.config_file.string()));
    }
    project.context = *it;
  }
  return project;
}

// cdktf.json's context, then CDKTF_CONTEXT_JSON, then --context, each overriding the last.
nlohmann::json merge_context(const Project& project, const Environment& env,
                             const std::vector<std::string>& pairs) {
  nlohmann::json context = project.context;
  if (auto text = env.getenv("CDKTF_CONTEXT_JSON"); text && !text->empty()) {
    nlohmann::json extra;
    try {
      extra = nlohmann::json::parse(*text);
    } catch (const nlohmann::json::parse_error& e) {
      throw Error(ErrorCategory::kUsage,
                  fmt::format("environment variable CDKTF_CONTEXT_JSON: not valid JSON ({}); set "
                              "it to a JSON object or unset it",
                              e.what()));
    }
    if (!extra.is_object()) {
      throw Error(ErrorCategory::kUsage,
                  "environment variable CDKTF_CONTEXT_JSON: must be a JSON object; set it to "
                  "{\"key\": \"value\"} or unset it");
    }
    for (const auto& [key, value] : extra.items()) context[key] = value;
  }
  for (const std::string& pair : pairs) {
    auto eq = pair.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw Error(ErrorCategory::kUsage,
                  fmt::format("--context \"{}\": expected KEY=VALUE; write it as "
                              "--context key=value",
                              pair));
    }
    context[pair.substr(0, eq)] = pair.substr(eq + 1);
  }
  return context;
}

fs::path resolve(const Environment& env, const fs::path& p) {
  return p.is_absolute() ? p : env.cwd / p;
}

// Shows `p` relative to the working folder when it lies below it.
std::string display(const Environment& env, const fs::path& p) {
  fs::path rel = p.lexically_normal().lexically_relative(env.cwd.lexically_normal());
  if (!rel.empty() && *rel.begin() != "..") return rel.generic_string();
  return p.lexically_normal().generic_string();
}

std::unique_ptr<core::App> build_app(const AppBuilder& build, fs::path outdir,
                                     nlohmann::json context) {
  auto app = std::make_unique<core::App>(
      core::AppOptions{.outdir = std::move(outdir), .context = std::move(context)});
  build(*app);
  return app;
}

std::string plural(std::size_t n, const char* word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

int run_synth(const AppBuilder& build, const Environment& env, const std::string& output,
              const std::vector<std::string>& contexts, const std::string& only_stack, bool quiet,
              bool verbose, std::ostream& err) {
  auto start = std::chrono::steady_clock::now();
  Project project = load_project(env);
  std::string chosen = kDefaultOutput;
  if (!output.empty()) {
    chosen = output;
  } else if (auto e = env.getenv("CDKTF_OUTDIR"); e && !e->empty()) {
    chosen = *e;
  } else if (project.output) {
    chosen = *project.output;
  }
  fs::path outdir = resolve(env, chosen);
  auto app = build_app(build, outdir, merge_context(project, env, contexts));

  std::vector<std::string> only;
  if (!only_stack.empty()) {
    std::string names;
    for (const core::Stack* s : app->stacks()) {
      if (s->name() == only_stack) only.push_back(only_stack);
      names += (names.empty() ? "" : ", ") + s->name();
    }
    if (only.empty()) {
      throw Error(ErrorCategory::kUsage,
                  fmt::format("--stack \"{}\": no such stack; the app has: {}", only_stack, names));
    }
  }
  core::SynthResult result = app->synth(only);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start)
                .count();
  for (const std::string& w : result.warnings) err << "stackgen: " << w << "\n";
  if (quiet) return kExitOk;
  std::size_t resources = 0, data = 0, outputs = 0;
  for (const core::StackSummary& s : result.stacks) {
    resources += s.resources;
    data += s.data_sources;
    outputs += s.outputs;
    if (verbose) {
      err << fmt::format("stackgen: stack {}: {}, {}, {}, {} -> {}\n", s.name,
                         plural(s.resources, "resource"), plural(s.data_sources, "data source"),
                         plural(s.outputs, "output"), plural(s.assets, "asset"),
                         display(env, outdir / s.file));
    }
  }
  err << fmt::format("stackgen: synthesized {} ({}, {}, {}) into {} in {} ms\n",
                     plural(result.stacks.size(), "stack"), plural(resources, "resource"),
                     plural(data, "data source"), plural(outputs, "output"), display(env, outdir),
                     ms);
  for (const core::StackSummary& s : result.stacks) {
    err << fmt::format("stackgen: next: terraform -chdir={} init && terraform -chdir={} plan\n",
                       display(env, outdir / "stacks" / s.name),
                       display(env, outdir / "stacks" / s.name));
  }
  return kExitOk;
}

int run_list(const AppBuilder& build, const Environment& env,
             const std::vector<std::string>& contexts, std::ostream& out) {
  Project project = load_project(env);
  auto app = build_app(build, resolve(env, project.output.value_or(kDefaultOutput)),
                       merge_context(project, env, contexts));
  for (const core::Stack* s : app->stacks()) out << s->name() << "\n";
  return kExitOk;
}

// The first `terraformProviders` entry of cdktf.json ("hashicorp/aws@~> 5.100", or an object
// with "source" and "version"), as the provider `get` asks terraform for.
std::pair<std::string, std::string> provider_from_config(const Project& project) {
  auto it = project.config.find("terraformProviders");
  if (it == project.config.end() || !it->is_array() || it->empty()) return {"hashicorp/aws", ""};
  const nlohmann::json& entry = it->front();
  if (entry.is_string()) {
    std::string text = entry.get<std::string>();
    auto at = text.find('@');
    if (at == std::string::npos) return {text, ""};
    std::string version = text.substr(at + 1);
    version.erase(0, version.find_first_not_of(' '));
    return {text.substr(0, at), version};
  }
  if (entry.is_object() && entry.contains("source") && entry["source"].is_string()) {
    std::string version = entry.value("version", "");
    return {entry["source"].get<std::string>(), version};
  }
  throw Error(ErrorCategory::kUsage,
              fmt::format("config file \"{}\": terraformProviders[0] must be \"source@version\" "
                          "or {{\"source\": ..., \"version\": ...}}; fix the entry",
                          project.config_file.string()));
}

// Terraform's constraint syntax: comma-separated `[op] x[.y[.z]][-pre]`.
bool is_version_constraint(const std::string& text) {
  static const std::regex kConstraint(
      R"(\s*(=|!=|>|>=|<|<=|~>)?\s*[0-9]+(\.[0-9]+){0,2}(-[0-9A-Za-z.]+)?\s*)"
      R"((,\s*(=|!=|>|>=|<|<=|~>)?\s*[0-9]+(\.[0-9]+){0,2}(-[0-9A-Za-z.]+)?\s*)*)");
  return std::regex_match(text, kConstraint);
}

int run_get(const Environment& env, const std::string& schema, const std::string& out_dir,
            const std::vector<std::string>& types, const std::string& version, bool quiet,
            std::ostream& err) {
  auto start = std::chrono::steady_clock::now();
  Project project = load_project(env);
  auto [source, config_version] = provider_from_config(project);
  std::string out = out_dir;
  if (out.empty()) {
    auto it = project.config.find("codeMakerOutput");
    out = (it != project.config.end() && it->is_string()) ? it->get<std::string>()
                                                          : "include/stackgen/providers";
  }
  codegen::GetOptions options;
  std::string chosen_version = version.empty() ? config_version : version;
  if (!chosen_version.empty() && !is_version_constraint(chosen_version)) {
    throw Error(ErrorCategory::kUsage,
                fmt::format("provider version \"{}\": not a Terraform version constraint; write "
                            "one like \"~> 5.100\" or \">= 5.0, < 6.0\"",
                            chosen_version));
  }
  if (!schema.empty()) options.schema = resolve(env, schema);
  options.out = resolve(env, out);
  options.types = types;
  options.provider_version = chosen_version;
  options.provider_source = source;
  codegen::GetResult result = codegen::get(options);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start)
                .count();
  if (!quiet) {
    err << fmt::format("stackgen: generated {} ({}, {}) into {} in {} ms\n",
                       plural(result.files.size(), "file"), plural(result.resources, "resource"),
                       plural(result.data_sources, "data source"), display(env, options.out), ms);
  }
  return kExitOk;
}

void print_error(std::ostream& err, const Error& e) {
  std::string message = e.what();
  std::istringstream lines(message);
  std::string line;
  bool first = true;
  while (std::getline(lines, line)) {
    if (first) {
      err << "stackgen: " << core::category_name(e.category()) << " error: " << line << "\n";
      first = false;
    } else {
      err << "stackgen:   " << line << "\n";
    }
  }
}

}  // namespace

int exit_code_for(ErrorCategory category) {
  switch (category) {
    case ErrorCategory::kUsage:
      return kExitUsage;
    case ErrorCategory::kConstruction:
      return kExitConstruction;
    case ErrorCategory::kValidation:
      return kExitValidation;
    case ErrorCategory::kSynthesis:
      return kExitSynthesis;
    case ErrorCategory::kIo:
      return kExitIo;
  }
  return kExitInternal;
}

Environment process_environment() {
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);
  return Environment{cwd, [](const std::string& name) -> std::optional<std::string> {
                       const char* value = std::getenv(name.c_str());
                       if (value == nullptr) return std::nullopt;
                       return std::string(value);
                     }};
}

int run(int argc, const char* const* argv, const AppBuilder& build, std::ostream& out,
        std::ostream& err, const Environment& env) {
  CLI::App cli(
      "stackgen: CDK for Terraform in C++. Synthesizes Terraform JSON from C++ "
      "constructs.\nExit codes: 0 ok, 1 internal, 2 usage, 3 construction, "
      "4 validation, 5 synthesis, 6 i/o.",
      "stackgen");
  cli.set_version_flag("--version", std::string("stackgen ") + core::kVersion);
  bool quiet = false, verbose = false;
  cli.add_flag("-q,--quiet", quiet, "Print only warnings and errors");
  cli.add_flag("-v,--verbose", verbose, "Print one line per stack");

  std::string output, only_stack;
  std::vector<std::string> contexts;
  CLI::App* synth = cli.add_subcommand("synth", "Synthesize every stack into the output folder");
  synth->add_option("-o,--output", output,
                    "Output folder (default: $CDKTF_OUTDIR, cdktf.json \"output\", cdktf.out)");
  synth->add_option("-c,--context", contexts, "Context value KEY=VALUE (repeatable)");
  synth->add_option("--stack", only_stack, "Synthesize only this stack");

  CLI::App* list = cli.add_subcommand("list", "List the app's stacks");
  list->add_option("-c,--context", contexts, "Context value KEY=VALUE (repeatable)");

  std::string schema, out_dir, version;
  std::vector<std::string> types;
  CLI::App* get = cli.add_subcommand("get", "Generate typed provider bindings from a schema");
  get->add_option("--schema", schema,
                  "Output of `terraform providers schema -json` (default: run terraform)");
  get->add_option("--out", out_dir,
                  "Folder for the generated headers (default: cdktf.json "
                  "\"codeMakerOutput\", include/stackgen/providers)");
  get->add_option("--type", types,
                  "Resource (aws_x) or data source (data.aws_y) to generate "
                  "(repeatable; default: all)");
  get->add_option("--provider-version", version, "Version constraint recorded in the bindings");
  cli.require_subcommand(0, 1);
  // Global flags may come after the command too: `stackgen synth --verbose`.
  for (CLI::App* sub : {synth, list, get}) sub->fallthrough();

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return cli.exit(e, out, err);
    err << "stackgen: usage error: " << e.what() << "; run \"stackgen --help\" for usage\n";
    return kExitUsage;
  }

  try {
    if (synth->parsed())
      return run_synth(build, env, output, contexts, only_stack, quiet, verbose, err);
    if (list->parsed()) return run_list(build, env, contexts, out);
    if (get->parsed()) return run_get(env, schema, out_dir, types, version, quiet, err);
    err << cli.help();
    err << "stackgen: usage error: no command given; run \"stackgen synth\" or see the list "
           "above\n";
    return kExitUsage;
  } catch (const Error& e) {
    print_error(err, e);
    return exit_code_for(e.category());
  } catch (const std::exception& e) {
    err << "stackgen: internal error: " << e.what() << "; please report this as a bug\n";
    return kExitInternal;
  }
}

}  // namespace stackgen::cli
