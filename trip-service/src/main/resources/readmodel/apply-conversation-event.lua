-- Applies one travya.conversations event, exactly once (by the conversation's version), to its
-- trip's conversation and message counts.
--
-- KEYS: the trip's keys, all in its hash slot {t:<trip>}, in the generation's key space (see
--   ReadModelKeys): 1 the conversation, 2 tc, 3 act.
-- ARGV (see figures.lua): 1 version, 2 live ('1', '0' once the conversation is deleted), 3 trip_id,
--   4 message_count, 5 occurred_at_micros.
-- negated, signed and addToStats come from figures.lua, loaded in front of this script.
local version, live, trip, messages, occurredAt = ARGV[1], ARGV[2] == '1', ARGV[3], ARGV[4], ARGV[5]
local conversationKey = KEYS[1]
local remembered = redis.call('HGET', conversationKey, 'version')
if remembered and tonumber(remembered) >= tonumber(version) then
  return 0
end
local figures = KEYS[2]
local old = redis.call('HMGET', conversationKey, 'live', 'messages')
if old[1] == '1' then
  redis.call('HINCRBY', figures, 'conversations', -1)
  redis.call('HINCRBY', figures, 'messages', negated(old[2]))
end
if live then
  redis.call('HINCRBY', figures, 'conversations', 1)
  redis.call('HINCRBY', figures, 'messages', messages)
end
local activity = KEYS[3]
local last = redis.call('GET', activity)
if not last or tonumber(last) < tonumber(occurredAt) then
  redis.call('SET', activity, occurredAt)
end
redis.call('HSET', conversationKey, 'version', version, 'live', live and '1' or '0', 'trip', trip,
  'messages', messages)
return 1
