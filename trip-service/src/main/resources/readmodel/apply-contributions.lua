-- Hands on what trips contribute to one user's statistics (see contributions.lua), in the user's
-- hash slot {u:<user>}: for each trip, its old contribution is taken out of the figures and the new
-- one put in, exactly once and newest only (by the trip's sequence number, remembered per trip), so
-- a contribution handed on again, or late, changes nothing. One call carries every contribution a
-- poll hands on to the user (Projector): each trip's is judged by its own sequence number, as if it
-- came alone, so the call ends in the figures the calls one by one would.
--
-- KEYS: the user's keys, all in its hash slot {u:<user>}, in the generation's key space (see
--   ReadModelKeys): 1 stats, 2 upcoming, 3 upinfo, 4 contrib.
-- ARGV: trip_id, sequence, contribution, trip_id, sequence, contribution... (each trip at most once;
--   a contribution is the JSON list of [field, amount] pairs contributions.lua made; @up and @info
--   place the trip among the upcoming ones).
-- Returns how many contributions were taken in.
-- Once no trip contributes anything (the statistics key is gone), the remembered sequence numbers
-- expire after a day: by then no hand-on of them can still be under way.
-- negated, signed and addToStats come from figures.lua, loaded in front of this script.
local stats, upcoming, info, contributions = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local trips = {}
for i = 1, #ARGV, 3 do
  table.insert(trips, ARGV[i])
end
local held = redis.call('HMGET', contributions, unpack(trips))
local taken = 0
for n, trip in ipairs(trips) do
  local sequence, contribution = ARGV[3 * n - 1], ARGV[3 * n]
  local heldSequence, heldPairs = nil, '[]'
  if held[n] then
    heldSequence, heldPairs = string.match(held[n], '^(%d+) (.*)$')
  end
  if not heldSequence or tonumber(heldSequence) < tonumber(sequence) then
    for _, pair in ipairs(cjson.decode(heldPairs)) do
      if string.sub(pair[1], 1, 1) ~= '@' then
        addToStats(stats, pair[1], negated(pair[2]))
      end
    end
    local startDay, shown = nil, nil
    for _, pair in ipairs(cjson.decode(contribution)) do
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
    redis.call('HSET', contributions, trip, sequence .. ' ' .. contribution)
    taken = taken + 1
  end
end
if taken > 0 then
  if redis.call('EXISTS', stats) == 0 then
    redis.call('PEXPIRE', contributions, 86400000)
  else
    redis.call('PERSIST', contributions)
  end
end
return taken
