-- A different project on each request, so the page cache never answers: what a project's
-- page costs the first time anyone opens it. wrk gives each thread its own Lua state, so
-- setup() numbers the threads and thread n takes the ids first+n-1, first+n-1+threads, …
-- (no two requests alike across threads). Arguments after "--": the first id, the number
-- of ids, the number of threads (wrk -t). The synthetic projects' slugs are projekt-<id>.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

local first, count, step, sent
function init(args)
  first, count, step = tonumber(args[1]), tonumber(args[2]), tonumber(args[3])
  sent = 0
end

request = function()
  local pid = first + ((thread_number - 1 + sent * step) % count)
  sent = sent + 1
  return wrk.format(nil, "/projekt/" .. pid .. "-projekt-" .. pid .. "/")
end
