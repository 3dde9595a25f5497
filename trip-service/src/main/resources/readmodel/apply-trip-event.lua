-- Applies one travya.trips event to the read models, atomically and exactly once: an event whose
-- trip version is not newer than the one remembered changes nothing (redelivery, replay, late
-- arrival). Every number moves by the difference between the state remembered and the new one.
--
-- ARGV: 1 key prefix of the generation ("<prefix>:rm:<gen>:"), 2 trip id, 3 version, 4 live (1|0),
--       5 owner, 6 status, 7 trip_type, 8 budget in cents ("" = none), 9 start date (epoch day),
--       10 start date, 11 end date, 12 title, 13 destination, 14 state (JSON for the overview),
--       15 occurred_at (epoch micros), 16 itinerary operation (add|update|remove|none),
--       17 itinerary item id, 18 itinerary item day, 19.. accepted collaborators (user ids)
-- Redis runs standalone: keys are derived from the prefix and ids inside the script.
-- negated, signed and addToStats come from figures.lua, loaded in front of this script.
local p, trip = ARGV[1], ARGV[2]
local tripKey = p .. 'trip:' .. trip
local remembered = redis.call('HGET', tripKey, 'version')
if remembered and tonumber(remembered) >= tonumber(ARGV[3]) then
  return 0
end

local old = redis.call('HMGET', tripKey, 'live', 'owner', 'status', 'type', 'budget')
local wasLive = old[1] == '1'
local live = ARGV[4] == '1'
local owner = ARGV[5]
local bookings = p .. 'tb:' .. trip

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
  local stats = p .. 'stats:' .. owner
  addToStats(stats, 'total_trips', 1)
  addToStats(stats, 'status:' .. ARGV[6], 1)
  addToStats(stats, 'type:' .. ARGV[7], 1)
  if ARGV[8] ~= '' then
    addToStats(stats, 'budget_cents', ARGV[8])
  end
  if not wasLive then
    bookingSums(1, stats)
  end
end

-- upcoming trips: the owner's live, planned trips by start date
local upcoming = p .. 'upcoming:' .. owner
if live and ARGV[6] == 'planned' then
  redis.call('ZADD', upcoming, tonumber(ARGV[9]), trip)
else
  redis.call('ZREM', upcoming, trip)
end

-- shared_with_me: who is an accepted collaborator, before and after
local membersKey = p .. 'members:' .. trip
local before = {}
if wasLive then
  for _, member in ipairs(redis.call('SMEMBERS', membersKey)) do
    before[member] = true
  end
end
local after = {}
if live then
  for i = 19, #ARGV do
    after[ARGV[i]] = true
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
local items, days = p .. 'itin:' .. trip, p .. 'itindays:' .. trip
local op, item = ARGV[16], ARGV[17]
if op == 'add' or op == 'update' or op == 'remove' then
  local oldDay = redis.call('HGET', items, item)
  if oldDay then
    if redis.call('HINCRBY', days, oldDay, -1) <= 0 then
      redis.call('HDEL', days, oldDay)
    end
    redis.call('HDEL', items, item)
  end
  if op ~= 'remove' then
    redis.call('HSET', items, item, ARGV[18])
    redis.call('HINCRBY', days, ARGV[18], 1)
  end
end
if not live then
  redis.call('DEL', items, days)
end

local activity = p .. 'act:' .. trip
local last = redis.call('GET', activity)
if not last or tonumber(last) < tonumber(ARGV[15]) then
  redis.call('SET', activity, ARGV[15])
end

if live then
  redis.call('HSET', tripKey, 'version', ARGV[3], 'live', ARGV[4], 'owner', owner, 'status', ARGV[6],
    'type', ARGV[7], 'budget', ARGV[8], 'start', ARGV[10], 'end', ARGV[11], 'title', ARGV[12],
    'destination', ARGV[13], 'state', ARGV[14])
else
  -- a deleted trip keeps its version, so no older event brings it back, and nothing of its content
  redis.call('DEL', tripKey)
  redis.call('HSET', tripKey, 'version', ARGV[3], 'live', '0')
end
return 1
