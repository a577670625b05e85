package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/mentorship/checkins"
	"github.com/mentorship/checkins/internal/redistest"
	"github.com/mentorship/checkins/schedule"
	"github.com/mentorship/checkins/store"
	"github.com/mentorship/checkins/store/storetest"
	"github.com/redis/go-redis/v9"
)

var (
	_ storetest.Store = (*store.Memory)(nil)
	_ storetest.Store = (*store.Redis)(nil)
)

func TestMemory(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(*testing.T) storetest.Store { return store.NewMemory() })
}

func TestRedis(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) storetest.Store {
		client, prefix := redistest.New(t)
		return store.NewRedis(client, prefix)
	})
}

// TestRedisRestart checks that a new *Redis over the same keys sees every
// record, held cycle, index, lock and idempotency record.
func TestRedisRestart(t *testing.T) {
	t.Parallel()
	client, prefix := redistest.New(t)
	ctx := t.Context()
	first := store.NewRedis(client, prefix)
	start := time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC)
	a := checkins.Agreement{ID: "a1", MentorID: "m1", MenteeID: "e1", StartsOn: schedule.DateOf(start), Status: checkins.StatusActive, AutoBook: true, CreatedAt: start}
	c := checkins.CheckIn{ID: "c1", AgreementID: "a1", MentorID: "m1", Cycle: 2, Start: start, End: start.Add(30 * time.Minute), Status: checkins.CheckInBooked}
	for what, err := range map[string]error{
		"CreatePerson":    first.CreatePerson(ctx, checkins.Person{ID: "m1", Name: "Mentor"}),
		"CreateAgreement": first.CreateAgreement(ctx, a),
		"CreateCheckIn":   first.CreateCheckIn(ctx, c),
	} {
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	token, ok, err := first.Lock(ctx, "mentor:m1", time.Minute)
	if err != nil || !ok {
		t.Fatalf("Lock: got ok=%v err=%v", ok, err)
	}
	if _, _, err := first.ReserveIdempotency(ctx, "k", "fp", time.Minute, start); err != nil {
		t.Fatalf("ReserveIdempotency: %v", err)
	}
	if err := first.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	second := store.NewRedis(client, prefix)
	if p, err := second.GetPerson(ctx, "m1"); err != nil || p.Name != "Mentor" {
		t.Errorf("GetPerson: got %+v, %v; want Mentor", p, err)
	}
	if as, err := second.ListAgreements(ctx, store.AgreementFilter{PersonID: "e1", AutoBook: true}); err != nil || len(as) != 1 {
		t.Errorf("ListAgreements: got %d, %v; want 1", len(as), err)
	}
	if got, err := second.GetCheckIn(ctx, "c1"); err != nil || !got.Start.Equal(start) {
		t.Errorf("GetCheckIn: got %+v, %v; want start %v", got, err, start)
	}
	if cs, err := second.ListMentorCheckIns(ctx, "m1", start, start.Add(time.Hour)); err != nil || len(cs) != 1 {
		t.Errorf("ListMentorCheckIns: got %d, %v; want 1", len(cs), err)
	}
	again := c
	again.ID = "c2"
	var ce *checkins.ConflictError
	if err := second.CreateCheckIn(ctx, again); !errors.As(err, &ce) || ce.Kind != checkins.ConflictCycleAlreadyBooked {
		t.Errorf("CreateCheckIn for the held cycle: got %v, want %s", err, checkins.ConflictCycleAlreadyBooked)
	}
	if _, ok, _ := second.Lock(ctx, "mentor:m1", time.Minute); ok {
		t.Errorf("Lock: got ok, want still held")
	}
	if ok, err := second.ExtendLock(ctx, "mentor:m1", token, time.Minute); err != nil || !ok {
		t.Errorf("ExtendLock with the old token: got %v, %v; want true", ok, err)
	}
	if _, created, err := second.ReserveIdempotency(ctx, "k", "fp", time.Minute, start); err != nil || created {
		t.Errorf("ReserveIdempotency: got created=%v, %v; want the existing record", created, err)
	}
}

// TestRedisUnavailable checks that a dead server reads as ErrUnavailable.
func TestRedisUnavailable(t *testing.T) {
	t.Parallel()
	client := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", MaxRetries: -1, DialTimeout: 200 * time.Millisecond, DialerRetries: 1, DialerRetryTimeout: time.Millisecond})
	t.Cleanup(func() { _ = client.Close() })
	s := store.NewRedis(client, "x:")
	ctx := t.Context()
	_, getErr := s.GetPerson(ctx, "p")
	_, listErr := s.ListAgreements(ctx, store.AgreementFilter{})
	_, _, lockErr := s.Lock(ctx, "l", time.Second)
	for what, err := range map[string]error{
		"Ping":           s.Ping(ctx),
		"GetPerson":      getErr,
		"ListAgreements": listErr,
		"Lock":           lockErr,
		"CreateCheckIn":  s.CreateCheckIn(ctx, checkins.CheckIn{ID: "c", AgreementID: "a", MentorID: "m"}),
	} {
		if !errors.Is(err, checkins.ErrUnavailable) {
			t.Errorf("%s: got %v, want ErrUnavailable", what, err)
		}
		if errors.Is(err, checkins.ErrNotFound) {
			t.Errorf("%s: got %v, which also matches ErrNotFound", what, err)
		}
	}
}
