-- wrk reporter: one JSON line with the percentiles wrk's own summary leaves out (p95), and
-- the mean, by which bench/run.py checks the percentiles against the run's length.
done = function(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format(
    'JSON {"p50": %.2f, "p95": %.2f, "p99": %.2f, "mean": %.3f, "rps": %.1f, "errors": %d, '
    .. '"requests": %d}\n',
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.mean / 1000,
    summary.requests / (summary.duration / 1e6), errors, summary.requests))
end
