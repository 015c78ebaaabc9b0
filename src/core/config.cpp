#include "core/config.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <fstream>

extern char** environ;

namespace kinship {

const std::vector<OptionSpec>& OptionTable() {
  static const std::vector<OptionSpec> kOptions = {
      {"config", "KINSHIP_CONFIG", "", OptionType::kString, "Optional config file of `name = value` lines"},
      {"db", "KINSHIP_DB", "sqlite:kinship.db", OptionType::kString,
       "Database: sqlite:PATH or postgresql://user@host/db", true},
      {"key_file", "KINSHIP_KEY_FILE", "", OptionType::kString,
       "Master key file (default: the SQLite path + .key, else ./kinship.key)"},
      {"listen", "KINSHIP_LISTEN", "127.0.0.1:8080", OptionType::kString, "Address and port to serve on"},
      {"port_file", "KINSHIP_PORT_FILE", "", OptionType::kString, "Write the bound port to this file"},
      {"ui_dir", "KINSHIP_UI_DIR", "", OptionType::kString, "Serve the web app from this folder (development)"},
      {"log_level", "KINSHIP_LOG_LEVEL", "info", OptionType::kString, "debug, info, warn or error"},
      {"max_body_bytes", "KINSHIP_MAX_BODY_BYTES", "1048576", OptionType::kInt, "Largest request body", false,
       1024, 64 * 1024 * 1024},
      {"workers", "KINSHIP_WORKERS", "32", OptionType::kInt, "Worker threads for request handling", false, 1, 1024},
      {"db_pool", "KINSHIP_DB_POOL", "8", OptionType::kInt, "Database connections", false, 1, 256},
      {"session_hours", "KINSHIP_SESSION_HOURS", "12", OptionType::kInt, "Hours a login lasts", false, 1, 24 * 30},
      {"secure_cookies", "KINSHIP_SECURE_COOKIES", "false", OptionType::kBool,
       "Mark cookies Secure (set when served over HTTPS by a proxy)"},
      {"trust_proxy", "KINSHIP_TRUST_PROXY", "false", OptionType::kBool,
       "Trust X-Forwarded-For and X-Forwarded-Proto from a reverse proxy"},
      {"login_failures_per_account", "KINSHIP_LOGIN_FAILURES_PER_ACCOUNT", "10", OptionType::kInt,
       "Failed logins per account per window before a pause", false, 1, 100000},
      {"login_failures_per_address", "KINSHIP_LOGIN_FAILURES_PER_ADDRESS", "50", OptionType::kInt,
       "Failed logins per client address per window before a pause", false, 1, 1000000},
      {"login_window_minutes", "KINSHIP_LOGIN_WINDOW_MINUTES", "15", OptionType::kInt,
       "Length of the login throttling window", false, 1, 24 * 60},
  };
  return kOptions;
}

static const OptionSpec* FindSpec(std::string_view name) {
  for (const auto& s : OptionTable()) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

static Status Validate(const OptionSpec& spec, const std::string& value, const std::string& source) {
  const std::string where = "config: option " + std::string(spec.name) + " (from " + source + ")";
  if (spec.type == OptionType::kInt) {
    int64_t n = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || end != value.data() + value.size()) {
      return InvalidArgument(where + " must be a whole number");
    }
    if (n < spec.min || n > spec.max) {
      return InvalidArgument(where + " must be between " + std::to_string(spec.min) + " and " +
                             std::to_string(spec.max));
    }
  } else if (spec.type == OptionType::kBool) {
    if (value != "true" && value != "false" && value != "1" && value != "0") {
      return InvalidArgument(where + " must be true or false");
    }
  }
  if (spec.name == "log_level" && value != "debug" && value != "info" && value != "warn" && value != "error") {
    return InvalidArgument(where + " must be debug, info, warn or error");
  }
  return Status::Ok();
}

static Result<std::map<std::string, std::string>> ReadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return InvalidArgument("config: cannot read config file " + path);
  std::map<std::string, std::string> out;
  std::string line;
  int n = 0;
  const auto trim = [](std::string s) {
    s.erase(0, s.find_first_not_of(" \t\r"));
    s.erase(s.find_last_not_of(" \t\r") + 1);
    return s;
  };
  while (std::getline(in, line)) {
    ++n;
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    const auto eq = line.find('=');
    if (eq == std::string::npos) {
      return InvalidArgument("config: " + path + ":" + std::to_string(n) + ": expected `name = value`");
    }
    std::string name = trim(line.substr(0, eq));
    std::string value = trim(line.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    if (!FindSpec(name) || name == "config") {
      return InvalidArgument("config: " + path + ":" + std::to_string(n) + ": unknown option '" + name + "'");
    }
    out[name] = value;
  }
  return out;
}

std::map<std::string, std::string> Config::ProcessEnvironment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view kv(*e);
    if (kv.rfind("KINSHIP_", 0) != 0) continue;
    const auto eq = kv.find('=');
    if (eq != std::string_view::npos) env[std::string(kv.substr(0, eq))] = std::string(kv.substr(eq + 1));
  }
  return env;
}

Result<Config> Config::Load(const std::map<std::string, std::string>& flags,
                            const std::map<std::string, std::string>& env) {
  std::string file_path;
  if (auto it = flags.find("config"); it != flags.end()) file_path = it->second;
  else if (auto e = env.find("KINSHIP_CONFIG"); e != env.end()) file_path = e->second;
  std::map<std::string, std::string> file;
  if (!file_path.empty()) {
    KINSHIP_ASSIGN_OR_RETURN(file, ReadFile(file_path));
  }
  Config c;
  for (const auto& spec : OptionTable()) {
    const std::string name(spec.name);
    Entry e{std::string(spec.default_value), "default"};
    if (auto f = file.find(name); f != file.end()) e = {f->second, "file " + file_path};
    if (auto v = env.find(std::string(spec.env)); v != env.end()) e = {v->second, std::string(spec.env)};
    if (auto f = flags.find(name); f != flags.end()) {
      std::string flag = "--" + name;
      std::replace(flag.begin(), flag.end(), '_', '-');
      e = {f->second, flag};
    }
    KINSHIP_RETURN_IF_ERROR(Validate(spec, e.value, e.source));
    c.values_[name] = e;
  }
  return c;
}

std::string Config::String(std::string_view name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::string() : it->second.value;
}

int64_t Config::Int(std::string_view name) const { return std::atoll(String(name).c_str()); }

bool Config::Bool(std::string_view name) const {
  const std::string v = String(name);
  return v == "true" || v == "1";
}

std::string Config::KeyFilePath() const {
  const std::string explicit_path = String("key_file");
  if (!explicit_path.empty()) return explicit_path;
  const std::string db = String("db");
  if (db.rfind("sqlite:", 0) == 0) {
    std::string path = db.substr(7);
    if (path.rfind("//", 0) == 0) path = path.substr(2);
    return path + ".key";
  }
  return "kinship.key";
}

std::string Config::Describe() const {
  std::string out;
  for (const auto& spec : OptionTable()) {
    const auto& e = values_.at(std::string(spec.name));
    std::string shown = e.value;
    if (spec.secret && spec.name == "db") {
      // Show the database kind and place, not its credentials.
      const auto at = shown.find('@');
      if (at != std::string::npos) shown = shown.substr(0, shown.find("://") + 3) + "***" + shown.substr(at);
    } else if (spec.secret) {
      shown = "***";
    }
    if (shown.empty()) shown = "(not set)";
    out += std::string(spec.name) + " = " + shown + "  (" + e.source + ")\n";
  }
  return out;
}

}  // namespace kinship
