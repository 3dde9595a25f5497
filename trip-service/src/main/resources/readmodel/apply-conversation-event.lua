-- Applies one travya.conversations event, exactly once (by the conversation's version), to its
-- trip's conversation and message counts.
--
-- ARGV: 1 key prefix of the generation, 2 conversation id, 3 version, 4 live (1|0), 5 trip id,
--       6 message count, 7 occurred_at (epoch micros)
-- negated, signed and addToStats come from figures.lua, loaded in front of this script.
local p = ARGV[1]
local conversationKey = p .. 'conv:' .. ARGV[2]
local remembered = redis.call('HGET', conversationKey, 'version')
if remembered and tonumber(remembered) >= tonumber(ARGV[3]) then
  return 0
end
local figures = p .. 'tc:' .. ARGV[5]
local old = redis.call('HMGET', conversationKey, 'live', 'messages')
if old[1] == '1' then
  redis.call('HINCRBY', figures, 'conversations', -1)
  redis.call('HINCRBY', figures, 'messages', negated(old[2]))
end
if ARGV[4] == '1' then
  redis.call('HINCRBY', figures, 'conversations', 1)
  redis.call('HINCRBY', figures, 'messages', ARGV[6])
end
local activity = p .. 'act:' .. ARGV[5]
local last = redis.call('GET', activity)
if not last or tonumber(last) < tonumber(ARGV[7]) then
  redis.call('SET', activity, ARGV[7])
end
redis.call('HSET', conversationKey, 'version', ARGV[3], 'live', ARGV[4], 'trip', ARGV[5], 'messages', ARGV[6])
return 1
