// The only translation unit that includes Boost.Beast and Asio.
#include <utility>  // Boost 1.74's awaitable.hpp needs std::exchange declared first

#include "http/server.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <array>
#include <atomic>
#include <set>
#include <thread>

#include "core/log.h"

namespace kinship::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

struct Connection {
  beast::tcp_stream* stream = nullptr;
  bool busy = false;
};

Request ToRequest(bhttp::request<bhttp::string_body>& in, const std::string& remote) {
  Request r;
  r.method = std::string(in.method_string());
  r.target = std::string(in.target());
  for (const auto& field : in) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto [it, inserted] = r.headers.emplace(name, std::string(field.value()));
    if (!inserted) it->second += ", " + std::string(field.value());
  }
  r.body = std::move(in.body());
  r.remote_address = remote;
  return r;
}

bhttp::response<bhttp::string_body> ToBeast(Response&& res, unsigned version, bool keep_alive) {
  bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), version};
  out.set(bhttp::field::server, "kinship");
  if (!res.content_type.empty()) out.set(bhttp::field::content_type, res.content_type);
  for (auto& [name, value] : res.headers) out.insert(name, value);
  out.body() = std::move(res.body);
  out.keep_alive(keep_alive && !res.close);
  out.prepare_payload();
  return out;
}

}  // namespace

struct Server::Impl {
  // Most of a refused request that is read (and dropped) before its connection is closed.
  static constexpr size_t kMaxLingerBytes = 16 * 1024 * 1024;
  ServerOptions options;
  Handler handler;
  asio::io_context ioc{1};
  asio::thread_pool pool;
  tcp::acceptor acceptor{ioc};
  asio::signal_set signals{ioc};
  asio::steady_timer grace_timer{ioc};
  std::set<Connection*> connections;  // touched only on the I/O thread
  std::atomic<bool> stopping{false};
  int bound_port = 0;

  Impl(ServerOptions o, Handler h)
      : options(std::move(o)), handler(std::move(h)), pool(static_cast<size_t>(std::max(1, options.worker_threads))) {}

  asio::awaitable<Response> Dispatch(Request& req) {
    // Hop to the worker pool for the handler, then back to the I/O thread.
    co_return co_await asio::co_spawn(
        pool.get_executor(),
        [this, &req]() -> asio::awaitable<Response> { co_return handler(req); },
        asio::use_awaitable);
  }

  asio::awaitable<void> Session(tcp::socket socket) {
    socket.set_option(tcp::no_delay(true));
    beast::error_code ec;
    const auto endpoint = socket.remote_endpoint(ec);
    const std::string remote = ec ? std::string() : endpoint.address().to_string();
    beast::tcp_stream stream(std::move(socket));
    Connection conn{&stream, false};
    connections.insert(&conn);
    beast::flat_buffer buffer;
    bool linger = false;  // an error answer sent before the whole request was read
    try {
      while (!stopping) {
        bhttp::request_parser<bhttp::string_body> parser;
        parser.body_limit(options.max_body_bytes);
        parser.header_limit(16 * 1024);
        stream.expires_after(options.read_timeout);
        beast::error_code read_ec;
        co_await bhttp::async_read(stream, buffer, parser,
                                   asio::redirect_error(asio::use_awaitable, read_ec));
        if (read_ec) {
          Request bad;
          bad.method = "GET";
          bad.target = "/";
          bad.remote_address = remote;
          if (read_ec == bhttp::error::body_limit) {
            bad.transport_error = 413;
            bad.transport_detail = "The request body is larger than the limit of " +
                                   std::to_string(options.max_body_bytes) + " bytes.";
          } else if (read_ec == bhttp::error::header_limit) {
            bad.transport_error = 431;
            bad.transport_detail = "The request headers are larger than 16 KiB.";
          } else if (&read_ec.category() == &bhttp::make_error_code(bhttp::error::end_of_stream).category() &&
                     read_ec != bhttp::error::end_of_stream) {
            bad.transport_error = 400;
            bad.transport_detail = "Malformed HTTP request: " + read_ec.message() + ".";
          } else {
            break;  // closed, timed out or cancelled: nothing to answer
          }
          conn.busy = true;
          Response err = co_await Dispatch(bad);
          auto out = ToBeast(std::move(err), 11, false);
          stream.expires_after(std::chrono::seconds(5));
          co_await bhttp::async_write(stream, out, asio::redirect_error(asio::use_awaitable, read_ec));
          linger = true;
          break;
        }
        conn.busy = true;
        auto& raw = parser.get();
        const unsigned version = raw.version();
        const bool keep_alive = raw.keep_alive();
        Request req = ToRequest(raw, remote);
        Response res = co_await Dispatch(req);
        auto out = ToBeast(std::move(res), version, keep_alive && !stopping);
        const bool close = !out.keep_alive();
        stream.expires_after(options.read_timeout);
        co_await bhttp::async_write(stream, out, asio::use_awaitable);
        conn.busy = false;
        if (close) break;
      }
    } catch (const std::exception& e) {
      if (!stopping) log::Debug("http: connection ended", {{"reason", e.what()}});
    }
    connections.erase(&conn);
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    if (linger) {
      // The client may still be sending the request we refused (a body over the limit).
      // Closing with its bytes unread would reset the connection, and a reset can destroy our
      // answer before the client reads it: read and drop what comes for a moment first.
      std::array<char, 64 * 1024> sink;
      size_t drained = 0;
      stream.expires_after(std::chrono::seconds(2));
      while (drained < kMaxLingerBytes) {
        beast::error_code ec;
        drained += co_await stream.async_read_some(asio::buffer(sink), asio::redirect_error(asio::use_awaitable, ec));
        if (ec) break;
      }
    }
    stream.socket().close(ignored);
    MaybeFinish();
  }

