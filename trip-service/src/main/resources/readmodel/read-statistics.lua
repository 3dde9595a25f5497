-- A user's statistics in one round trip: the generation now served, whether it is complete, the
-- statistics hash, and the next five planned trips from today.
-- ARGV: 1 key prefix ("<prefix>:rm:"), 2 user id, 3 today (epoch day)
-- The keys are built here, not passed as KEYS: they name the generation, which this script reads
-- (one round trip, and no switch between reading the generation and reading its keys).
-- Returns {generation or false, ready (1|0), {stats field/value...}, {trip fields per upcoming trip...}}
local generation = redis.call('GET', ARGV[1] .. 'current')
if not generation then
  return {false, 0, {}, {}}
end
local p = ARGV[1] .. generation .. ':'
local ready = redis.call('EXISTS', ARGV[1] .. 'ready:' .. generation)
local stats = redis.call('HGETALL', p .. 'stats:' .. ARGV[2])
local upcoming = {}
for _, trip in ipairs(redis.call('ZRANGEBYSCORE', p .. 'upcoming:' .. ARGV[2], ARGV[3], '+inf', 'LIMIT', 0, 5)) do
  local fields = redis.call('HMGET', p .. 'trip:' .. trip, 'title', 'destination', 'start', 'end', 'status')
  table.insert(upcoming, trip)
  for _, value in ipairs(fields) do
    table.insert(upcoming, value or '')
  end
end
return {generation, ready, stats, upcoming}
