package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/mentorship/checkins/store"
)

// eventually polls cond every 10ms for up to 3s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: did not happen within 3s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func idempotencyTests() map[string]func(t *testing.T, s Store) {
	return map[string]func(t *testing.T, s Store){
		"reserve, replay, complete, release": func(t *testing.T, s Store) {
			ctx := t.Context()
			rec, created, err := s.ReserveIdempotency(ctx, "tok:k1", "fp1", time.Hour, base)
			must(t, "ReserveIdempotency", err)
			want := store.IdempotencyRecord{Key: "tok:k1", Fingerprint: "fp1", CreatedAt: base}
			if !created {
				t.Errorf("first reserve: got created=false, want true")
			}
			mustEqual(t, "first reserve", rec, want)
			rec, created, err = s.ReserveIdempotency(ctx, "tok:k1", "fp2", time.Hour, base.Add(time.Second))
			must(t, "ReserveIdempotency", err)
			if created {
				t.Errorf("second reserve: got created=true, want false")
			}
			mustEqual(t, "in-flight record", rec, want)
			done := store.IdempotencyRecord{Key: "tok:k1", Fingerprint: "fp1", Status: 201,
				Header: map[string]string{"Content-Type": "application/json", "Location": "/v1/checkins/c1"},
				Body:   []byte(`{"id":"c1"}`), CreatedAt: base}
			must(t, "CompleteIdempotency", s.CompleteIdempotency(ctx, done, time.Hour))
			done.Header["Location"] = "mutated"
			rec, created, err = s.ReserveIdempotency(ctx, "tok:k1", "fp1", time.Hour, base.Add(time.Minute))
			must(t, "ReserveIdempotency", err)
			want = store.IdempotencyRecord{Key: "tok:k1", Fingerprint: "fp1", Done: true, Status: 201,
				Header: map[string]string{"Content-Type": "application/json", "Location": "/v1/checkins/c1"},
				Body:   []byte(`{"id":"c1"}`), CreatedAt: base}
			if created {
				t.Errorf("reserve after complete: got created=true, want false")
			}
			mustEqual(t, "completed record", rec, want)
			_, created, err = s.ReserveIdempotency(ctx, "tok:k2", "fp1", time.Hour, base)
			must(t, "ReserveIdempotency other key", err)
			if !created {
				t.Errorf("other key: got created=false, want true")
			}
			must(t, "ReleaseIdempotency", s.ReleaseIdempotency(ctx, "tok:k1"))
			must(t, "ReleaseIdempotency absent", s.ReleaseIdempotency(ctx, "tok:never"))
			rec, created, err = s.ReserveIdempotency(ctx, "tok:k1", "fp3", time.Hour, base)
			must(t, "ReserveIdempotency after release", err)
			if !created || rec.Fingerprint != "fp3" || rec.Done {
				t.Errorf("after release: got created=%v %+v, want a new in-flight record with fp3", created, rec)
			}
		},
		"50 concurrent reserves: exactly one creates": func(t *testing.T, s Store) {
			const n = 50
			var mu sync.Mutex
			var wg sync.WaitGroup
			createdBy := []string{}
			for i := range n {
				wg.Go(func() {
					fp := fmt.Sprintf("fp%d", i)
					rec, created, err := s.ReserveIdempotency(t.Context(), "tok:race", fp, time.Hour, base)
					if err != nil {
						t.Errorf("reserve %d: got error %v", i, err)
						return
					}
					if created {
						mu.Lock()
						createdBy = append(createdBy, rec.Fingerprint)
						mu.Unlock()
					}
				})
			}
			wg.Wait()
			if len(createdBy) != 1 {
				t.Fatalf("creators: got %d, want 1", len(createdBy))
			}
			rec, _, err := s.ReserveIdempotency(t.Context(), "tok:race", "late", time.Hour, base)
			must(t, "ReserveIdempotency", err)
			if rec.Fingerprint != createdBy[0] {
				t.Errorf("stored fingerprint: got %q, want the creator's %q", rec.Fingerprint, createdBy[0])
			}
		},
		"records expire": func(t *testing.T, s Store) {
			ctx := t.Context()
			_, _, err := s.ReserveIdempotency(ctx, "tok:short", "fp", 100*time.Millisecond, base)
			must(t, "ReserveIdempotency", err)
			if _, created, _ := s.ReserveIdempotency(ctx, "tok:short", "fp", time.Hour, base); created {
				t.Fatalf("reserve right after: got created=true, want false")
			}
			eventually(t, "in-flight record expiry", func() bool {
				_, created, err := s.ReserveIdempotency(ctx, "tok:short", "fp", 100*time.Millisecond, base)
				return err == nil && created
			})
			must(t, "CompleteIdempotency", s.CompleteIdempotency(ctx, store.IdempotencyRecord{Key: "tok:short", Status: 200}, 100*time.Millisecond))
			eventually(t, "completed record expiry", func() bool {
				_, created, err := s.ReserveIdempotency(ctx, "tok:short", "fp", time.Hour, base)
				return err == nil && created
			})
		},
	}
}

