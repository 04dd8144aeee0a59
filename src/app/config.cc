#include "stackgen/app/config.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <map>
#include <regex>

#include "stackgen/core/error.h"

namespace stackgen::app {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// How a key is described in messages: what it takes, and a value that works.
struct KeySpec {
  std::string rule;
  std::string example;
};

[[noreturn]] void bad_value(const std::string& key, const json& value, const std::string& problem,
                            const KeySpec& spec) {
  throw core::Error(core::ErrorCategory::kUsage,
                    fmt::format("context \"{}\": {} {}; {} takes {}; set it like --context {}={}",
                                key, value.dump(), problem, key, spec.rule, key, spec.example));
}

// The key being parsed, so the small parsers below can name it.
struct Field {
  const std::string& key;
  const json& value;
  const KeySpec& spec;
  [[noreturn]] void fail(const std::string& problem) const { bad_value(key, value, problem, spec); }
};

std::string as_string(const Field& f) {
  if (!f.value.is_string()) f.fail("is not a string");
  return f.value.get<std::string>();
}

long long as_whole(const Field& f) {
  if (f.value.is_number_integer()) return f.value.get<long long>();
  if (f.value.is_number_unsigned()) f.fail("is out of range");
  if (!f.value.is_string()) f.fail("is not a whole number");
  const std::string& text = f.value.get_ref<const std::string&>();
  static const std::regex kWhole("-?[0-9]+");
  if (!std::regex_match(text, kWhole)) f.fail("is not a whole number");
  long long out = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec != std::errc() || end != text.data() + text.size()) f.fail("is out of range");
  return out;
}

int as_int_in(const Field& f, long long min, long long max) {
  long long n = as_whole(f);
  if (n < min || n > max) f.fail("is out of range");
  return static_cast<int>(n);
}

double as_positive_number(const Field& f) {
  double out = 0;
  if (f.value.is_number()) {
    out = f.value.get<double>();
  } else if (f.value.is_string()) {
    const std::string& text = f.value.get_ref<const std::string&>();
    static const std::regex kDecimal("-?[0-9]+(\\.[0-9]+)?");
    if (!std::regex_match(text, kDecimal)) f.fail("is not a number");
    // strtod, not stod: a value out of double's range is a bad input, not an exception.
    errno = 0;
    out = std::strtod(text.c_str(), nullptr);
    if (errno == ERANGE) f.fail("is out of range");
  } else {
    f.fail("is not a number");
  }
  if (!(out > 0) || !std::isfinite(out)) f.fail("is not above 0");
  return out;
}

bool as_bool(const Field& f) {
  if (f.value.is_boolean()) return f.value.get<bool>();
  if (f.value == "true") return true;
  if (f.value == "false") return false;
  f.fail("is not a boolean");
}

std::string matching(const Field& f, const std::regex& pattern, const char* problem) {
  std::string text = as_string(f);
  if (!std::regex_match(text, pattern)) f.fail(problem);
  return text;
}

