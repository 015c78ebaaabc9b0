-- The authenticated read: GET /api/v1/sites with an API token (one token lookup and one
-- page of sites per request, both read transactions). The request is pre-built.
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer " .. assert(os.getenv("KINSHIP_TOKEN"), "KINSHIP_TOKEN is not set")
