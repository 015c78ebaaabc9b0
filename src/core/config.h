// Configuration: one declarative table of options (name, environment variable, default,
// type, help, secret flag). Values come from command-line flags, which override the
// environment (KINSHIP_*), which overrides the optional config file (`name = value` lines),
// which overrides the defaults. Everything is validated once, at start; the Config object
// is then passed explicitly. Secrets are never printed.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace kinship {

enum class OptionType { kString, kInt, kBool };

struct OptionSpec {
  std::string_view name;  // also the flag: --name (with '_' as '-')
  std::string_view env;
  std::string_view default_value;
  OptionType type;
  std::string_view help;
  bool secret = false;
  int64_t min = 0;  // for kInt
  int64_t max = 0;
};

const std::vector<OptionSpec>& OptionTable();

class Config {
 public:
  // Resolves every option: flags (those set), then env, then the file (path from the
  // `config` option, if any), then defaults. Returns kInvalidArgument naming the option
  // and its source when a value is malformed.
  static Result<Config> Load(const std::map<std::string, std::string>& flags,
                             const std::map<std::string, std::string>& env);
  // The process environment's KINSHIP_* variables.
  static std::map<std::string, std::string> ProcessEnvironment();

  std::string String(std::string_view name) const;
  int64_t Int(std::string_view name) const;
  bool Bool(std::string_view name) const;
  // Where the key file is: the key_file option, or next to a SQLite database.
  std::string KeyFilePath() const;
  // "name = value (source)" lines, secrets shown as ***.
  std::string Describe() const;

 private:
  struct Entry {
    std::string value;
    std::string source;
  };
  std::map<std::string, Entry, std::less<>> values_;
};

}  // namespace kinship
