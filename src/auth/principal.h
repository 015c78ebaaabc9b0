// Who is making a request: the authenticated user, their role and the program they act on.
#pragma once

#include <string>

namespace kinship::auth {

struct Principal {
  std::string user_id;
  std::string username;
  std::string display_name;
  std::string role;             // peer, coordinator, admin, researcher, network
  std::string home_program_id;  // the program the user belongs to
  std::string program_id;       // the program acted on (differs only for network users)
  bool via_session = false;     // cookie session (needs CSRF) rather than an API token
  std::string session_hash;     // set for cookie sessions
  std::string csrf_token;       // set for cookie sessions
  std::string token_id;         // set for API tokens
  std::string token_last_used_at;
};

}  // namespace kinship::auth
