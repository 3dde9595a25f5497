-- Applies one travya.bookings event, exactly once (by the booking's version), to the trip's booking
-- figures; then settles what the trip contributes to its owner's statistics (contributions.lua: a
-- live trip's owner counts its pending and confirmed bookings) and returns it, for the caller to hand
-- on to the owner's hash slot, also when the event itself was applied before. A booking whose trip
-- is not known yet counts for the trip alone; the owner's figures take it in when the trip arrives.
--
-- KEYS: the trip's keys, all in its hash slot {t:<trip>}, in the generation's key space (see
--   ReadModelKeys): 1 the booking, 2 tb, 3 trip, 4 act, 5 members, 6 users.
-- ARGV[1]: a JSON object: booking_id, version, live (false once the booking is deleted), trip_id,
--   status, currency, amount_cents, occurred_at_micros. Numbers are strings.
-- Returns settle's list: {1 if applied else 0, user, sequence, contribution, ...}.
-- negated, signed, addToStats come from figures.lua, settle from contributions.lua, loaded in front.
local e = cjson.decode(ARGV[1])
local bookingKey, figures, tripKey, activity, membersKey, users = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local remembered = redis.call('HGET', bookingKey, 'version')
if remembered and tonumber(remembered) >= tonumber(e.version) then
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
if e.live then
  count(1, e.status, e.currency, e.amount_cents)
end

local last = redis.call('GET', activity)
if not last or tonumber(last) < tonumber(e.occurred_at_micros) then
  redis.call('SET', activity, e.occurred_at_micros)
end
redis.call('HSET', bookingKey, 'version', e.version, 'live', e.live and '1' or '0', 'trip', e.trip_id,
  'status', e.status, 'currency', e.currency, 'amount', e.amount_cents)
return settle(1, tripKey, figures, membersKey, users)