  asio::awaitable<void> Accept() {
    while (!stopping) {
      beast::error_code ec;
      tcp::socket socket = co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        if (stopping) break;
        log::Warn("http: accept failed", {{"error", ec.message()}});
        continue;
      }
      asio::co_spawn(ioc, Session(std::move(socket)), asio::detached);
    }
    co_return;
  }

  // On the I/O thread: stop accepting and close connections that wait for a request.
  void BeginShutdown() {
    if (stopping.exchange(true)) return;
    log::Info("http: shutting down; finishing in-flight requests", {{"connections", connections.size()}});
    signals.cancel();
    beast::error_code ignored;
    acceptor.close(ignored);
    for (Connection* c : connections) {
      if (!c->busy) c->stream->socket().cancel(ignored);
    }
    grace_timer.expires_after(options.shutdown_grace);
    grace_timer.async_wait([this](beast::error_code ec) {
      if (!ec) {
        log::Warn("http: shutdown grace period over; closing remaining connections", {});
        ioc.stop();
      }
    });
    MaybeFinish();
  }

  void MaybeFinish() {
    if (stopping && connections.empty()) grace_timer.cancel();
  }
};

Server::Server(ServerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

Server::~Server() {
  impl_->pool.join();
}

Status Server::Bind() {
  beast::error_code ec;
  const auto address = asio::ip::make_address(impl_->options.host, ec);
  if (ec) return InvalidArgument("http: '" + impl_->options.host + "' is not an IP address");
  tcp::endpoint endpoint(address, static_cast<unsigned short>(impl_->options.port));
  auto& acc = impl_->acceptor;
  acc.open(endpoint.protocol(), ec);
  if (!ec) acc.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acc.bind(endpoint, ec);
  if (!ec) acc.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Unavailable("http: unable to listen on " + impl_->options.host + ":" +
                       std::to_string(impl_->options.port) + ": " + ec.message());
  }
  impl_->bound_port = acc.local_endpoint().port();
  return Status::Ok();
}

int Server::port() const { return impl_->bound_port; }

void Server::Run() {
  auto& impl = *impl_;
  if (impl.options.handle_signals) {
    impl.signals.add(SIGTERM);
    impl.signals.add(SIGINT);
    impl.signals.async_wait([&impl](beast::error_code ec, int) {
      if (!ec) impl.BeginShutdown();
    });
  }
  asio::co_spawn(impl.ioc, impl.Accept(), asio::detached);
  impl.ioc.run();
  impl.pool.join();
}

void Server::Shutdown() {
  asio::post(impl_->ioc, [this] { impl_->BeginShutdown(); });
}

}  // namespace kinship::http
