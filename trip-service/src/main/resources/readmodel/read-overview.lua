-- A trip's overview in one round trip.
-- ARGV: 1 key prefix ("<prefix>:rm:"), 2 trip id
-- The keys are built here, not passed as KEYS: they name the generation, which this script reads
-- (one round trip, and no switch between reading the generation and reading its keys).
-- Returns {generation or false, ready, {trip field/value...}, items, days covered,
--          {booking figures...}, {conversation figures...}, last activity or false}
local generation = redis.call('GET', ARGV[1] .. 'current')
if not generation then
  return {false, 0, {}, 0, 0, {}, {}, false}
end
local p = ARGV[1] .. generation .. ':'
local trip = ARGV[2]
return {
  generation,
  redis.call('EXISTS', ARGV[1] .. 'ready:' .. generation),
  redis.call('HGETALL', p .. 'trip:' .. trip),
  redis.call('HLEN', p .. 'itin:' .. trip),
  redis.call('HLEN', p .. 'itindays:' .. trip),
  redis.call('HGETALL', p .. 'tb:' .. trip),
  redis.call('HGETALL', p .. 'tc:' .. trip),
  redis.call('GET', p .. 'act:' .. trip)
}
