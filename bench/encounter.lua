-- The daily-work write: POST /api/v1/encounters with an injection kit (its five items and
-- quantities), rotating over the program's sites; every other request names a participant
-- (rotating over BENCH_PARTICIPANTS), the others are anonymous; some bring used syringes
-- back. Bearer token auth. Environment (set by bench/encounters.sh): KINSHIP_TOKEN,
-- BENCH_SITES, BENCH_KIT, BENCH_ITEMS ("item_id:quantity,..."), BENCH_PARTICIPANTS.
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. assert(os.getenv("KINSHIP_TOKEN"), "KINSHIP_TOKEN is not set")
wrk.headers["Content-Type"] = "application/json"

local function split(s)
  local out = {}
  for part in string.gmatch(s or "", "[^,]+") do out[#out + 1] = part end
  return out
end

local sites = split(assert(os.getenv("BENCH_SITES"), "BENCH_SITES is not set"))
local participants = split(os.getenv("BENCH_PARTICIPANTS"))
local kit = assert(os.getenv("BENCH_KIT"), "BENCH_KIT is not set")
local lines = {}
for _, pair in ipairs(split(assert(os.getenv("BENCH_ITEMS"), "BENCH_ITEMS is not set"))) do
  local id, quantity = string.match(pair, "^([^:]+):(%d+)$")
  lines[#lines + 1] = string.format('{"item_id":"%s","quantity":%s}', id, quantity)
end
local items = "[" .. table.concat(lines, ",") .. "]"

local thread_count = 0
function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_id", thread_count)
end

local counter = 0
function init(args)
  math.randomseed(os.time() * 1000 + (thread_id or 0))
  counter = (thread_id or 0) * 7919
end

function request()
  counter = counter + 1
  local who = ""
  if #participants > 0 and counter % 2 == 0 then
    who = string.format(',"participant_id":"%s"', participants[math.floor(counter / 2) % #participants + 1])
  end
  local returned = ""
  if counter % 3 == 0 then returned = string.format(',"returned_syringes":%d', math.random(1, 20)) end
  local body = string.format('{"site_id":"%s","kit_id":"%s","items":%s%s%s}',
                             sites[counter % #sites + 1], kit, items, who, returned)
  return wrk.format(nil, nil, nil, body)
end
