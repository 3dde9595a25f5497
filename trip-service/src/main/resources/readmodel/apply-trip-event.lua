-- Applies one travya.trips event to the trip's keys, atomically and exactly once: an event whose
-- trip version is not newer than the one remembered changes nothing (redelivery, replay, late
-- arrival). Then settles what the trip contributes to each user's statistics (contributions.lua) and
-- returns it, for the caller to hand on to each user's hash slot, also when the event itself was
-- applied before (the hand-on may be what a crash cut short).
--
-- KEYS: the trip's keys, all in its hash slot {t:<trip>}, in the generation's key space (see
--   ReadModelKeys): 1 trip, 2 tb, 3 members, 4 itin, 5 itindays, 6 act, 7 users.
-- ARGV (see figures.lua): 1 version, 2 live ('1', '0' once the trip is deleted), 3 owner_id, 4 status,
--   5 trip_type, 6 budget_cents ('' = none), 7 start_epoch_day, 8 start_date, 9 end_date, 10 title,
--   11 destination, 12 state (JSON for the overview), 13 occurred_at_micros, 14 itinerary_operation
--   (add|update|remove|none), 15 itinerary_item_id and 16 itinerary_item_day ('' without an item),
--   17... the accepted collaborators' user ids.
-- Returns settle's list: {1 if applied else 0, user, sequence, contribution, ...}.
-- negated, signed, addToStats come from figures.lua, settle from contributions.lua, loaded in front.
local version, live, owner, status, tripType, budget, startDay, startDate, endDate, title, destination,
  state, occurredAt, op, item, itemDay =
  ARGV[1], ARGV[2] == '1', ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9], ARGV[10], ARGV[11],
  ARGV[12], ARGV[13], ARGV[14], ARGV[15], ARGV[16]
local tripKey, bookings, membersKey, items, days, activity, users =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
local remembered = redis.call('HGET', tripKey, 'version')
if remembered and tonumber(remembered) >= tonumber(version) then
  return settle(0, tripKey, bookings, membersKey, users)
end

-- the accepted collaborators, as the event has them
redis.call('DEL', membersKey)
if live and #ARGV > 16 then
  redis.call('SADD', membersKey, unpack(ARGV, 17))
end

-- the itinerary: which items, on which days
if op == 'add' or op == 'update' or op == 'remove' then
  local oldDay = redis.call('HGET', items, item)
  if oldDay then
    if redis.call('HINCRBY', days, oldDay, -1) <= 0 then
      redis.call('HDEL', days, oldDay)
    end
    redis.call('HDEL', items, item)
  end
  if op ~= 'remove' then
    redis.call('HSET', items, item, itemDay)
    redis.call('HINCRBY', days, itemDay, 1)
  end
end
if not live then
  redis.call('DEL', items, days)
end

local last = redis.call('GET', activity)
if not last or tonumber(last) < tonumber(occurredAt) then
  redis.call('SET', activity, occurredAt)
end

if live then
  redis.call('HSET', tripKey, 'version', version, 'live', '1', 'owner', owner,
    'status', status, 'type', tripType, 'budget', budget, 'start', startDate,
    'end', endDate, 'start_day', startDay, 'title', title, 'destination', destination,
    'state', state)
else
  -- a deleted trip keeps its version, so no older event brings it back, and nothing of its content
  redis.call('DEL', tripKey)
  redis.call('HSET', tripKey, 'version', version, 'live', '0')
end
return settle(1, tripKey, bookings, membersKey, users)
