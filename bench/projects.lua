-- A different project on each request, so the page cache never answers: what a project's
-- page costs the first time anyone opens it. wrk gives each thread its own Lua state, so
-- setup() numbers the threads and thread n takes the ids first+n-1, first+n-1+threads, …
-- (no two requests alike across threads). Arguments after "--": the first id, the number
-- of ids, the number of threads (wrk -t), and where in the ids to begin (an offset, so that
-- runs do not repeat each other's pages; past the last id it wraps to the first, never to
-- an id that does not exist). The synthetic projects' slugs are projekt-<id>.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

local first, count, step, offset, sent
function init(args)
  first, count, step = tonumber(args[1]), tonumber(args[2]), tonumber(args[3])
  offset = tonumber(args[4] or "0")
  sent = 0
end

request = function()
  local pid = first + ((offset + thread_number - 1 + sent * step) % count)
  sent = sent + 1
  return wrk.format(nil, "/projekt/" .. pid .. "-projekt-" .. pid .. "/")
end
