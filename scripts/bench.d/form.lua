-- POST /f/sipas as a browser submits the page: url-encoded fields, the CSRF cookie and token the
-- page gave ($BENCH_COOKIE, $BENCH_CSRF), a new submission id each time, for unit $BENCH_UNIT.
local common = dofile(os.getenv("BENCH_LIB") .. "/common.lua")
setup, done = common.setup, common.done
local questions = { "a1", "a2", "a3", "a4", "p1", "p2", "p3", "p4", "p5", "c1", "c2", "c3", "c4", "c5", "c6",
  "r1", "r2", "r3", "f1", "f2", "f3", "f4", "overall" }
local headers = {
  ["Content-Type"] = "application/x-www-form-urlencoded",
  ["Cookie"] = os.getenv("BENCH_COOKIE"),
  ["Accept-Language"] = "vi",
}
local fixed = "csrf=" .. os.getenv("BENCH_CSRF") .. "&lang=vi&website=&unit=" .. os.getenv("BENCH_UNIT")
  .. "&age_band=40_59&comment=C%C3%A1n+b%E1%BB%99+nhi%E1%BB%87t+t%C3%ACnh"

function init(args) common.init() end
function response(status, headers, body) common.response(status) end

function request()
  local fields = { fixed, "sid=" .. common.uuid() }
  for _, q in ipairs(questions) do
    local value = math.random(1, 5)
    if math.random() < 0.8 then value = math.random(4, 5) end
    table.insert(fields, q .. "=" .. value)
  end
  return wrk.format("POST", "/f/sipas", headers, table.concat(fields, "&"))
end
