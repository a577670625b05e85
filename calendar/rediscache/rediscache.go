// Package rediscache stores the availability cache (calendar.Cache) in
// Redis, Redis Cluster or Sentinel through go-redis's universal client.
package rediscache

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mentorship/checkins/calendar"
)

// Backend implements calendar.Backend on Redis. Every key is stored under
// a prefix (e.g. "checkins:cache:").
type Backend struct {
	client redis.UniversalClient
	prefix string
}

var _ calendar.Backend = (*Backend)(nil)

// New returns a Backend using client with keys under prefix. Give the
// client ContextTimeoutEnabled so that the cache's short read timeout
// holds.
func New(client redis.UniversalClient, prefix string) *Backend {
	return &Backend{client: client, prefix: prefix}
}

// MGet reads keys in one round trip. It pipelines GETs rather than
// sending one MGET, so that keys of different hash slots work on Redis
// Cluster.
func (b *Backend) MGet(ctx context.Context, keys []string) ([][]byte, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	cmds := make([]*redis.StringCmd, len(keys))
	_, err := b.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, k := range keys {
			cmds[i] = p.Get(ctx, b.prefix+k)
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("redis cache get: %w", err)
	}
	out := make([][]byte, len(keys))
	for i, cmd := range cmds {
		v, err := cmd.Bytes()
		switch {
		case errors.Is(err, redis.Nil):
		case err != nil:
			return nil, fmt.Errorf("redis cache get %q: %w", keys[i], err)
		default:
			out[i] = v
		}
	}
	return out, nil
}

// MSet stores values with SET PX in one pipeline.
func (b *Backend) MSet(ctx context.Context, values map[string][]byte, ttl time.Duration) error {
	if len(values) == 0 {
		return nil
	}
	_, err := b.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		for k, v := range values {
			p.Set(ctx, b.prefix+k, v, ttl)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("redis cache set: %w", err)
	}
	return nil
}

// Incr increments the integer at key with INCR.
func (b *Backend) Incr(ctx context.Context, key string) (int64, error) {
	n, err := b.client.Incr(ctx, b.prefix+key).Result()
	if err != nil {
		return 0, fmt.Errorf("redis cache incr %q: %w", key, err)
	}
	return n, nil
}
