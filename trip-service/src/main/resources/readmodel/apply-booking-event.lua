-- Applies one travya.bookings event, exactly once (by the booking's version), to the trip's booking
-- figures; then settles what the trip contributes to its owner's statistics (contributions.lua: a
-- live trip's owner counts its pending and confirmed bookings) and returns it, for the caller to hand
-- on to the owner's hash slot, also when the event itself was applied before. A booking whose trip
-- is not known yet counts for the trip alone; the owner's figures take it in when the trip arrives.
--
-- KEYS: the trip's keys, all in its hash slot {t:<trip>}, in the generation's key space (see
--   ReadModelKeys): 1 the booking, 2 tb, 3 trip, 4 act, 5 members, 6 users.
-- ARGV (see figures.lua): 1 version, 2 live ('1', '0' once the booking is deleted), 3 trip_id, 4 status,
--   5 currency, 6 amount_cents, 7 occurred_at_micros.
-- Returns settle's list: {1 if applied else 0, user, sequence, contribution, ...}.
-- negated, signed, addToStats come from figures.lua, settle from contributions.lua, loaded in front.
local version, live, trip, status, currency, amount, occurredAt =
  ARGV[1], ARGV[2] == '1', ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local bookingKey, figures, tripKey, activity, membersKey, users = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local remembered = redis.call('HGET', bookingKey, 'version')
if remembered and tonumber(remembered) >= tonumber(version) then
  return settle(0, tripKey, figures, membersKey, users)
end

local function count(sign, status, currency, amount)
  redis.call('HINCRBY', figures, 'count', sign)
  redis.call('HINCRBY', figures, 'count:' .. status, sign)
  redis.call('HINCRBY', figures, 'sum:' .. status .. ':' .. currency, signed(sign, amount))
end

local old = redis.call('HMGET', bookingKey, 'live', 'status', 'currency', 'amount')
if old[1] == '1' then
  count(-1, old[2], old[3], old[4])
end
if live then
  count(1, status, currency, amount)
end

local last = redis.call('GET', activity)
if not last or tonumber(last) < tonumber(occurredAt) then
  redis.call('SET', activity, occurredAt)
end
redis.call('HSET', bookingKey, 'version', version, 'live', live and '1' or '0', 'trip', trip,
  'status', status, 'currency', currency, 'amount', amount)
return settle(1, tripKey, figures, membersKey, users)
