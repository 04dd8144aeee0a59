#include "stackgen/core/app.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <stdio.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "stackgen/core/asset.h"
#include "stackgen/core/error.h"
#include "stackgen/core/stack.h"

namespace stackgen::core {

namespace fs = std::filesystem;

namespace {

std::string dump(const nlohmann::json& document) {
  try {
    return document.dump(2) + "\n";
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorCategory::kSynthesis,
                fmt::format("rendered JSON: {}; make every string valid UTF-8", e.what()));
  }
}

void write_text(const fs::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) {
    throw Error(ErrorCategory::kIo,
                fmt::format("output file \"{}\": write failed; check free space and permissions",
                            file.string()));
  }
}

[[noreturn]] void io_error(const fs::path& where, const std::string& what) {
  throw Error(ErrorCategory::kIo,
              fmt::format("output folder \"{}\": {}; choose a writable folder with --output or "
                          "fix its permissions",
                          where.string(), what));
}

// A unique sibling of `outdir`, so the final rename stays on one file system.
fs::path temporary_sibling(const fs::path& outdir, const char* tag) {
  static std::atomic<unsigned> counter{0};
  fs::path name = outdir.filename();
  return outdir.parent_path() /
         fmt::format(".{}.{}-{}-{}", name.string(), tag, ::getpid(), counter++);
}

// Puts `staged` at `outdir`: an atomic exchange when something is there already, so readers
// see the old or the new folder and never a mix; then the old one is removed.
void swap_into_place(const fs::path& staged, const fs::path& outdir) {
  std::error_code ec;
  if (!fs::exists(outdir, ec)) {
    if (::rename(staged.c_str(), outdir.c_str()) != 0) io_error(outdir, std::strerror(errno));
    return;
  }
  if (!fs::is_directory(outdir, ec)) io_error(outdir, "exists and is not a folder");
  if (::renameat2(AT_FDCWD, staged.c_str(), AT_FDCWD, outdir.c_str(), RENAME_EXCHANGE) != 0) {
    // File systems without RENAME_EXCHANGE: move the old folder aside first.
    fs::path aside = temporary_sibling(outdir, "old");
    if (::rename(outdir.c_str(), aside.c_str()) != 0) io_error(outdir, std::strerror(errno));
    if (::rename(staged.c_str(), outdir.c_str()) != 0) {
      int saved = errno;
      ::rename(aside.c_str(), outdir.c_str());
      io_error(outdir, std::strerror(saved));
    }
    fs::remove_all(aside, ec);
    return;
  }
  fs::remove_all(staged, ec);  // After the exchange, `staged` holds the old output.
}

// `cdktf.out/` and `./cdktf.out` name the same folder as `cdktf.out`.
fs::path normalize_outdir(const fs::path& outdir) {
  fs::path normal = outdir.lexically_normal();
  if (normal.has_parent_path() && normal.filename().empty()) normal = normal.parent_path();
  return normal;
}

// Synthesis owns manifest.json and stacks/ at the top, and cdk.tf.json and assets/ in each
// stack folder. It replaces only a folder that is empty or was written by it, so a mistyped
// --output cannot wipe a source folder.
void check_outdir(const fs::path& outdir) {
  std::error_code ec;
  if (outdir.empty() || outdir == outdir.root_path() || outdir.filename() == "." ||
      outdir.filename() == "..") {
    throw Error(ErrorCategory::kUsage,
                fmt::format("output folder \"{}\": it must name a folder of its own, not the "
                            "root or a path ending in . or ..; use a folder such as cdktf.out",
                            outdir.string()));
  }
  if (!fs::exists(outdir, ec)) return;
  if (!fs::is_directory(outdir, ec)) io_error(outdir, "exists and is not a folder");
  if (fs::is_empty(outdir, ec) || fs::exists(outdir / "manifest.json", ec)) return;
  throw Error(ErrorCategory::kUsage,
              fmt::format("output folder \"{}\": it is not empty and holds no manifest.json, so "
                          "it is not a stackgen output folder and would be replaced; choose a new "
                          "or empty folder, or a previous stackgen output",
                          outdir.string()));
}

