// Obtaining a provider schema by running terraform against a local provider mirror.
#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "stackgen/codegen/generator.h"
#include "stackgen/core/error.h"

extern char** environ;

namespace stackgen::codegen {

namespace {

namespace fs = std::filesystem;
using core::Error;
using core::ErrorCategory;

// `hashicorp/aws` -> `registry.terraform.io/hashicorp/aws`; full addresses stay as they are.
std::string provider_address(std::string_view source) {
  std::size_t slashes = static_cast<std::size_t>(std::count(source.begin(), source.end(), '/'));
  return slashes == 1 ? "registry.terraform.io/" + std::string(source) : std::string(source);
}

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The last few lines of a log, on one line, for an error message.
std::string tail(const fs::path& log) {
  std::istringstream in(read_file(log));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (line.find_first_not_of(" \t\r│╵╷") != std::string::npos) lines.push_back(line);
  }
  std::size_t first = lines.size() > 4 ? lines.size() - 4 : 0;
  std::string out;
  for (std::size_t i = first; i < lines.size(); ++i) out += (out.empty() ? "" : " | ") + lines[i];
  return out.empty() ? "no output" : out;
}

// Removes a folder tree when it goes out of scope.
struct TempFolder {
  fs::path path;
  ~TempFolder() {
    std::error_code ignored;
    if (!path.empty()) fs::remove_all(path, ignored);
  }
};

// Runs `terraform args...` in `dir` with `config` as TF_CLI_CONFIG_FILE for that process
// only, stdout to `out` and stderr to `err`. Returns the exit code; 127 when it cannot start.
int run_terraform(const fs::path& dir, const std::vector<std::string>& args, const fs::path& config,
                  const fs::path& out, const fs::path& err) {
  std::vector<std::string> env_text;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string_view entry(*e);
    if (entry.rfind("TF_CLI_CONFIG_FILE=", 0) == 0) continue;
    env_text.emplace_back(entry);
  }
  env_text.push_back("TF_CLI_CONFIG_FILE=" + config.string());
  env_text.push_back("TF_IN_AUTOMATION=1");
  env_text.push_back("CHECKPOINT_DISABLE=1");
  std::vector<char*> envp;
  for (std::string& e : env_text) envp.push_back(e.data());
  envp.push_back(nullptr);

  std::vector<std::string> argv_text = {"terraform"};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addchdir_np(&actions, dir.c_str());
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = 0;
  int spawned = posix_spawnp(&pid, "terraform", &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return 127;
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return 127;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

}  // namespace

std::optional<fs::path> find_provider_mirror(std::string_view source) {
  std::error_code ec;
  // An explicit mirror wins, even a wrong one: better an error than another provider build.
  if (const char* env = std::getenv("STACKGEN_PROVIDER_MIRROR"); env != nullptr && *env != 0) {
    if (fs::is_directory(env, ec)) return fs::path(env);
    return std::nullopt;
  }
  std::vector<fs::path> candidates = {"/opt/tf-plugins"};
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != 0) {
    candidates.push_back(fs::path(home) / ".terraform.d/plugins");
    candidates.push_back(fs::path(home) / ".local/share/terraform/plugins");
  }
  candidates.push_back("/usr/local/share/terraform/plugins");
  candidates.push_back("/usr/share/terraform/plugins");
  std::string address = provider_address(source);
  for (const fs::path& c : candidates) {
    if (fs::is_directory(c / address, ec)) return c;
  }
  return std::nullopt;
}

nlohmann::json schema_from_terraform(std::string_view source, std::string_view version,
                                     const fs::path& mirror) {
  std::string address = provider_address(source);
  std::string local_name = address.substr(address.rfind('/') + 1);
  std::string pattern = (fs::temp_directory_path() / "stackgen-schema-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw Error(ErrorCategory::kIo,
                fmt::format("temporary folder \"{}\": cannot create it ({}); check TMPDIR", pattern,
                            std::strerror(errno)));
  }
  TempFolder dir{pattern};

  nlohmann::json config = {
      {"terraform",
       {{"required_providers", {{local_name, {{"source", source}, {"version", version}}}}}}}};
  std::ofstream(dir.path / "main.tf.json") << config.dump(2) << "\n";
  // JSON string syntax is valid HCL string syntax, which quotes the paths safely.
  std::ofstream(dir.path / "cli.tfrc") << fmt::format(
      "provider_installation {{\n"
      "  filesystem_mirror {{\n    path    = {}\n    include = [{}]\n  }}\n"
      "  direct {{\n    exclude = [{}]\n  }}\n"
      "}}\n",
      nlohmann::json(fs::absolute(mirror).string()).dump(), nlohmann::json(address).dump(),
      nlohmann::json(address).dump());

  fs::path cli = dir.path / "cli.tfrc";
  int init = run_terraform(dir.path, {"init", "-input=false", "-no-color", "-backend=false"}, cli,
                           dir.path / "init.out", dir.path / "init.err");
  if (init == 127) {
    throw Error(ErrorCategory::kUsage,
                fmt::format("provider {}: terraform is not on PATH; install terraform or pass "
                            "--schema FILE with the output of terraform providers schema -json",
                            source));
  }
  if (init != 0) {
    throw Error(ErrorCategory::kIo,
                fmt::format("provider {} {}: terraform init failed (exit {}): {}; check that the "
                            "mirror \"{}\" holds a matching version",
                            source, version, init, tail(dir.path / "init.err"), mirror.string()));
  }
  int schema = run_terraform(dir.path, {"providers", "schema", "-json"}, cli,
                             dir.path / "schema.json", dir.path / "schema.err");
  if (schema != 0) {
    throw Error(ErrorCategory::kIo,
                fmt::format("provider {} {}: terraform providers schema failed (exit {}): {}; "
                            "run it by hand in a folder that requires the provider to see why",
                            source, version, schema, tail(dir.path / "schema.err")));
  }
  try {
    return nlohmann::json::parse(read_file(dir.path / "schema.json"));
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(ErrorCategory::kIo,
                fmt::format("provider {} {}: terraform printed a schema that is not JSON (at byte "
                            "{}); check the terraform version (1.0 or later is needed)",
                            source, version, e.byte));
  }
}

}  // namespace stackgen::codegen
