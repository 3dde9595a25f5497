-- Applies one travya.bookings event, exactly once (by the booking's version), to the trip's booking
-- figures and, while the trip is live, to its owner's statistics. A booking whose trip is not known
-- yet counts for the trip alone; the owner's figures take it in when the trip arrives.
--
-- KEYS: in the generation's key space (see ReadModelKeys): 1 booking:<booking>, 2 tb:<trip>,
--   3 trip:<trip>, 4 act:<trip>.
-- ARGV[1]: a JSON object: prefix (of the generation's keys), booking_id, version, live (false once
--   the booking is deleted), trip_id, status, currency, amount_cents, occurred_at_micros. Numbers are
--   strings.
-- Only the owner's statistics key is built here from the prefix: the owner is known once the script
-- has read the trip.
-- negated, signed and addToStats come from figures.lua, loaded in front of this script.
local e = cjson.decode(ARGV[1])
local p = e.prefix
local bookingKey = KEYS[1]
local remembered = redis.call('HGET', bookingKey, 'version')
if remembered and tonumber(remembered) >= tonumber(e.version) then
  return 0
end
local trip = e.trip_id
local figures = KEYS[2]
local tripState = redis.call('HMGET', KEYS[3], 'live', 'owner')
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
if e.live then
  count(1, e.status, e.currency, e.amount_cents)
end

local activity = KEYS[4]
local last = redis.call('GET', activity)
if not last or tonumber(last) < tonumber(e.occurred_at_micros) then
  redis.call('SET', activity, e.occurred_at_micros)
end
redis.call('HSET', bookingKey, 'version', e.version, 'live', e.live and '1' or '0', 'trip', trip,
  'status', e.status, 'currency', e.currency, 'amount', e.amount_cents)
return 1
