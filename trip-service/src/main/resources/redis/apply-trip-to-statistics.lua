-- Applies one trip event to its owner's statistics, exactly once, in one atomic step.
-- KEYS[1] the projection's memory of the trip: version, live, status, type, budget (cents)
-- KEYS[2] the owner's statistics hash
-- ARGV: version, live ("1", or "0" once deleted), status, trip_type, budget in cents ("" if none)
-- An event whose version is not newer than the remembered one changes nothing (redelivery, replay).
local remembered = redis.call('HGET', KEYS[1], 'version')
if remembered and tonumber(remembered) >= tonumber(ARGV[1]) then
  return 0
end
local old = redis.call('HMGET', KEYS[1], 'live', 'status', 'type', 'budget')
if old[1] == '1' then
  redis.call('HINCRBY', KEYS[2], 'total_trips', -1)
  redis.call('HINCRBY', KEYS[2], 'status:' .. old[2], -1)
  redis.call('HINCRBY', KEYS[2], 'type:' .. old[3], -1)
  if old[4] ~= '' then
    redis.call('HINCRBY', KEYS[2], 'budget_cents', -tonumber(old[4]))
  end
end
if ARGV[2] == '1' then
  redis.call('HINCRBY', KEYS[2], 'total_trips', 1)
  redis.call('HINCRBY', KEYS[2], 'status:' .. ARGV[3], 1)
  redis.call('HINCRBY', KEYS[2], 'type:' .. ARGV[4], 1)
  if ARGV[5] ~= '' then
    redis.call('HINCRBY', KEYS[2], 'budget_cents', tonumber(ARGV[5]))
  end
end
redis.call('HSET', KEYS[1], 'version', ARGV[1], 'live', ARGV[2], 'status', ARGV[3], 'type', ARGV[4], 'budget', ARGV[5])
return 1
