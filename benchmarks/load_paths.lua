-- wrk script of bench_load.py: every connection walks a list of request paths (one per line in the file
-- given after `--`), each thread from its own offset, and done() prints one JSON line with the latency
-- percentiles (milliseconds), the request count and every kind of error (non-2xx answers included).

local paths = {}
local counter = 0
local threads = {}

local function read_paths(file_name)
  local list = {}
  for line in io.lines(file_name) do
    if line ~= "" then
      list[#list + 1] = line
    end
  end
  return list
end

function setup(thread)
  thread:set("offset", #threads * 7)
  threads[#threads + 1] = thread
end

function init(args)
  paths = read_paths(args[1])
  counter = offset or 0
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'KPI_LOAD_RESULT {"requests": %d, "duration_s": %.3f, "p50_ms": %.2f, "p95_ms": %.2f, ' ..
    '"p99_ms": %.2f, "max_ms": %.2f, "mean_ms": %.2f, "errors": {"connect": %d, "read": %d, ' ..
    '"write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout))
end
