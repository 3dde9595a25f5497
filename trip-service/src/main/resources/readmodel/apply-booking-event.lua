-- Applies one travya.bookings event, exactly once (by the booking's version), to the trip's booking
-- figures and, while the trip is live, to its owner's statistics. A booking whose trip is not known
-- yet counts for the trip alone; the owner's figures take it in when the trip arrives.
--
-- ARGV: 1 key prefix of the generation, 2 booking id, 3 version, 4 live (1|0), 5 trip id, 6 status,
--       7 currency, 8 amount in cents, 9 occurred_at (epoch micros)
-- negated, signed and addToStats come from figures.lua, loaded in front of this script.
local p = ARGV[1]
local bookingKey = p .. 'booking:' .. ARGV[2]
local remembered = redis.call('HGET', bookingKey, 'version')
if remembered and tonumber(remembered) >= tonumber(ARGV[3]) then
  return 0
end
local trip = ARGV[5]
local figures = p .. 'tb:' .. trip
local tripState = redis.call('HMGET', p .. 'trip:' .. trip, 'live', 'owner')
local stats = nil
if tripState[1] == '1' then
  stats = p .. 'stats:' .. tripState[2]
end

local function count(sign, status, currency, amount)
  redis.call('HINCRBY', figures, 'count', sign)
  redis.call('HINCRBY', figures, 'count:' .. status, sign)
  redis.call('HINCRBY', figures, 'sum:' .. status .. ':' .. currency, signed(sign, amount))
  if stats then
    addToStats(stats, 'bookings:count', sign)
    if status == 'confirmed' or status == 'pending' then
      addToStats(stats, 'bookings:sum:' .. currency, signed(sign, amount))
    end
  end
end

local old = redis.call('HMGET', bookingKey, 'live', 'status', 'currency', 'amount')
if old[1] == '1' then
  count(-1, old[2], old[3], old[4])
end
if ARGV[4] == '1' then
  count(1, ARGV[6], ARGV[7], ARGV[8])
end

local activity = p .. 'act:' .. trip
local last = redis.call('GET', activity)
if not last or tonumber(last) < tonumber(ARGV[9]) then
  redis.call('SET', activity, ARGV[9])
end
redis.call('HSET', bookingKey, 'version', ARGV[3], 'live', ARGV[4], 'trip', trip, 'status', ARGV[6],
  'currency', ARGV[7], 'amount', ARGV[8])
return 1
