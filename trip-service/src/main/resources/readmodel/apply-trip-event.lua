-- Applies one travya.trips event to the trip's keys, atomically and exactly once: an event whose
-- trip version is not newer than the one remembered changes nothing (redelivery, replay, late
-- arrival). Then settles what the trip contributes to each user's statistics (contributions.lua) and
-- returns it, for the caller to hand on to each user's hash slot, also when the event itself was
-- applied before (the hand-on may be what a crash cut short).
--
-- KEYS: the trip's keys, all in its hash slot {t:<trip>}, in the generation's key space (see
--   ReadModelKeys): 1 trip, 2 tb, 3 members, 4 itin, 5 itindays, 6 act, 7 users.
-- ARGV[1]: a JSON object: trip_id, version, live (false once the trip is deleted), owner_id, status,
--   trip_type, budget_cents ("" = none), start_epoch_day, start_date, end_date, title, destination,
--   state (JSON for the overview), occurred_at_micros, itinerary_operation (add|update|remove|none),
--   itinerary_item_id and itinerary_item_day ("" without an item), accepted_collaborators (user ids).
--   Numbers are strings.
-- Returns settle's list: {1 if applied else 0, user, sequence, contribution, ...}.
-- negated, signed, addToStats come from figures.lua, settle from contributions.lua, loaded in front.
local e = cjson.decode(ARGV[1])
local tripKey, bookings, membersKey, items, days, activity, users =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
local remembered = redis.call('HGET', tripKey, 'version')
if remembered and tonumber(remembered) >= tonumber(e.version) then
  return settle(0, tripKey, bookings, membersKey, users)
end
local live = e.live

-- the accepted collaborators, as the event has them
redis.call('DEL', membersKey)
if live and #e.accepted_collaborators > 0 then
  redis.call('SADD', membersKey, unpack(e.accepted_collaborators))
end

-- the itinerary: which items, on which days
local op, item = e.itinerary_operation, e.itinerary_item_id
if op == 'add' or op == 'update' or op == 'remove' then
  local oldDay = redis.call('HGET', items, item)
  if oldDay then
    if redis.call('HINCRBY', days, oldDay, -1) <= 0 then
      redis.call('HDEL', days, oldDay)
    end
    redis.call('HDEL', items, item)
  end
  if op ~= 'remove' then
    redis.call('HSET', items, item, e.itinerary_item_day)
    redis.call('HINCRBY', days, e.itinerary_item_day, 1)
  end
end
if not live then
  redis.call('DEL', items, days)
end

local last = redis.call('GET', activity)
if not last or tonumber(last) < tonumber(e.occurred_at_micros) then
  redis.call('SET', activity, e.occurred_at_micros)
end

if live then
  redis.call('HSET', tripKey, 'version', e.version, 'live', '1', 'owner', e.owner_id,
    'status', e.status, 'type', e.trip_type, 'budget', e.budget_cents, 'start', e.start_date,
    'end', e.end_date, 'start_day', e.start_epoch_day, 'title', e.title, 'destination', e.destination,
    'state', e.state)
else
  -- a deleted trip keeps its version, so no older event brings it back, and nothing of its content
  redis.call('DEL', tripKey)
  redis.call('HSET', tripKey, 'version', e.version, 'live', '0')
end
return settle(1, tripKey, bookings, membersKey, users)
