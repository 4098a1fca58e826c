-- Every request carries a unique parameter, so none is answered from the page cache:
-- this measures what a search costs the first time anyone makes it.
-- Unique across wrk's threads (each gets its own id in setup(), which runs in the main
-- state; a thread's globals are its own) and across runs (the run's start time), so that
-- no run repeats an address an earlier run left in the cache.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")

local threads = 0
local run = os.time()
setup = function(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
  thread:set("run", run)
end

local counter = 0
request = function()
  counter = counter + 1
  local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. sep .. "u=" .. run .. "-" .. thread_id .. "-" .. counter)
end
