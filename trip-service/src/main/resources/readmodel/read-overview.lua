-- A trip's overview in one round trip, from the trip's keys in the generation served (the caller
-- read which one it is): all in the trip's hash slot {t:<trip>}.
-- KEYS: 1 trip, 2 itin, 3 itindays, 4 tb, 5 tc, 6 act
-- Returns {{trip field/value...}, items, days covered, {booking figures...}, {conversation figures...},
--          last activity or false}
return {
  redis.call('HGETALL', KEYS[1]),
  redis.call('HLEN', KEYS[2]),
  redis.call('HLEN', KEYS[3]),
  redis.call('HGETALL', KEYS[4]),
  redis.call('HGETALL', KEYS[5]),
  redis.call('GET', KEYS[6])
}
