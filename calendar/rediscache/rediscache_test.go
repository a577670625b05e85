package rediscache_test

import (
	"context"
	"testing"
	"time"

	"github.com/mentorship/checkins/calendar/rediscache"
	"github.com/mentorship/checkins/internal/redistest"
)

func TestBackend(t *testing.T) {
	t.Parallel()
	client, prefix := redistest.New(t)
	b := rediscache.New(client, prefix)
	ctx := context.Background()
	if err := b.MSet(ctx, map[string][]byte{"k1": []byte("v1"), "k2": []byte("v2")}, time.Minute); err != nil {
		t.Fatalf("MSet: %v", err)
	}
	got, err := b.MGet(ctx, []string{"k1", "missing", "k2"})
	if err != nil {
		t.Fatalf("MGet: %v", err)
	}
	if len(got) != 3 || string(got[0]) != "v1" || got[1] != nil || string(got[2]) != "v2" {
		t.Fatalf("got %q, want [v1 nil v2]", got)
	}
	ttl, err := client.PTTL(ctx, prefix+"k1").Result()
	if err != nil || ttl <= 50*time.Second || ttl > time.Minute {
		t.Errorf("got PTTL %v (err %v) under the prefix, want about 1m", ttl, err)
	}
	for want := int64(1); want <= 2; want++ {
		n, err := b.Incr(ctx, "gen")
		if err != nil || n != want {
			t.Fatalf("Incr: got %d, %v; want %d", n, err, want)
		}
	}
	vals, err := b.MGet(ctx, []string{"gen"})
	if err != nil || string(vals[0]) != "2" {
		t.Errorf("MGet gen: got %q, %v; want \"2\"", vals, err)
	}
}