// Moves what synthesis did not write (Terraform's .terraform/, lock file and local state,
// the user's override files) from the previous output into the staged one, so a new synth
// never loses them. Records each move in `moves`, for rollback.
void carry_over(const fs::path& previous, const fs::path& staged,
                const std::vector<std::string>& app_stacks, std::vector<std::string>& warnings,
                std::vector<std::pair<fs::path, fs::path>>& moves) {
  std::error_code ec;
  if (!fs::is_directory(previous, ec)) return;
  auto move = [&](const fs::path& from, const fs::path& to) {
    if (fs::exists(to, ec)) return;
    fs::create_directories(to.parent_path(), ec);
    if (::rename(from.c_str(), to.c_str()) != 0) io_error(from, std::strerror(errno));
    moves.emplace_back(from, to);
  };
  for (const auto& entry : fs::directory_iterator(previous, ec)) {
    std::string name = entry.path().filename().string();
    if (name != "manifest.json" && name != "stacks") move(entry.path(), staged / name);
  }
  for (const auto& folder : fs::directory_iterator(previous / "stacks", ec)) {
    std::string name = folder.path().filename().string();
    fs::path target = staged / "stacks" / name;
    bool in_app = std::find(app_stacks.begin(), app_stacks.end(), name) != app_stacks.end();
    if (in_app && !fs::exists(target, ec)) {
      move(folder.path(), target);  // In the app but not selected with --stack: kept whole.
      continue;
    }
    bool kept = false;
    for (const auto& entry : fs::directory_iterator(folder.path(), ec)) {
      std::string item = entry.path().filename().string();
      if (item == "cdk.tf.json" || item == "assets") continue;
      move(entry.path(), target / item);
      kept = true;
    }
    if (kept && !in_app) {
      warnings.push_back(fmt::format(
          "[{}] warning: stack \"{}\" is no longer in the app, but its folder held files "
          "stackgen did not write (Terraform state?); they were kept in stacks/{}: destroy or "
          "move them, then delete the folder",
          name, name, name));
    }
  }
}

}  // namespace

App::App(AppOptions options) : Construct(), options_(std::move(options)) {
  options_.outdir = normalize_outdir(options_.outdir);
  for (const auto& [key, value] : options_.context.items()) set_context(key, value);
}

std::vector<Stack*> App::stacks() const {
  std::vector<Stack*> out;
  walk(static_cast<const Construct&>(*this), [&out](const Construct& node) {
    if (auto* s = dynamic_cast<const Stack*>(&node)) out.push_back(const_cast<Stack*>(s));
  });
  return out;
}

void App::run_aspects() {
  if (aspects_done_) return;
  aspects_done_ = true;
  // Each construct is visited by its own aspects and those of its ancestors.
  std::function<void(Construct&, std::vector<std::shared_ptr<Aspect>>)> visit =
      [&visit](Construct& node, std::vector<std::shared_ptr<Aspect>> inherited) {
        for (const auto& aspect : node.aspects()) inherited.push_back(aspect);
        for (const auto& aspect : inherited) aspect->visit(node);
        for (std::size_t i = 0; i < node.children().size(); ++i)
          visit(*node.children()[i], inherited);
      };
  visit(*this, {});
}

std::vector<std::string> App::collect_errors() const {
  std::vector<std::string> errors;
  walk(static_cast<const Construct&>(*this), [&errors](const Construct& node) {
    std::string prefix = "[" + (node.path().empty() ? std::string("app") : node.path()) + "] ";
    for (const std::string& message : node.validate()) errors.push_back(prefix + message);
    for (const Annotation& a : node.annotations()) {
      if (a.level == AnnotationLevel::kError) errors.push_back(prefix + a.message);
    }
  });
  if (stacks().empty()) {
    errors.push_back("[app] the app has no stacks; add a Stack before synthesizing");
  }
  return errors;
}

