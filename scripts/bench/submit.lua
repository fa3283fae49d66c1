-- wrk script for POST /report (see scripts/bench-submit).
-- Usage: wrk -s submit.lua URL -- FORM_FILE [TOKEN | fetch]
--   FORM_FILE: a urlencoded report form without token, idem and action.
--   TOKEN:     a form token sent with every request (the baseline ignores it).
--   fetch:     GET the form before each submission and send its token, as a
--              browser does (Canary: one form token makes at most one report).
-- Each submission gets a fresh random 32-hex `idem`, so each is a new report.
-- Prints one line "BENCH …" with totals: `redirects` and `rps` count the
-- submissions (POSTs answered 3xx); latency covers every request, GETs of
-- the form included. Any POST answered outside 3xx, or a form page without
-- a token, counts as an error.

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
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
  local f = assert(io.open(args[1], "rb"), "cannot read form file " .. tostring(args[1]))
  local form = f:read("*a"):gsub("%s+$", "")
  f:close()
  fetch = args[2] == "fetch"
  if args[2] and args[2] ~= "" and not fetch then
    form = form .. "&token=" .. args[2]
  end
  tokens = {}
  prefix = form .. "&action=submit&idem="
  headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }
  math.randomseed(seed() + id)
  redirects = 0
  bad = 0
  first_bad = ""
end

local function idem()
  return string.format("%08x%08x%08x%08x",
    math.random(0, 0xffffffff), math.random(0, 0xffffffff),
    math.random(0, 0xffffffff), math.random(0, 0xffffffff))
end

function request()
  if fetch then
    local token = table.remove(tokens)
    if not token then
      return wrk.format("GET", nil, nil, nil)
    end
    return wrk.format("POST", nil, headers, prefix .. idem() .. "&token=" .. token)
  end
  return wrk.format("POST", nil, headers, prefix .. idem())
end

function response(status, headers, body)
  if fetch and status == 200 then
    local token = body and body:match('name="token" value="([^"]*)"')
    if token then
      table.insert(tokens, token)
      return
    end
  end
  if status >= 300 and status < 400 then
    redirects = redirects + 1
  else
    bad = bad + 1
    if first_bad == "" then
      first_bad = tostring(status) .. " " .. string.sub(body or "", 1, 200):gsub("%s+", " ")
    end
  end
end

function done(summary, latency, requests)
  local total_redirects, total_bad, sample = 0, 0, ""
  for _, t in ipairs(threads) do
    total_redirects = total_redirects + t:get("redirects")
    total_bad = total_bad + t:get("bad")
    if sample == "" then sample = t:get("first_bad") end
  end
  local e = summary.errors
  local socket_errors = e.connect + e.read + e.write + e.timeout
  io.write(string.format(
    "BENCH requests=%d redirects=%d bad_status=%d socket_errors=%d rps=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    total_redirects + total_bad, total_redirects, total_bad, socket_errors,
    total_redirects / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  if sample ~= "" then
    io.write("BENCH_FIRST_BAD " .. sample .. "\n")
  end
end
