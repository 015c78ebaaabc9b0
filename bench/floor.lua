-- The HTTP floor: GET /healthz, which touches neither the database nor authentication.
-- wrk sends the same pre-built request on every connection.
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
wrk.method = "GET"