SynthResult App::synth(const std::vector<std::string>& only_stacks) {
  check_outdir(options_.outdir);
  run_aspects();
  std::vector<std::string> errors = collect_errors();
  if (!errors.empty()) {
    std::string message = fmt::format("{} problem{} found, nothing was written:", errors.size(),
                                      errors.size() == 1 ? "" : "s");
    for (const std::string& e : errors) message += "\n" + e;
    throw Error(ErrorCategory::kValidation, message);
  }

  // Render everything in memory first: most failures happen before the disk is touched.
  struct Rendered {
    const Stack* stack;
    std::string text;
    StackSummary summary;
  };
  std::vector<Rendered> rendered;
  SynthResult result{options_.outdir, {}, {}};
  nlohmann::json manifest = {{"version", kVersion}, {"stacks", nlohmann::json::object()}};
  for (const Stack* stack : stacks()) {
    if (!only_stacks.empty() &&
        std::find(only_stacks.begin(), only_stacks.end(), stack->name()) == only_stacks.end()) {
      continue;
    }
    nlohmann::json document = stack->render();
    StackSummary summary{stack->name(),
                         0,
                         0,
                         0,
                         stack->assets().size(),
                         fs::path("stacks") / stack->name() / "cdk.tf.json"};
    if (auto it = document.find("resource"); it != document.end()) {
      for (const auto& [type, entries] : it->items()) summary.resources += entries.size();
    }
    if (auto it = document.find("data"); it != document.end()) {
      for (const auto& [type, entries] : it->items()) summary.data_sources += entries.size();
    }
    if (auto it = document.find("output"); it != document.end()) summary.outputs = it->size();
    nlohmann::json annotations = nlohmann::json::array();
    walk(static_cast<const Construct&>(*stack), [&](const Construct& node) {
      for (const Annotation& a : node.annotations()) {
        if (a.level == AnnotationLevel::kError) continue;
        const char* level = a.level == AnnotationLevel::kWarning ? "warning" : "info";
        annotations.push_back(
            {{"constructPath", node.path()}, {"level", level}, {"message", a.message}});
        result.warnings.push_back(fmt::format("[{}] {}: {}", node.path(), level, a.message));
      }
    });
    manifest["stacks"][stack->name()] = {
        {"name", stack->name()},
        {"constructPath", stack->path()},
        {"workingDirectory", "stacks/" + stack->name()},
        {"synthesizedStackPath", "stacks/" + stack->name() + "/cdk.tf.json"},
        {"annotations", std::move(annotations)},
        {"dependencies", nlohmann::json::array()}};
    rendered.push_back({stack, dump(document), std::move(summary)});
  }

  const fs::path& outdir = options_.outdir;
  std::error_code ec;
  if (!outdir.parent_path().empty()) {
    fs::create_directories(outdir.parent_path(), ec);
    if (ec) io_error(outdir.parent_path(), ec.message());
  }
  fs::path staged = temporary_sibling(outdir, "tmp");
  try {
    fs::create_directory(staged, ec);
    if (ec) io_error(outdir, "cannot create a folder beside it (" + ec.message() + ")");
    for (Rendered& r : rendered) {
      fs::path folder = staged / "stacks" / r.stack->name();
      fs::create_directories(folder, ec);
      if (ec) io_error(folder, ec.message());
      write_text(folder / "cdk.tf.json", r.text);
      for (const Asset* asset : r.stack->assets()) asset->stage(folder);
      result.stacks.push_back(std::move(r.summary));
    }
    write_text(staged / "manifest.json", dump(manifest));
  } catch (...) {
    fs::remove_all(staged, ec);
    throw;
  }
  std::vector<std::string> app_stacks;
  for (const Stack* stack : stacks()) app_stacks.push_back(stack->name());
  std::vector<std::pair<fs::path, fs::path>> moves;
  try {
    carry_over(outdir, staged, app_stacks, result.warnings, moves);
    swap_into_place(staged, outdir);
  } catch (...) {
    for (auto it = moves.rbegin(); it != moves.rend(); ++it)
      ::rename(it->second.c_str(), it->first.c_str());
    fs::remove_all(staged, ec);
    throw;
  }
  return result;
}

}  // namespace stackgen::core
