-- wrk script of `make loadtest`: every connection walks the list of paths
-- given as the script's argument (one per line), each thread from another
-- start, and at the end one JSON line gives the figures to ops/loadtest.py.

local thread_count = 0

function setup(thread)
  thread:set("offset", thread_count)
  thread_count = thread_count + 1
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  index = (offset or 0) * 7
  -- What nginx adds in front of gunicorn: production settings want HTTPS.
  headers = {["Accept-Language"] = "fr", ["X-Forwarded-Proto"] = "https"}
end

function request()
  index = index + 1
  return wrk.format("GET", paths[(index % #paths) + 1], headers)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'LOADTEST_JSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"non_2xx_3xx": %d, "connect_errors": %d, "read_errors": %d, ' ..
    '"write_errors": %d, "timeouts": %d, "latency_us": {"mean": %.0f, ' ..
    '"max": %d, "p50": %d, "p90": %d, "p99": %d, "p99_9": %d}}\n',
    summary.requests, summary.duration, summary.bytes, errors.status,
    errors.connect, errors.read, errors.write, errors.timeout,
    latency.mean, latency.max, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency:percentile(99.9)))
end
