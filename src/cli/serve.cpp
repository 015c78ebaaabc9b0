#include <fstream>
#include <iostream>

#include "auth/throttle.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "core/log.h"
#include "http/app.h"
#include "http/server.h"

namespace kinship::cli {

namespace {

bool SplitListen(const std::string& listen, std::string* host, int* port) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) return false;
  *host = listen.substr(0, colon);
  if (host->size() > 2 && host->front() == '[' && host->back() == ']') *host = host->substr(1, host->size() - 2);
  try {
    size_t used = 0;
    *port = std::stoi(listen.substr(colon + 1), &used);
    return used == listen.size() - colon - 1 && *port >= 0 && *port <= 65535;
  } catch (...) {
    return false;
  }
}

}  // namespace

int Serve(const Config& config, bool announce) {
  Environment env;
  if (int rc = OpenEnvironment(config, true, false, &env); rc != 0) return rc;
  std::string host;
  int port = 0;
  if (!SplitListen(config.String("listen"), &host, &port)) {
    return Fail(kExitUsage, "--listen must be HOST:PORT, e.g. 127.0.0.1:8080");
  }
  auth::LoginThrottle throttle(static_cast<int>(config.Int("login_failures_per_account")),
                               static_cast<int>(config.Int("login_failures_per_address")),
                               std::chrono::minutes(config.Int("login_window_minutes")));
  http::Settings settings;
  settings.session_hours = static_cast<int>(config.Int("session_hours"));
  settings.secure_cookies = config.Bool("secure_cookies");
  settings.trust_proxy = config.Bool("trust_proxy");
  http::Services services{*env.db, *env.audit, throttle, settings, env.code_key};
  http::App app(services, config.String("ui_dir"));
  http::ServerOptions options;
  options.host = host;
  options.port = port;
  options.max_body_bytes = static_cast<size_t>(config.Int("max_body_bytes"));
  options.worker_threads = static_cast<int>(config.Int("workers"));
  http::Server server(options, [&app](http::Request& req) { return app.Handle(req); });
  if (Status s = server.Bind(); !s.ok()) return Fail(kExitFailure, s.message());
  const std::string port_file = config.String("port_file");
  if (!port_file.empty()) {
    std::ofstream(port_file + ".tmp") << server.port() << "\n";
    std::rename((port_file + ".tmp").c_str(), port_file.c_str());
  }
  if (announce) {
    std::cout << "\nServing on http://" << (host.find(':') != std::string::npos ? "[" + host + "]" : host) << ":"
              << server.port() << "  (Ctrl+C to stop)\n"
              << std::flush;
  }
  log::Info("serve: listening", {{"address", host}, {"port", server.port()}, {"db", env.db->Describe()},
                                 {"ui", config.String("ui_dir").empty() ? "embedded" : "directory"}});
  server.Run();
  env.db->Close();
  log::Info("serve: stopped");
  return kExitOk;
}

void AddServe(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand("serve", "Serve the API and the web app");
  static FlagValues flags;
  AddConfigFlags(cmd, {"config", "db", "key_file", "listen", "port_file", "ui_dir", "log_level", "max_body_bytes",
                       "workers", "db_pool", "session_hours", "secure_cookies", "trust_proxy",
                       "login_failures_per_account", "login_failures_per_address", "login_window_minutes"},
                 &flags);
  cmd->callback([exit_code] {
    auto config = LoadConfig(flags);
    *exit_code = config ? Serve(*config, false) : kExitUsage;
  });
}

}  // namespace kinship::cli
