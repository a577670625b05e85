package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// reserveIdem returns the live record, or stores ARGV[1] for ARGV[2] ms
// and returns nil.
var reserveIdem = redis.NewScript(`
local v = redis.call('GET', KEYS[1])
if v then return v end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return false
`)

// unlock deletes the lock when it still holds ARGV[1].
var unlock = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`)

// extendLock resets the lock's TTL to ARGV[2] ms when it still holds ARGV[1].
var extendLock = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`)

// ttlMillis turns a TTL into whole milliseconds, at least one.
func ttlMillis(ttl time.Duration) int64 { return max(ttl.Milliseconds(), 1) }

// ReserveIdempotency stores an in-flight record for key when there is none
// (created=true) or returns the live one (created=false), atomically.
func (r *Redis) ReserveIdempotency(ctx context.Context, key, fingerprint string, ttl time.Duration, now time.Time) (IdempotencyRecord, bool, error) {
	if key == "" {
		return IdempotencyRecord{}, false, errEmptyName
	}
	rec := IdempotencyRecord{Key: key, Fingerprint: fingerprint, CreatedAt: now}
	raw, err := json.Marshal(rec)
	if err != nil {
		return IdempotencyRecord{}, false, fmt.Errorf("store: encode idempotency record: %w", err)
	}
	got, err := reserveIdem.Run(ctx, r.client, []string{r.idemKey(key)}, raw, ttlMillis(ttl)).Text()
	if errors.Is(err, redis.Nil) {
		return rec, true, nil
	}
	if err != nil {
		return IdempotencyRecord{}, false, unavailable("reserve idempotency key", err)
	}
	var existing IdempotencyRecord
	if err := json.Unmarshal([]byte(got), &existing); err != nil {
		return IdempotencyRecord{}, false, fmt.Errorf("store: decode idempotency record: %w", err)
	}
	return existing, false, nil
}

// CompleteIdempotency stores rec, marked done, under rec.Key for ttl.
func (r *Redis) CompleteIdempotency(ctx context.Context, rec IdempotencyRecord, ttl time.Duration) error {
	if rec.Key == "" {
		return errEmptyName
	}
	rec.Done = true
	raw, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("store: encode idempotency record: %w", err)
	}
	return unavailable("complete idempotency key", r.client.Set(ctx, r.idemKey(rec.Key), raw, time.Duration(ttlMillis(ttl))*time.Millisecond).Err())
}

// ReleaseIdempotency deletes the record of key, if any.
func (r *Redis) ReleaseIdempotency(ctx context.Context, key string) error {
	return unavailable("release idempotency key", r.client.Del(ctx, r.idemKey(key)).Err())
}

// Lock takes the named lock for ttl (SET NX PX with a random token) when it
// is free; ok is false when someone else holds it.
func (r *Redis) Lock(ctx context.Context, name string, ttl time.Duration) (string, bool, error) {
	if name == "" {
		return "", false, errEmptyName
	}
	token := randomToken()
	ok, err := r.client.SetNX(ctx, r.lockKey(name), token, time.Duration(ttlMillis(ttl))*time.Millisecond).Result()
	if err != nil {
		return "", false, unavailable("lock", err)
	}
	if !ok {
		return "", false, nil
	}
	return token, true, nil
}

// Unlock releases the lock when token still owns it; otherwise it does
// nothing.
func (r *Redis) Unlock(ctx context.Context, name, token string) error {
	return unavailable("unlock", unlock.Run(ctx, r.client, []string{r.lockKey(name)}, token).Err())
}

// ExtendLock resets the lock's TTL when token still owns it.
func (r *Redis) ExtendLock(ctx context.Context, name, token string, ttl time.Duration) (bool, error) {
	n, err := extendLock.Run(ctx, r.client, []string{r.lockKey(name)}, token, ttlMillis(ttl)).Int()
	if err != nil {
		return false, unavailable("extend lock", err)
	}
	return n == 1, nil
}
