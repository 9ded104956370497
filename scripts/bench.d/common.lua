-- Shared by the wrk scripts of scripts/bench: unique client ids, a count of 5xx answers, and a
-- JSON summary written to $BENCH_OUT when wrk is done (wrk's own text is for people).
local common = {}
local threads = {}

-- setup runs in wrk's main Lua state, once per thread: number the threads.
function common.setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
  thread:set("server_errors", 0)
end

-- init runs in each thread's own state: seed its generator differently.
function common.init()
  math.randomseed(os.time() * 1000 + tid)
  counter = 0
end

-- A version-4 UUID, unique across threads and runs: random bits, the thread and a counter.
function common.uuid()
  counter = counter + 1
  return string.format("%04x%04x-%04x-4%03x-%04x-%04x%08x",
    math.random(0, 0xffff), math.random(0, 0xffff), tid % 0x10000, math.random(0, 0xfff),
    0x8000 + math.random(0, 0x3fff), math.random(0, 0xffff), counter)
end

function common.response(status)
  if status >= 500 then server_errors = server_errors + 1 end
end

function common.done(summary, latency, requests)
  local server = 0
  for _, thread in ipairs(threads) do server = server + thread:get("server_errors") end
  local seconds = summary.duration / 1e6
  local out = assert(io.open(os.getenv("BENCH_OUT"), "w"))
  out:write(string.format(
    '{"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,'
      .. '"errors_connect":%d,"errors_read":%d,"errors_write":%d,"errors_timeout":%d,'
      .. '"status_4xx_5xx":%d,"status_5xx":%d}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, summary.errors.status, server))
  out:close()
end

return common
