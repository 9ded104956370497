-- POST /api/v1/responses: a realistic SIPAS answer sheet (every scale question, a choice, a
-- comment in Vietnamese), each with a new client id, for a unit given as $BENCH_UNIT.
local common = dofile(os.getenv("BENCH_LIB") .. "/common.lua")
setup, done = common.setup, common.done
local questions = { "a1", "a2", "a3", "a4", "p1", "p2", "p3", "p4", "p5", "c1", "c2", "c3", "c4", "c5", "c6",
  "r1", "r2", "r3", "f1", "f2", "f3", "f4", "overall" }
local unit = os.getenv("BENCH_UNIT")
local headers = { ["Content-Type"] = "application/json" }

function init(args) common.init() end
function response(status, headers, body) common.response(status) end

function request()
  local answers = {}
  for _, q in ipairs(questions) do
    -- Mostly satisfied, as in the province's surveys: 4 or 5 four times in five.
    local value = math.random(1, 5)
    if math.random() < 0.8 then value = math.random(4, 5) end
    table.insert(answers, string.format('"%s": %d', q, value))
  end
  table.insert(answers, '"age_band": "40_59"')
  table.insert(answers, '"comment": "Cán bộ tiếp nhận hồ sơ nhiệt tình, hướng dẫn rõ ràng."')
  local body = string.format(
    '{"id": "%s", "form": "sipas", "language": "vi", "channel": "web", "unit": "%s", "answers": {%s}}',
    common.uuid(), unit, table.concat(answers, ", "))
  return wrk.format("POST", "/api/v1/responses", headers, body)
end
