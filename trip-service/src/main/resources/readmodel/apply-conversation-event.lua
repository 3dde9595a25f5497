-- Applies one travya.conversations event, exactly once (by the conversation's version), to its
-- trip's conversation and message counts.
--
-- KEYS: the trip's keys, all in its hash slot {t:<trip>}, in the generation's key space (see
--   ReadModelKeys): 1 the conversation, 2 tc, 3 act.
-- ARGV[1]: a JSON object: conversation_id, version, live (false once the conversation is deleted),
--   trip_id, message_count, occurred_at_micros. Numbers are strings.
-- negated, signed and addToStats come from figures.lua, loaded in front of this script.
local e = cjson.decode(ARGV[1])
local conversationKey = KEYS[1]
local remembered = redis.call('HGET', conversationKey, 'version')
if remembered and tonumber(remembered) >= tonumber(e.version) then
  return 0
end
local figures = KEYS[2]
local old = redis.call('HMGET', conversationKey, 'live', 'messages')
if old[1] == '1' then
  redis.call('HINCRBY', figures, 'conversations', -1)
  redis.call('HINCRBY', figures, 'messages', negated(old[2]))
end
if e.live then
  redis.call('HINCRBY', figures, 'conversations', 1)
  redis.call('HINCRBY', figures, 'messages', e.message_count)
end
local activity = KEYS[3]
local last = redis.call('GET', activity)
if not last or tonumber(last) < tonumber(e.occurred_at_micros) then
  redis.call('SET', activity, e.occurred_at_micros)
end
redis.call('HSET', conversationKey, 'version', e.version, 'live', e.live and '1' or '0', 'trip', e.trip_id,
  'messages', e.message_count)
return 1
