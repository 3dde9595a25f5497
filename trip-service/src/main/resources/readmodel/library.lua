-- The read-model functions' library (ReadModelFunctions writes the rest: each apply-*.lua, with the
-- files it needs in front of it, becomes the body of one function(KEYS, ARGV), registered under a
-- name that carries the library's content hash, so trip-services of two versions can run side by
-- side). Redis keeps a library with the data (RDB, AOF, replication), unlike the script cache.
--
-- ordered(apply): an apply function whose event may follow an earlier event of the same aggregate in
-- one batch (Projector) takes, as its first argument, that earlier event's version ('' for none). Its
-- KEYS[1] is the aggregate's hash, whose 'version' is the newest version applied. If that earlier
-- event did not take effect (Redis refused it: its function was missing, or anything else), this one
-- is refused too, before it writes anything: a later event of an aggregate never takes effect before
-- an earlier one of its batch, whose version check would then skip the earlier one (a lost update).
-- The refused calls are sent again, in their order, or the batch fails from the first of them.
local function ordered(apply)
  return function(keys, args)
    local after = args[1]
    if after ~= '' then
      local remembered = redis.call('HGET', keys[1], 'version')
      if not remembered or tonumber(remembered) < tonumber(after) then
        return redis.error_reply('UNORDERED the event before this one in its batch did not take effect')
      end
    end
    return apply(keys, { unpack(args, 2) })
  end
end