func lockTests() map[string]func(t *testing.T, s Store) {
	return map[string]func(t *testing.T, s Store){
		"exclusive, owner-only unlock": func(t *testing.T, s Store) {
			ctx := t.Context()
			tok, ok, err := s.Lock(ctx, "mentor:m1", time.Minute)
			must(t, "Lock", err)
			if !ok || tok == "" {
				t.Fatalf("first Lock: got ok=%v token=%q, want ok and a token", ok, tok)
			}
			if _, ok, err := s.Lock(ctx, "mentor:m1", time.Minute); err != nil || ok {
				t.Fatalf("second Lock: got ok=%v err=%v, want ok=false", ok, err)
			}
			if _, ok, err := s.Lock(ctx, "mentor:m2", time.Minute); err != nil || !ok {
				t.Errorf("other lock: got ok=%v err=%v, want ok", ok, err)
			}
			must(t, "Unlock by a stranger", s.Unlock(ctx, "mentor:m1", "not-the-token"))
			if _, ok, _ := s.Lock(ctx, "mentor:m1", time.Minute); ok {
				t.Fatalf("Lock after a stranger's Unlock: got ok, want still held")
			}
			must(t, "Unlock", s.Unlock(ctx, "mentor:m1", tok))
			tok2, ok, err := s.Lock(ctx, "mentor:m1", time.Minute)
			if err != nil || !ok || tok2 == tok {
				t.Errorf("Lock after Unlock: got ok=%v err=%v token reused=%v, want ok with a new token", ok, err, tok2 == tok)
			}
			must(t, "stale Unlock", s.Unlock(ctx, "mentor:m1", tok))
			if _, ok, _ := s.Lock(ctx, "mentor:m1", time.Minute); ok {
				t.Errorf("Lock after the previous owner's Unlock: got ok, want still held by the new owner")
			}
		},
		"50 concurrent lockers: exactly one wins": func(t *testing.T, s Store) {
			const n = 50
			var mu sync.Mutex
			var wg sync.WaitGroup
			winners := 0
			for i := range n {
				wg.Go(func() {
					_, ok, err := s.Lock(t.Context(), "hot", time.Minute)
					if err != nil {
						t.Errorf("Lock %d: got error %v", i, err)
					}
					if ok {
						mu.Lock()
						winners++
						mu.Unlock()
					}
				})
			}
			wg.Wait()
			if winners != 1 {
				t.Errorf("winners: got %d, want 1", winners)
			}
		},
		"expiry and extension": func(t *testing.T, s Store) {
			ctx := t.Context()
			tok, ok, err := s.Lock(ctx, "short", 100*time.Millisecond)
			if err != nil || !ok {
				t.Fatalf("Lock: got ok=%v err=%v", ok, err)
			}
			eventually(t, "lock expiry", func() bool {
				_, ok, err := s.Lock(ctx, "short", time.Minute)
				return err == nil && ok
			})
			if ok, err := s.ExtendLock(ctx, "short", tok, time.Minute); err != nil || ok {
				t.Errorf("ExtendLock by the expired owner: got %v, %v; want false", ok, err)
			}
			tok, ok, err = s.Lock(ctx, "long", 150*time.Millisecond)
			if err != nil || !ok {
				t.Fatalf("Lock: got ok=%v err=%v", ok, err)
			}
			if ok, err := s.ExtendLock(ctx, "long", "stranger", time.Minute); err != nil || ok {
				t.Errorf("ExtendLock by a stranger: got %v, %v; want false", ok, err)
			}
			if ok, err := s.ExtendLock(ctx, "long", tok, time.Minute); err != nil || !ok {
				t.Fatalf("ExtendLock by the owner: got %v, %v; want true", ok, err)
			}
			time.Sleep(300 * time.Millisecond)
			if _, ok, _ := s.Lock(ctx, "long", time.Minute); ok {
				t.Errorf("Lock after the first TTL of an extended lock: got ok, want still held")
			}
		},
	}
}
