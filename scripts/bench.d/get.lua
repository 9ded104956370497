-- GET one path ($BENCH_PATH), with an Authorization header when $BENCH_TOKEN is set.
local common = dofile(os.getenv("BENCH_LIB") .. "/common.lua")
setup, done = common.setup, common.done
local headers = {}
if os.getenv("BENCH_TOKEN") then headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN") end
local path = os.getenv("BENCH_PATH")

function init(args) common.init() end
function response(status, headers, body) common.response(status) end
function request() return wrk.format("GET", path, headers) end
