// The HTTP server: Boost.Beast on one Asio I/O thread with C++20 coroutines. Idle
// keep-alive connections cost no thread; every handler (which may block on the database)
// runs on a worker pool, never on the I/O thread. SIGTERM/SIGINT stop accepting, let
// in-flight requests finish, then return from Run().
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "core/status.h"
#include "http/message.h"

namespace kinship::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                       // 0 picks a free port; see Server::port()
  size_t max_body_bytes = 1024 * 1024;   // larger bodies get 413
  std::chrono::seconds read_timeout{30};  // to receive a whole request, and idle keep-alive
  int worker_threads = 32;
  std::chrono::seconds shutdown_grace{20};
  bool handle_signals = true;
};

// Called on a worker thread for each request; must not throw (the app wrapper catches).
using Handler = std::function<Response(Request&)>;

class Server {
 public:
  Server(ServerOptions options, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the listening socket. Returns kUnavailable when the address cannot be bound.
  Status Bind();
  // The bound port (after Bind()).
  int port() const;
  // Serves until Shutdown() or a signal; blocks the calling thread.
  void Run();
  // Thread-safe: stop accepting, finish in-flight requests, close idle connections.
  void Shutdown();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kinship::http
