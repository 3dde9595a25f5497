-- A user's statistics in one round trip, from the user's keys in the generation served (the caller
-- read which one it is): all in the user's hash slot {u:<user>}. The upcoming trips' titles, places
-- and dates are copies kept beside them (upinfo), as the trips' own keys are in other slots.
-- KEYS: 1 stats, 2 upcoming, 3 upinfo
-- ARGV: 1 today (epoch day)
-- Returns {{stats field/value...}, {trip id, title, destination, start, end, status per upcoming trip...}}
local stats = redis.call('HGETALL', KEYS[1])
local upcoming = {}
for _, trip in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], ARGV[1], '+inf', 'LIMIT', 0, 5)) do
  table.insert(upcoming, trip)
  local shown = redis.call('HGET', KEYS[3], trip)
  local fields = shown and cjson.decode(shown) or {}
  for i = 1, 5 do
    table.insert(upcoming, fields[i] or '')
  end
end
return {stats, upcoming}
