-- wrk script: PUT a body of BODY_SIZE bytes to the (presigned) URL given on the command line.
local size = tonumber(os.getenv("BODY_SIZE") or "4096")
wrk.method = "PUT"
wrk.body = string.rep("e", size)
wrk.headers["Content-Type"] = "application/octet-stream"
