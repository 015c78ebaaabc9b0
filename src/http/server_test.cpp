// The real HTTP server on a free port, spoken to over plain sockets: keep-alive, limits,
// malformed requests, and graceful shutdown that lets an in-flight request finish.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "http/server.h"

namespace kinship::http {
namespace {

int Connect(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    return -1;
  }
  timeval tv{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  return fd;
}

void Send(int fd, const std::string& data) {
  size_t off = 0;
  while (off < data.size()) {
    const ssize_t n = ::send(fd, data.data() + off, data.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return;
    off += static_cast<size_t>(n);
  }
}

// Reads one response (headers + Content-Length body). Returns "" on close/timeout.
std::string ReadResponse(int fd) {
  std::string buf;
  char chunk[4096];
  for (;;) {
    const auto end = buf.find("\r\n\r\n");
    if (end != std::string::npos) {
      size_t len = 0;
      const auto cl = buf.find("Content-Length: ");
      if (cl != std::string::npos && cl < end) len = std::stoul(buf.substr(cl + 16));
      if (buf.size() >= end + 4 + len) return buf.substr(0, end + 4 + len);
    }
    const ssize_t n = ::recv(fd, chunk, sizeof(chunk), 0);
    if (n <= 0) return buf;
    buf.append(chunk, static_cast<size_t>(n));
  }
}

class ServerTest : public ::testing::Test {
 protected:
  void Start(Handler handler, size_t max_body = 1024) {
    ServerOptions o;
    o.port = 0;
    o.max_body_bytes = max_body;
    o.worker_threads = 4;
    o.handle_signals = false;
    o.shutdown_grace = std::chrono::seconds(10);
    server_ = std::make_unique<Server>(o, std::move(handler));
    ASSERT_TRUE(server_->Bind().ok());
    thread_ = std::thread([this] { server_->Run(); });
  }
  void TearDown() override {
    if (server_) server_->Shutdown();
    if (thread_.joinable()) thread_.join();
  }
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

Response Echo(Request& req) {
  Response r;
  if (req.transport_error != 0) {  // the app answers these with problem+json
    r.status = req.transport_error;
    r.content_type = "application/problem+json";
    r.body = req.transport_detail;
    return r;
  }
  r.content_type = "text/plain";
  r.body = req.method + " " + req.target + " " + std::to_string(req.body.size()) + " " + req.Header("x-test");
  return r;
}

TEST_F(ServerTest, ServesSeveralRequestsOnOneKeepAliveConnection) {
  Start(Echo);
  const int fd = Connect(server_->port());
  ASSERT_GE(fd, 0);
  for (int i = 0; i < 3; ++i) {
    Send(fd, "GET /x" + std::to_string(i) + " HTTP/1.1\r\nHost: t\r\nX-Test: v\r\n\r\n");
    const std::string res = ReadResponse(fd);
    EXPECT_NE(res.find("HTTP/1.1 200"), std::string::npos);
    EXPECT_NE(res.find("GET /x" + std::to_string(i) + " 0 v"), std::string::npos) << res;
  }
  ::close(fd);
}

TEST_F(ServerTest, OversizedBodyGets413) {
  Start(Echo, 1024);
  const int fd = Connect(server_->port());
  Send(fd, "POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\n" + std::string(5000, 'a'));
  const std::string res = ReadResponse(fd);
  EXPECT_NE(res.find("HTTP/1.1 413"), std::string::npos) << res;
  EXPECT_NE(res.find("application/problem+json"), std::string::npos);
  ::close(fd);
}

TEST_F(ServerTest, MalformedRequestGets400) {
  Start(Echo);
  const int fd = Connect(server_->port());
  Send(fd, "GARBAGE\r\n\r\n");
  EXPECT_NE(ReadResponse(fd).find("HTTP/1.1 400"), std::string::npos);
  ::close(fd);
}

TEST_F(ServerTest, HugeHeadersGet431) {
  Start(Echo);
  const int fd = Connect(server_->port());
  Send(fd, "GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n");
  EXPECT_NE(ReadResponse(fd).find("HTTP/1.1 431"), std::string::npos);
  ::close(fd);
}

TEST_F(ServerTest, ShutdownLetsInFlightRequestFinishAndClosesIdleConnections) {
  std::atomic<bool> entered{false};
  Start([&](Request& req) {
    if (req.target == "/slow") {
      entered = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    return Echo(req);
  });
  const int idle = Connect(server_->port());
  const int busy = Connect(server_->port());
  ASSERT_GE(idle, 0);
  Send(busy, "GET /slow HTTP/1.1\r\nHost: t\r\n\r\n");
  while (!entered) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  server_->Shutdown();
  const std::string res = ReadResponse(busy);
  EXPECT_NE(res.find("HTTP/1.1 200"), std::string::npos) << res;
  EXPECT_NE(res.find("Connection: close"), std::string::npos) << res;
  char c;
  EXPECT_EQ(::recv(idle, &c, 1, 0), 0);  // the idle connection was closed
  thread_.join();                        // Run() returned
  EXPECT_LT(Connect(server_->port()), 0);  // no longer accepting
  ::close(idle);
  ::close(busy);
}

TEST_F(ServerTest, ManyIdleConnectionsDoNotBlockOthers) {
  Start(Echo);
  std::vector<int> idle;
  for (int i = 0; i < 200; ++i) idle.push_back(Connect(server_->port()));
  const int fd = Connect(server_->port());
  Send(fd, "GET /ok HTTP/1.1\r\nHost: t\r\n\r\n");
  EXPECT_NE(ReadResponse(fd).find("HTTP/1.1 200"), std::string::npos);
  ::close(fd);
  for (int f : idle) ::close(f);
}

}  // namespace
}  // namespace kinship::http