std::string trimmed(const std::string& text) {
  std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

std::vector<std::string> as_principals(const Field& f) {
  // A JSON array, a string holding one, or a comma-separated string.
  json list = f.value;
  if (list.is_string()) {
    std::string text = trimmed(list.get<std::string>());
    if (!text.empty() && text.front() == '[') {
      list = json::parse(text, nullptr, false);
      if (list.is_discarded()) f.fail("is not a valid JSON array");
    } else {
      list = json::array();
      std::size_t start = 0;
      while (start <= text.size() && !text.empty()) {
        std::size_t comma = std::min(text.find(',', start), text.size());
        list.push_back(trimmed(text.substr(start, comma - start)));
        start = comma + 1;
      }
    }
  }
  if (!list.is_array()) f.fail("is not a list");
  static const std::regex kPrincipal(
      "arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:(root|(user|role)/([A-Za-z0-9+=,.@_-]+/)*"
      "[A-Za-z0-9+=,.@_-]+)");
  std::vector<std::string> out;
  for (const json& item : list) {
    if (!item.is_string() || !std::regex_match(item.get<std::string>(), kPrincipal)) {
      bad_value(f.key, item, "is not an IAM user, role or account root ARN", f.spec);
    }
    if (std::find(out.begin(), out.end(), item.get<std::string>()) == out.end()) {
      out.push_back(item.get<std::string>());
    }
  }
  return out;
}

std::string retention_rule() {
  std::string days;
  for (int d : aws::kLogRetentionDays) days += fmt::format("{}{}", days.empty() ? "" : ", ", d);
  return "a CloudWatch Logs retention in days, one of " + days;
}

const std::regex kLowerName("[a-z0-9][a-z0-9-]*");
const std::regex kRegion("[a-z]{2}(-gov)?-[a-z]+-[0-9]");
const std::regex kBucket("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
const std::regex kStage("\\$default|[A-Za-z0-9_-]{1,128}");

const std::map<std::string, KeySpec>& key_specs() {
  static const std::map<std::string, KeySpec> specs = [] {
    std::map<std::string, KeySpec> m;
    m["app_name"] = {"1 to 32 lowercase letters, digits and \"-\", not starting with \"-\"",
                     "serverless-api"};
    m["architecture"] = {"\"x86_64\" or \"arm64\"", "arm64"};
    m["backend_bucket"] = {
        "an S3 bucket name: 3 to 63 lowercase letters, digits, \".\" and \"-\", starting and ending with a letter or digit",
        "my-terraform-state"};
    m["backend_key"] = {"the state object's key: 1 to 1024 characters, not starting with \"/\"",
                        "serverless-api/prod/terraform.tfstate"};
    m["backend_region"] = {"the state bucket's AWS region, like us-east-1", "us-east-1"};
    m["backend_use_lockfile"] = {"true or false", "true"};
    m["environment"] = {"1 to 16 lowercase letters, digits and \"-\", not starting with \"-\"",
                        "prod"};
    m["handler_dir"] = {"the folder holding handler.py, relative to the working folder",
                        "lambda/src"};
    m["invoker_principals"] = {
        "IAM ARNs trusted to call the API (arn:aws:iam::<12-digit account>:role/<name>, :user/<name> or :root), as a JSON array or comma-separated",
        "arn:aws:iam::123456789012:role/caller"};
    m["log_level"] = {"DEBUG, INFO, WARNING, ERROR or CRITICAL", "INFO"};
    m["log_retention_days"] = {retention_rule(), "30"};
    m["memory_size"] = {"the Lambda memory in MB, a whole number from 128 to 10240", "256"};
    m["recovery_window_days"] = {"0 (delete at once) or a whole number of days from 7 to 30", "7"};
    m["region"] = {"an AWS region name like us-east-1 (pattern [a-z]{2}(-gov)?-[a-z]+-[0-9])",
                   "us-east-1"};
    m["reserved_concurrency"] = {
        "the function's reserved concurrency, a whole number of 0 or more (null: none)", "10"};
    m["secret_version"] = {"a whole number of 0 or more (0: no initial value, set it later)", "1"};
    m["stage_name"] = {"\"$default\" or 1 to 128 letters, digits, \"-\" and \"_\"", "$default"};
    m["throttling_burst_limit"] = {"a whole number of requests of 1 or more", "100"};
    m["throttling_rate_limit"] = {"a number of requests per second above 0", "50"};
    m["timeout"] = {"the Lambda timeout in seconds, a whole number from 1 to 900", "10"};
    m["tracing"] = {"true or false", "true"};
    return m;
  }();
  return specs;
}

void apply(const std::string& key, const Field& f, ServerlessApiConfig& c) {
  if (key == "app_name") {
    c.app_name = matching(f, kLowerName, "is not a valid name");
    if (c.app_name.size() > 32) f.fail("is too long");
  } else if (key == "architecture") {
    std::string text = as_string(f);
    if (text != "x86_64" && text != "arm64") f.fail("is not an architecture");
    c.architecture = text == "arm64" ? aws::Architecture::kArm64 : aws::Architecture::kX86_64;
  } else if (key == "backend_bucket") {
    c.backend_bucket = matching(f, kBucket, "is not a valid bucket name");
  } else if (key == "backend_key") {
    c.backend_key = as_string(f);
    if (c.backend_key.empty() || c.backend_key.size() > 1024 || c.backend_key.front() == '/') {
      f.fail("is not a valid key");
    }
  } else if (key == "backend_region") {
    c.backend_region = matching(f, kRegion, "is not a region name");
  } else if (key == "backend_use_lockfile") {
    c.backend_use_lockfile = as_bool(f);
  } else if (key == "environment") {
    c.environment = matching(f, kLowerName, "is not a valid name");
    if (c.environment.size() > 16) f.fail("is too long");
  } else if (key == "handler_dir") {
    std::string text = as_string(f);
    if (text.empty()) f.fail("is empty");
    c.handler_dir = text;
  } else if (key == "invoker_principals") {
    c.invoker_principals = as_principals(f);
  } else if (key == "log_level") {
    std::string text = as_string(f);
    static const char* kLevels[] = {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"};
    if (std::find(std::begin(kLevels), std::end(kLevels), text) == std::end(kLevels)) {
      f.fail("is not a log level");
    }
    c.log_level = text;
  } else if (key == "log_retention_days") {
    int days = as_int_in(f, 1, 3653);
    if (!aws::is_log_retention(days)) f.fail("is not an allowed retention");
    c.log_retention_days = days;
  } else if (key == "memory_size") {
    c.memory_size = as_int_in(f, 128, 10240);
  } else if (key == "recovery_window_days") {
    c.recovery_window_days = as_int_in(f, 0, 30);
    if (c.recovery_window_days > 0 && c.recovery_window_days < 7) f.fail("is out of range");
  } else if (key == "region") {
    c.region = matching(f, kRegion, "is not a region name");
  } else if (key == "reserved_concurrency") {
    c.reserved_concurrency =
        f.value.is_null() ? std::nullopt : std::optional<int>(as_int_in(f, 0, 1'000'000'000));
  } else if (key == "secret_version") {
    c.secret_version = as_int_in(f, 0, 1'000'000'000);
  } else if (key == "stage_name") {
    c.stage_name = matching(f, kStage, "is not a stage name");
  } else if (key == "throttling_burst_limit") {
    c.throttling_burst_limit = as_int_in(f, 1, 1'000'000'000);
  } else if (key == "throttling_rate_limit") {
    c.throttling_rate_limit = as_positive_number(f);
  } else if (key == "timeout") {
    c.timeout = as_int_in(f, 1, 900);
  } else if (key == "tracing") {
    c.tracing = as_bool(f);
  }
}

}  // namespace

const std::vector<std::string>& known_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> out;
    for (const auto& [key, spec] : key_specs()) out.push_back(key);
    return out;
  }();
  return keys;
}

ServerlessApiConfig parse_config(const json& context) {
  if (!context.is_object()) {
    throw core::Error(core::ErrorCategory::kUsage,
                      fmt::format("context: {} is not a JSON object; write the context as "
                                  "{{\"key\": value, ...}}",
                                  context.dump()));
  }
  // Unknown keys first: a misspelt key would otherwise be silently ignored.
  std::vector<std::string> unknown;
  for (const auto& [key, value] : context.items()) {
    if (key_specs().count(key) == 0) unknown.push_back(key);
  }
  if (!unknown.empty()) {
    std::string names, known;
    for (const std::string& k : unknown)
      names += fmt::format("{}\"{}\"", names.empty() ? "" : ", ", k);
    for (const std::string& k : known_keys())
      known += fmt::format("{}{}", known.empty() ? "" : ", ", k);
    throw core::Error(core::ErrorCategory::kUsage,
                      fmt::format("context {} {}: unknown; known keys: {}; {}",
                                  unknown.size() == 1 ? "key" : "keys", names, known,
                                  unknown.size() == 1 ? "remove it or fix its spelling"
                                                      : "remove them or fix their spelling"));
  }

  // Each key in sorted order (nlohmann keeps object keys sorted).
  ServerlessApiConfig config;
  for (const auto& [key, value] : context.items()) {
    apply(key, Field{key, value, key_specs().at(key)}, config);
  }

  // Keys that only mean something together, and defaults derived from others.
  for (const char* key : {"backend_key", "backend_region", "backend_use_lockfile"}) {
    if (config.backend_bucket || !context.contains(key)) continue;
    throw core::Error(core::ErrorCategory::kUsage,
                      fmt::format("context \"{}\": set without backend_bucket; the S3 backend is "
                                  "used only when backend_bucket is set; set backend_bucket too "
                                  "or remove {}",
                                  key, key));
  }
  if (config.backend_key.empty()) {
    config.backend_key = config.app_name + "/" + config.environment + "/terraform.tfstate";
  }
  if (config.backend_region.empty()) config.backend_region = config.region;

  std::error_code ec;
  fs::path resolved = fs::absolute(config.handler_dir, ec).lexically_normal();
  if (ec || !fs::is_directory(resolved, ec)) {
    const KeySpec& spec = key_specs().at("handler_dir");
    bad_value("handler_dir", config.handler_dir.string(),
              fmt::format("is not a folder (resolved to \"{}\")", resolved.string()), spec);
  }
  config.handler_dir = resolved;
  return config;
}

ServerlessApiConfig from_context(const core::Construct& app) {
  // Every key set on the app is checked, so a misspelt key is an error, not a silent default.
  return parse_config(app.context());
}

}  // namespace stackgen::app
