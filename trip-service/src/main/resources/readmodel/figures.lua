-- Shared by the apply-*.lua scripts: ReadModelFunctions writes this file in front of each of them, in
-- the body of the function each becomes (library.lua).
-- Each apply script takes the event's fields as its arguments, one each, in the order its header
-- lists them (no JSON to build, send and decode per event: Projector). Amounts, versions and times
-- stay strings from end to end: Lua numbers are doubles, which would print -0 or 1e+14, and HINCRBY
-- refuses both. A script must not fail halfway: Redis does not undo its earlier writes.
local function negated(value)
  if value == nil or value == '' or value == '0' or value == '-0' then return '0' end
  if string.sub(value, 1, 1) == '-' then return string.sub(value, 2) end
  return '-' .. value
end
local function signed(sign, value)
  if sign < 0 then return negated(value) end
  return value
end
-- A user's booking figures come from two topics, so the order they meet in differs between the live
-- read model and a rebuild; a figure back at zero is removed, so that both hold the same fields.
local function addToStats(key, field, delta)
  if redis.call('HINCRBY', key, field, delta) == 0 then
    redis.call('HDEL', key, field)
  end
end
