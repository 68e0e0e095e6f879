-- wrk script for bench_load's bursts (bench/burst.py runs it): each connection loops with no think time over
-- meal-log writes, diary reads and food searches, as its own user. burst.py runs one connection per wrk thread
-- (-t = -c), so a thread's response() always answers the request() it made last: that is how each answer is
-- told apart by kind, timed by kind, and a 201's meal-log ids are tied to the user who wrote them.
-- BURST_DATA names a Lua file that returns {accounts = {{user_id, authorization}}, foods, days, searches};
-- Each thread writes what it saw to BURST_OUT.<thread>, done() wrk's totals to BURST_OUT (read by burst.py).

local ffi = require("ffi")  -- wrk embeds LuaJIT; its Lua has no sub-second clock of its own
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } burst_timespec;
int clock_gettime(int clock_id, burst_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local clock = ffi.new("burst_timespec")
local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end

local data = dofile(os.getenv("BURST_DATA"))
-- The same sequence as the Python generator it replaced: 40% writes, 40% diary reads, 20% searches.
local KINDS = { "write", "diary", "write", "search", "diary" }
local SLOTS = { "breakfast", "lunch", "dinner", "snack" }

-- The main Lua state numbers the threads.
local threads = 0

function setup(thread)
  thread:set("index", threads)
  threads = threads + 1
end

-- Each thread's own state. It writes one line per answer to its own file (BURST_OUT.<index>): wrk's
-- thread:get cannot copy nested tables out to done(). Buffered; the files are flushed when wrk exits.
local account, sequence, pending, started, out

function init(args)
  account = data.accounts[index % #data.accounts + 1]
  sequence = index
  out = assert(io.open(os.getenv("BURST_OUT") .. "." .. index, "w"))
end

function request()
  sequence = sequence + 1
  pending = KINDS[sequence % 5 + 1]
  local signed_in = { Authorization = account.authorization }
  local day = data.days[sequence % #data.days + 1]
  local text
  if pending == "write" then
    signed_in["Content-Type"] = "application/json"
    local body = string.format(
      '{"date": "%s", "slot": "%s", "food_id": %d, "grams": %d}',
      day, SLOTS[sequence % 4 + 1], data.foods[sequence % #data.foods + 1], 50 + sequence % 300
    )
    text = wrk.format("POST", "/api/meal-logs", signed_in, body)
  elseif pending == "diary" then
    text = wrk.format("GET", "/api/diary/" .. day, signed_in)
  else
    local path = "/api/foods?limit=20&q=" .. data.searches[sequence % #data.searches + 1]
    text = wrk.format("GET", path, sequence % 2 == 1 and signed_in or {}) -- half of them anonymous
  end
  started = now_ms()
  return text
end

function response(status, headers, body)
  -- "answer <kind> <status> <ms>"; a 503 without Retry-After is marked, as the server's contract says it has one.
  local marked = status == 503 and not (headers["retry-after"] or headers["Retry-After"]) and " no-retry-after" or ""
  out:write(string.format("answer %s %d %.3f%s\n", pending, status, now_ms() - started, marked))
  if pending == "write" and status == 201 then
    -- {"items": [{"id": 12, ...}]}: each logged item's own id comes first in its object.
    for id in body:gmatch('{%s*"id"%s*:%s*(%d+)') do
      out:write(string.format("ack %s %d\n", id, account.user_id))
    end
  end
end

function done(summary, latency, requests)
  local file = assert(io.open(os.getenv("BURST_OUT"), "w"))
  local errors = summary.errors
  file:write(string.format("requests %d\n", summary.requests))
  file:write(string.format(
    "errors %d %d %d %d %d\n", errors.connect, errors.read, errors.write, errors.timeout, errors.status
  ))
  for _, p in ipairs({ 50, 95, 99 }) do
    file:write(string.format("wrk_p %d %.3f\n", p, latency:percentile(p) / 1000))
  end
  file:close()
end
