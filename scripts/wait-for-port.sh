#!/usr/bin/env bash
# Wait until something listens on localhost:$1, for at most $2 seconds (default 60).
port=$1; limit=${2:-60}
for ((i = 0; i < limit * 5; i++)); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && exit 0
  sleep 0.2
done
echo "nothing is listening on port $port after ${limit}s" >&2
exit 1
