-- Every request carries a unique parameter, so none is answered from the page cache:
-- this measures what a search costs the first time anyone makes it.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")

local counter = 0
request = function()
  counter = counter + 1
  local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. sep .. "u=" .. counter .. "-" .. math.random(1e9))
end
