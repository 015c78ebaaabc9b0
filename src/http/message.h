// Kinship's own HTTP request and response types. Only http/server.cpp sees the HTTP
// library; every handler works with these plain structs.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kinship::http {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // as sent: path and query
  std::string path;    // decoded path without the query
  std::multimap<std::string, std::string> query;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string remote_address;
  bool tls = false;
  // Set by the server when the request could not be read (413, 431, 400): the pipeline
  // answers it like any other error, with a request id and the usual headers.
  int transport_error = 0;
  std::string transport_detail;

  // Returns the header's value, or "" when absent. name must be lower-case.
  std::string Header(std::string_view name) const;
  // Returns the first query parameter with that name, or "" when absent.
  std::string Query(std::string_view name) const;
  bool HasQuery(std::string_view name) const { return query.count(std::string(name)) > 0; }
  // Returns the named cookie's value, or "" when absent.
  std::string Cookie(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  bool close = false;  // close the connection after sending

  void SetHeader(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
};

// The client's address: the connection's peer, or, when trust_proxy is set (the server sits
// behind a reverse proxy), the last address the proxy appended to X-Forwarded-For.
std::string ClientAddress(const Request& req, bool trust_proxy);

// Decodes %XX escapes; returns false on a malformed escape or a decoded NUL byte.
bool PercentDecode(std::string_view in, std::string* out, bool plus_is_space);
// Splits target into path and query parameters. Returns false when it is malformed.
bool ParseTarget(std::string_view target, std::string* path,
                 std::multimap<std::string, std::string>* query);

}  // namespace kinship::http
