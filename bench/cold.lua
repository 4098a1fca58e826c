-- Every request carries a unique parameter, so none is answered from the page cache:
-- this measures what a search costs the first time anyone makes it.
local counter = 0
request = function()
  counter = counter + 1
  local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. sep .. "u=" .. counter .. "-" .. math.random(1e9))
end
-- wrk reporter: one JSON line with the percentiles wrk's own summary leaves out (p95).
done = function(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format(
    'JSON {"p50": %.2f, "p95": %.2f, "p99": %.2f, "rps": %.1f, "errors": %d, "requests": %d}\n',
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6), errors, summary.requests))
end
