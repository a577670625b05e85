package store_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/mentorship/checkins/store"
)

// fakeClock is a settable clock for NewMemoryWithClock.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// TestMemoryClock checks that TTLs follow the injected clock and that the
// sweep of expired entries keeps live ones.
func TestMemoryClock(t *testing.T) {
	t.Parallel()
	clock := &fakeClock{now: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	m := store.NewMemoryWithClock(clock.Now)
	ctx := t.Context()
	const n = 1500
	for i := range n {
		ttl := time.Minute
		if i%2 == 0 {
			ttl = time.Hour
		}
		if _, created, err := m.ReserveIdempotency(ctx, fmt.Sprint("k", i), "fp", ttl, clock.Now()); err != nil || !created {
			t.Fatalf("reserve %d: got created=%v, %v; want created", i, created, err)
		}
	}
	tok, ok, err := m.Lock(ctx, "l", time.Hour)
	if err != nil || !ok {
		t.Fatalf("Lock: got ok=%v, %v", ok, err)
	}
	clock.Advance(2 * time.Minute)
	for i := range n {
		_, created, err := m.ReserveIdempotency(ctx, fmt.Sprint("k", i), "fp", time.Hour, clock.Now())
		if err != nil {
			t.Fatalf("reserve %d again: %v", i, err)
		}
		if want := i%2 == 1; created != want {
			t.Fatalf("reserve %d after 2 minutes: got created=%v, want %v", i, created, want)
		}
	}
	if _, ok, _ := m.Lock(ctx, "l", time.Hour); ok {
		t.Errorf("Lock after 2 of 60 minutes: got ok, want still held")
	}
	clock.Advance(2 * time.Hour)
	if ok, _ := m.ExtendLock(ctx, "l", tok, time.Hour); ok {
		t.Errorf("ExtendLock of an expired lock: got true, want false")
	}
	if _, ok, _ := m.Lock(ctx, "l", time.Hour); !ok {
		t.Errorf("Lock after expiry: got held, want ok")
	}
}
