-- Renews or releases a lock only while it is still ours (a slow holder must not free the next one's lock).
-- KEYS[1] lock key
-- ARGV[1] holder token   ARGV[2] new time to live in ms, or 0 to release
-- Returns 1 when the lock was ours, 0 otherwise.
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if tonumber(ARGV[2]) == 0 then
  redis.call('DEL', KEYS[1])
else
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 1
