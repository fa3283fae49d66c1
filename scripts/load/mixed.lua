-- wrk script for one stream of scripts/load-test: paced requests of one kind.
-- Usage: wrk -t1 -cC -s mixed.lua URL -- KIND RATE FORM_FILE COOKIE
--   KIND:  submit (GET /report, then POST /report with that form's token:
--          one form makes at most one report), queue (GET /review)
--   RATE:  requests per second for each wrk thread (load-test runs -t1); for
--          submit, form views and submissions together
--   FORM_FILE: the urlencoded report (submit only)
--   COOKIE: the reviewer's session cookie "name=value" (queue only)
-- wrk2 (rate-limited wrk) is not packaged in Debian, so pacing is done here:
-- each thread keeps its own schedule (one request every 1/RATE seconds
-- from its first request) and delay() holds each connection until its next
-- slot; a thread behind schedule sends at once to catch up. Latency is wrk's
-- own (send to response), so time spent waiting behind a slow request is not
-- counted (coordinated omission): compare the achieved rate with RATE.
-- Prints "LOAD kind=… requests=… ok=… bad_status=… socket_errors=… rps=…"
-- and "LOAD_PCT p=ms …" (the latency at many percentiles, for merging).

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } canary_timespec;
  int clock_gettime(int clk_id, canary_timespec *tp);
]]
local ts = ffi.new("canary_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local threads = {}
local nthreads = 0

function setup(thread)
  nthreads = nthreads + 1
  thread:set("id", nthreads)
  table.insert(threads, thread)
end

local function seed()
  local f = io.open("/dev/urandom", "rb")
  local bytes = f:read(6)
  f:close()
  local n = 0
  for i = 1, #bytes do
    n = n * 256 + bytes:byte(i)
  end
  return n
end

function init(args)
  kind = args[1]
  local rate = tonumber(args[2])
  interval = 1000.0 / rate
  if kind == "submit" then
    local f = assert(io.open(args[3], "rb"), "cannot read form file " .. tostring(args[3]))
    local form = f:read("*a"):gsub("%s+$", "")
    f:close()
    prefix = form .. "&action=submit&idem="
    headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }
    tokens = {}
    expect_lo, expect_hi = 300, 399
  elseif kind == "queue" then
    headers = { ["Cookie"] = args[4] }
    path = "/review"
    expect_lo, expect_hi = 200, 200
  else
    headers = {}
    path = "/report"
    expect_lo, expect_hi = 200, 200
  end
  math.randomseed(seed() + id)
  ok, bad, first_bad = 0, 0, ""
  sent = 0
  start = nil
end

function delay()
  local t = now_ms()
  if start == nil then
    start = t
  end
  sent = sent + 1
  local due = start + sent * interval
  return math.max(0, math.floor(due - t))
end

local function idem()
  return string.format("%08x%08x%08x%08x",
    math.random(0, 0xffffffff), math.random(0, 0xffffffff),
    math.random(0, 0xffffffff), math.random(0, 0xffffffff))
end

function request()
  if kind == "submit" then
    local token = table.remove(tokens)
    if not token then
      return wrk.format("GET", "/report")
    end
    return wrk.format("POST", "/report", headers, prefix .. idem() .. "&token=" .. token)
  end
  return wrk.format("GET", path, headers)
end

function response(status, headers, body)
  if kind == "submit" and status == 200 then
    local token = body and body:match('name="token" value="([^"]*)"')
    if token then
      table.insert(tokens, token)
      ok = ok + 1
      return
    end
  end
  if status >= expect_lo and status <= expect_hi then
    ok = ok + 1
  else
    bad = bad + 1
    if first_bad == "" then
      first_bad = tostring(status) .. " " .. string.sub(body or "", 1, 200):gsub("%s+", " ")
    end
  end
end

function done(summary, latency, requests)
  local total_ok, total_bad, sample, kind_name = 0, 0, "", "?"
  for _, t in ipairs(threads) do
    total_ok = total_ok + t:get("ok")
    total_bad = total_bad + t:get("bad")
    kind_name = t:get("kind")
    if sample == "" then sample = t:get("first_bad") end
  end
  local e = summary.errors
  local socket_errors = e.connect + e.read + e.write + e.timeout
  io.write(string.format(
    "LOAD kind=%s requests=%d ok=%d bad_status=%d socket_errors=%d rps=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    kind_name, summary.requests, total_ok, total_bad, socket_errors,
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  -- Quantiles for merging streams: 0.5 % steps to 99 %, 0.01 % steps above.
  local parts = {}
  local p = 0.25
  while p < 99 do
    table.insert(parts, string.format("%.2f=%.3f", p, latency:percentile(p) / 1000))
    p = p + 0.5
  end
  p = 99.005
  while p < 100 do
    table.insert(parts, string.format("%.3f=%.3f", p, latency:percentile(p) / 1000))
    p = p + 0.01
  end
  io.write("LOAD_PCT " .. table.concat(parts, " ") .. "\n")
  if sample ~= "" then
    io.write("LOAD_FIRST_BAD " .. sample .. "\n")
  end
end
