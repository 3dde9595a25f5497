-- Hands on what one trip contributes to one user's statistics (see contributions.lua), in the user's
-- hash slot {u:<user>}: the trip's old contribution is taken out of the figures and the new one put
-- in, exactly once and newest only (by the trip's sequence number, remembered per trip), so a
-- contribution handed on again, or late, changes nothing.
--
-- KEYS: the user's keys, all in its hash slot {u:<user>}, in the generation's key space (see
--   ReadModelKeys): 1 stats, 2 upcoming, 3 upinfo, 4 contrib.
-- ARGV[1]: a JSON object: trip_id, sequence, contribution (the JSON list of [field, amount] pairs
--   contributions.lua made; @up and @info place the trip among the upcoming ones).
-- Once no trip contributes anything (the statistics key is gone), the remembered sequence numbers
-- expire after a day: by then no hand-on of them can still be under way.
-- negated, signed and addToStats come from figures.lua, loaded in front of this script.
local e = cjson.decode(ARGV[1])
local stats, upcoming, info, contributions = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local trip = e.trip_id
local held = redis.call('HGET', contributions, trip)
local heldSequence, heldPairs = nil, '[]'
if held then
  heldSequence, heldPairs = string.match(held, '^(%d+) (.*)$')
end
if heldSequence and tonumber(heldSequence) >= tonumber(e.sequence) then
  return 0
end
for _, pair in ipairs(cjson.decode(heldPairs)) do
  if string.sub(pair[1], 1, 1) ~= '@' then
    addToStats(stats, pair[1], negated(pair[2]))
  end
end
local startDay, shown = nil, nil
for _, pair in ipairs(cjson.decode(e.contribution)) do
  if pair[1] == '@up' then
    startDay = pair[2]
  elseif pair[1] == '@info' then
    shown = pair[2]
  else
    addToStats(stats, pair[1], pair[2])
  end
end
if startDay and shown then
  redis.call('ZADD', upcoming, tonumber(startDay), trip)
  redis.call('HSET', info, trip, shown)
else
  redis.call('ZREM', upcoming, trip)
  redis.call('HDEL', info, trip)
end
redis.call('HSET', contributions, trip, e.sequence .. ' ' .. e.contribution)
if redis.call('EXISTS', stats) == 0 then
  redis.call('PEXPIRE', contributions, 86400000)
else
  redis.call('PERSIST', contributions)
end
return 1
