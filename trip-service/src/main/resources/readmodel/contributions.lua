-- Shared by apply-trip-event.lua and apply-booking-event.lua (loaded after figures.lua, in front of
-- them): what a trip gives each user's statistics, worked out in the trip's hash slot.
--
-- Redis Cluster runs a script in one hash slot only. A trip's keys share the slot {t:<trip>}, each
-- user's the slot {u:<user>}, so one event cannot change the trip and the statistics of its owner
-- and collaborators in one call. Instead the trip's slot keeps, in its users hash, what the trip
-- contributes to each user it touches (a sorted list of [field, amount] pairs, JSON) with the
-- sequence number of the change that made it; the caller hands each contribution on to the user's
-- slot (apply-contributions.lua), which keeps the latest sequence number per trip and replaces the
-- trip's old contribution by the new one. Each step is idempotent on its own, so a crash between
-- them, a redelivery or a replay ends in the same figures: the trip's step returns every
-- contribution, changed or not, and the user's step takes one only if its number is newer.
-- A user no longer touched keeps an empty contribution (a tombstone), so that it is still handed on.

-- The trip's contribution to each user, by user id: the owner's figures while the trip is live
-- (and, while it is planned, its place among the owner's upcoming trips: @up, the start day, and
-- @info, what the statistics show of it), shared_with_me for each accepted collaborator.
local function contributionsOf(tripKey, bookingsKey, membersKey)
  local byUser = {}
  local t = redis.call('HMGET', tripKey, 'live', 'owner', 'status', 'type', 'budget', 'start_day', 'title',
    'destination', 'start', 'end')
  if t[1] ~= '1' then
    return byUser
  end
  local function add(user, field, amount)
    if amount == nil or amount == '' or amount == '0' then return end
    byUser[user] = byUser[user] or {}
    table.insert(byUser[user], {field, amount})
  end
  local owner = t[2]
  add(owner, 'total_trips', '1')
  add(owner, 'status:' .. t[3], '1')
  add(owner, 'type:' .. t[4], '1')
  add(owner, 'budget_cents', t[5])
  local bookings = redis.call('HGETALL', bookingsKey)
  for i = 1, #bookings, 2 do
    local field, amount = bookings[i], bookings[i + 1]
    if field == 'count' then
      add(owner, 'bookings:count', amount)
    else
      local status, currency = string.match(field, '^sum:([a-z_]+):(%u%u%u)$')
      if status == 'confirmed' or status == 'pending' then
        add(owner, 'bookings:sum:' .. currency, amount)
      end
    end
  end
  if t[3] == 'planned' then
    add(owner, '@up', t[6])
    add(owner, '@info', cjson.encode({t[7], t[8], t[9], t[10], t[3]}))
  end
  for _, member in ipairs(redis.call('SMEMBERS', membersKey)) do
    add(member, 'shared_with_me', '1')
  end
  return byUser
end

local function encoded(list)
  if list == nil or #list == 0 then return '[]' end
  table.sort(list, function(a, b)
    if a[1] ~= b[1] then return a[1] < b[1] end
    return a[2] < b[2]
  end)
  return cjson.encode(list)
end

-- Records the trip's contributions as they are now (a new sequence number if any changed) and
-- returns {applied, user, sequence, contribution, user, sequence, contribution...}: every user the
-- trip touches or touched, for the caller to hand on.
local function settle(applied, tripKey, bookingsKey, membersKey, usersKey)
  local now = {}
  for user, list in pairs(contributionsOf(tripKey, bookingsKey, membersKey)) do
    now[user] = encoded(list)
  end
  local held = {}
  local stored = redis.call('HGETALL', usersKey)
  for i = 1, #stored, 2 do
    if stored[i] ~= '#seq' then
      held[stored[i]] = string.match(stored[i + 1], '^%d+ (.*)$')
    end
  end
  local changed = {}
  for user, contribution in pairs(now) do
    if held[user] ~= contribution then changed[user] = contribution end
  end
  for user, contribution in pairs(held) do
    if now[user] == nil and contribution ~= '[]' then changed[user] = '[]' end
  end
  if next(changed) ~= nil then
    local sequence = redis.call('HINCRBY', usersKey, '#seq', 1)
    for user, contribution in pairs(changed) do
      redis.call('HSET', usersKey, user, sequence .. ' ' .. contribution)
    end
  end
  local result = {applied}
  stored = redis.call('HGETALL', usersKey)
  for i = 1, #stored, 2 do
    if stored[i] ~= '#seq' then
      local sequence, contribution = string.match(stored[i + 1], '^(%d+) (.*)$')
      table.insert(result, stored[i])
      table.insert(result, sequence)
      table.insert(result, contribution)
    end
  end
  return result
end
