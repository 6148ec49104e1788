-- wrk script: PUT a body of BODY_SIZE bytes to presigned URLs. With URLS_FILE (one URL per line, same
-- host as the command line's URL) each request takes the next URL in turn, so uploads spread over many
-- keys; otherwise every request goes to the command line's URL.
local size = tonumber(os.getenv("BODY_SIZE") or "4096")
local body = string.rep("e", size)
local headers = { ["Content-Type"] = "application/octet-stream" }
local paths = {}
local urls_file = os.getenv("URLS_FILE")
if urls_file then
  for line in io.lines(urls_file) do
    local path = line:match("^https?://[^/]+(/.*)$")
    if path then paths[#paths + 1] = path end
  end
end
local counter = 0

function setup(thread)
  thread:set("offset", counter)
  counter = counter + 1
end

-- Each request is formatted once, when all of them fit in 256 MiB: formatting a 1 MiB request anew for
-- every PUT cost wrk about as much CPU as the server spent on it, on the same two cores.
local formatted = {}
function init(args)
  if #paths > 0 and #paths * size <= 256 * 1024 * 1024 then
    for i, path in ipairs(paths) do formatted[i] = wrk.format("PUT", path, headers, body) end
  end
end

local n = 0
request = function()
  if #paths == 0 then
    return wrk.format("PUT", nil, headers, body)
  end
  n = n + 1
  local i = (n + (offset or 0) * 7) % #paths + 1
  return formatted[i] or wrk.format("PUT", paths[i], headers, body)
end
