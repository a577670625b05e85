package calendar

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"
)

// Backend is the storage under a Cache: the in-process MemoryBackend or
// Redis (package rediscache). Implementations are safe for concurrent use;
// the Cache treats every error as a miss (it fails open).
type Backend interface {
	// MGet returns the value of each key, nil for a missing one.
	MGet(ctx context.Context, keys []string) ([][]byte, error)
	// MSet stores every value, each expiring after ttl.
	MSet(ctx context.Context, values map[string][]byte, ttl time.Duration) error
	// Incr adds one to the decimal integer at key (absent counts as 0),
	// stores it without expiry and returns the new value. MGet returns the
	// value as decimal text.
	Incr(ctx context.Context, key string) (int64, error)
}

// MemoryBackend is a Backend in process memory, for a single replica and
// for tests. Expiry follows the clock it was given.
type MemoryBackend struct {
	now func() time.Time

	mu     sync.Mutex
	items  map[string]memoryItem
	writes int
}

type memoryItem struct {
	val     []byte
	expires time.Time // zero: never
}

// memorySweepEvery is how many writes pass between sweeps of expired items.
const memorySweepEvery = 1024

// NewMemoryBackend returns an empty MemoryBackend.
func NewMemoryBackend(now func() time.Time) *MemoryBackend {
	return &MemoryBackend{now: now, items: map[string]memoryItem{}}
}

// MGet implements Backend.
func (m *MemoryBackend) MGet(_ context.Context, keys []string) ([][]byte, error) {
	now := m.now()
	out := make([][]byte, len(keys))
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, k := range keys {
		it, ok := m.items[k]
		if !ok {
			continue
		}
		if !it.expires.IsZero() && !now.Before(it.expires) {
			delete(m.items, k)
			continue
		}
		out[i] = append([]byte(nil), it.val...)
	}
	return out, nil
}

// MSet implements Backend.
func (m *MemoryBackend) MSet(_ context.Context, values map[string][]byte, ttl time.Duration) error {
	if ttl <= 0 {
		return fmt.Errorf("memory cache: ttl %v must be positive", ttl)
	}
	now := m.now()
	m.mu.Lock()
	defer m.mu.Unlock()
	for k, v := range values {
		m.items[k] = memoryItem{val: append([]byte(nil), v...), expires: now.Add(ttl)}
	}
	m.writes += len(values)
	if m.writes >= memorySweepEvery {
		m.writes = 0
		for k, it := range m.items {
			if !it.expires.IsZero() && !now.Before(it.expires) {
				delete(m.items, k)
			}
		}
	}
	return nil
}

// Incr implements Backend.
func (m *MemoryBackend) Incr(_ context.Context, key string) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var n int64
	if it, ok := m.items[key]; ok {
		v, err := strconv.ParseInt(string(it.val), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("memory cache: incr %q: not an integer", key)
		}
		n = v
	}
	n++
	m.items[key] = memoryItem{val: []byte(strconv.FormatInt(n, 10))}
	return n, nil
}

// Len returns the number of stored items, expired or not (for tests and
// metrics).
func (m *MemoryBackend) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.items)
}
