-- Applies one travya.trips event to the read models, atomically and exactly once: an event whose
-- trip version is not newer than the one remembered changes nothing (redelivery, replay, late
-- arrival). Every number moves by the difference between the state remembered and the new one.
--
-- KEYS: the trip's keys and its owner's, in the generation's key space (see ReadModelKeys):
--   1 trip:<trip>, 2 tb:<trip>, 3 stats:<owner>, 4 upcoming:<owner>, 5 members:<trip>,
--   6 itin:<trip>, 7 itindays:<trip>, 8 act:<trip>.
-- ARGV[1]: a JSON object: prefix (of the generation's keys, "<prefix>:rm:<gen>:"), trip_id,
--   version, live (false once the trip is deleted), owner_id, status, trip_type, budget_cents ("" =
--   none), start_epoch_day, start_date, end_date, title, destination, state (JSON for the overview),
--   occurred_at_micros, itinerary_operation (add|update|remove|none), itinerary_item_id and
--   itinerary_item_day ("" without an item), accepted_collaborators (user ids). Numbers are strings.
-- Only the keys named by what Redis holds are built here from the prefix: the statistics of the
-- owner remembered and of the collaborators before and after, known once the script has read them.
-- negated, signed and addToStats come from figures.lua, loaded in front of this script.
local e = cjson.decode(ARGV[1])
local p, trip = e.prefix, e.trip_id
local tripKey = KEYS[1]
local remembered = redis.call('HGET', tripKey, 'version')
if remembered and tonumber(remembered) >= tonumber(e.version) then
  return 0
end

local old = redis.call('HMGET', tripKey, 'live', 'owner', 'status', 'type', 'budget')
local wasLive = old[1] == '1'
local live = e.live
local owner = e.owner_id
local bookings = KEYS[2]

local function bookingSums(sign, statsKey)
  local count = redis.call('HGET', bookings, 'count')
  if count then
    addToStats(statsKey, 'bookings:count', signed(sign, count))
  end
  local fields = redis.call('HGETALL', bookings)
  for i = 1, #fields, 2 do
    local status, currency = string.match(fields[i], '^sum:([a-z_]+):(%u%u%u)$')
    if status == 'confirmed' or status == 'pending' then
      addToStats(statsKey, 'bookings:sum:' .. currency, signed(sign, fields[i + 1]))
    end
  end
end

-- figures back at zero are removed (addToStats), so a user with no trip left has no statistics key
if wasLive then
  local stats = p .. 'stats:' .. old[2]
  addToStats(stats, 'total_trips', -1)
  addToStats(stats, 'status:' .. old[3], -1)
  addToStats(stats, 'type:' .. old[4], -1)
  if old[5] ~= '' then
    addToStats(stats, 'budget_cents', negated(old[5]))
  end
  if not live then
    bookingSums(-1, stats)
  end
end
if live then
  local stats = KEYS[3]
  addToStats(stats, 'total_trips', 1)
  addToStats(stats, 'status:' .. e.status, 1)
  addToStats(stats, 'type:' .. e.trip_type, 1)
  if e.budget_cents ~= '' then
    addToStats(stats, 'budget_cents', e.budget_cents)
  end
  if not wasLive then
    bookingSums(1, stats)
  end
end

-- upcoming trips: the owner's live, planned trips by start date
local upcoming = KEYS[4]
if live and e.status == 'planned' then
  redis.call('ZADD', upcoming, tonumber(e.start_epoch_day), trip)
else
  redis.call('ZREM', upcoming, trip)
end

-- shared_with_me: who is an accepted collaborator, before and after
local membersKey = KEYS[5]
local before = {}
if wasLive then
  for _, member in ipairs(redis.call('SMEMBERS', membersKey)) do
    before[member] = true
  end
end
local after = {}
if live then
  for _, member in ipairs(e.accepted_collaborators) do
    after[member] = true
  end
end
for member in pairs(before) do
  if not after[member] then
    addToStats(p .. 'stats:' .. member, 'shared_with_me', -1)
  end
end
for member in pairs(after) do
  if not before[member] then
    addToStats(p .. 'stats:' .. member, 'shared_with_me', 1)
  end
end
redis.call('DEL', membersKey)
for member in pairs(after) do
  redis.call('SADD', membersKey, member)
end

-- the itinerary: which items, on which days
local items, days = KEYS[6], KEYS[7]
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

local activity = KEYS[8]
local last = redis.call('GET', activity)
if not last or tonumber(last) < tonumber(e.occurred_at_micros) then
  redis.call('SET', activity, e.occurred_at_micros)
end

if live then
  redis.call('HSET', tripKey, 'version', e.version, 'live', '1', 'owner', owner,
    'status', e.status, 'type', e.trip_type, 'budget', e.budget_cents, 'start', e.start_date,
    'end', e.end_date, 'title', e.title, 'destination', e.destination, 'state', e.state)
else
  -- a deleted trip keeps its version, so no older event brings it back, and nothing of its content
  redis.call('DEL', tripKey)
  redis.call('HSET', tripKey, 'version', e.version, 'live', '0')
end
return 1
