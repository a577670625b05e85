// Package storetest is the contract test suite every store implementation
// must pass: run it with Run from the implementation's tests.
//
// Stored time.Time values are compared with Equal (after UTC
// normalisation), because the Redis store keeps JSON, which preserves the
// instant and the offset but not the *time.Location. Nil and empty slices
// are treated alike for the same reason.
package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/mentorship/checkins"
	"github.com/mentorship/checkins/store"
)

// Store is the behaviour the suite checks; *store.Memory and *store.Redis
// implement it.
type Store interface {
	Ping(ctx context.Context) error
	CreatePerson(ctx context.Context, p checkins.Person) error
	GetPerson(ctx context.Context, id string) (checkins.Person, error)
	UpdatePerson(ctx context.Context, p checkins.Person) error
	CreateAgreement(ctx context.Context, a checkins.Agreement) error
	GetAgreement(ctx context.Context, id string) (checkins.Agreement, error)
	UpdateAgreement(ctx context.Context, a checkins.Agreement) error
	ListAgreements(ctx context.Context, f store.AgreementFilter) ([]checkins.Agreement, error)
	CreateCheckIn(ctx context.Context, c checkins.CheckIn) error
	GetCheckIn(ctx context.Context, id string) (checkins.CheckIn, error)
	UpdateCheckIn(ctx context.Context, c checkins.CheckIn) error
	ListCheckIns(ctx context.Context, agreementID string) ([]checkins.CheckIn, error)
	ListMentorCheckIns(ctx context.Context, mentorID string, from, to time.Time) ([]checkins.CheckIn, error)
	ReserveIdempotency(ctx context.Context, key, fingerprint string, ttl time.Duration, now time.Time) (store.IdempotencyRecord, bool, error)
	CompleteIdempotency(ctx context.Context, rec store.IdempotencyRecord, ttl time.Duration) error
	ReleaseIdempotency(ctx context.Context, key string) error
	Lock(ctx context.Context, name string, ttl time.Duration) (token string, ok bool, err error)
	Unlock(ctx context.Context, name, token string) error
	ExtendLock(ctx context.Context, name, token string, ttl time.Duration) (bool, error)
	Close() error
}

// Run runs the whole suite. newStore must return an empty store for each
// call (for Redis: a fresh key prefix); subtests run in parallel.
func Run(t *testing.T, newStore func(t *testing.T) Store) {
	t.Helper()
	groups := []struct {
		name  string
		tests map[string]func(t *testing.T, s Store)
	}{
		{"people", peopleTests()},
		{"agreements", agreementTests()},
		{"checkins", checkInTests()},
		{"mentor", mentorTests()},
		{"idempotency", idempotencyTests()},
		{"locks", lockTests()},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			t.Parallel()
			for name, test := range g.tests {
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					s := newStore(t)
					t.Cleanup(func() { _ = s.Close() })
					if err := s.Ping(t.Context()); err != nil {
						t.Fatalf("Ping: got %v, want nil", err)
					}
					test(t, s)
				})
			}
		})
	}
}
