-- The write: POST /api/v1/sites with a new, unique site name on every request (run tag +
-- wrk thread + counter + random), so no request fails on the sites_name unique index.
-- Bearer token auth, so no CSRF header is needed.
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. assert(os.getenv("KINSHIP_TOKEN"), "KINSHIP_TOKEN is not set")
wrk.headers["Content-Type"] = "application/json"

local tag = os.getenv("BENCH_TAG") or "run"
local thread_count = 0
function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_id", thread_count)
end

local counter = 0
function init(args)
  math.randomseed(os.time() * 1000 + (thread_id or 0))
end

function request()
  counter = counter + 1
  local body = string.format('{"name":"bench-%s-%d-%d-%06x","kind":"fixed"}',
                             tag, thread_id or 0, counter, math.random(0, 0xffffff))
  return wrk.format(nil, nil, nil, body)
end
