package storetest

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/mentorship/checkins"
)

// seed stores agreement a1 of mentor m1 and mentee e1.
func seed(t *testing.T, s Store) {
	t.Helper()
	must(t, "CreateAgreement", s.CreateAgreement(t.Context(), agreement("a1", "m1", "e1", base)))
}

// mustCycleTaken checks err is the cycle-already-booked conflict.
func mustCycleTaken(t *testing.T, what string, err error) {
	t.Helper()
	var ce *checkins.ConflictError
	if !errors.As(err, &ce) || ce.Kind != checkins.ConflictCycleAlreadyBooked || !errors.Is(err, checkins.ErrConflict) {
		t.Errorf("%s: got error %v, want a %s ConflictError", what, err, checkins.ConflictCycleAlreadyBooked)
	}
}

func checkInTests() map[string]func(t *testing.T, s Store) {
	return map[string]func(t *testing.T, s Store){
		"round trip keeps every field": func(t *testing.T, s Store) {
			seed(t, s)
			c := checkIn("c1", "a1", "m1", 3, base.In(zone(t)))
			c.Generation = 2
			must(t, "CreateCheckIn", s.CreateCheckIn(t.Context(), c))
			got, err := s.GetCheckIn(t.Context(), "c1")
			must(t, "GetCheckIn", err)
			mustEqual(t, "GetCheckIn", got, c)
			async := checkIn("c2", "a1", "m1", 4, time.Time{})
			async.Start, async.End, async.Event = time.Time{}, time.Time{}, nil
			must(t, "CreateCheckIn async", s.CreateCheckIn(t.Context(), async))
			got, err = s.GetCheckIn(t.Context(), "c2")
			must(t, "GetCheckIn async", err)
			mustEqual(t, "GetCheckIn async", got, async)
		},
		"missing check-in, taken id, fixed placement": func(t *testing.T, s Store) {
			seed(t, s)
			_, err := s.GetCheckIn(t.Context(), "nope")
			mustErr(t, "GetCheckIn", err, checkins.ErrNotFound)
			mustErr(t, "UpdateCheckIn", s.UpdateCheckIn(t.Context(), checkIn("nope", "a1", "m1", 0, base)), checkins.ErrNotFound)
			c := checkIn("c1", "a1", "m1", 0, base)
			must(t, "CreateCheckIn", s.CreateCheckIn(t.Context(), c))
			again := checkIn("c1", "a1", "m1", 1, base.Add(time.Hour))
			err = s.CreateCheckIn(t.Context(), again)
			mustErr(t, "CreateCheckIn with a taken id", err, checkins.ErrConflict)
			moved := c
			moved.Cycle = 1
			mustErr(t, "UpdateCheckIn changing cycle", s.UpdateCheckIn(t.Context(), moved), checkins.ErrConflict)
			got, err := s.GetCheckIn(t.Context(), "c1")
			must(t, "GetCheckIn", err)
			mustEqual(t, "GetCheckIn after refusals", got, c)
		},
		"one check-in per cycle, pending holds, cancelled does not": func(t *testing.T, s Store) {
			seed(t, s)
			cancelled := checkIn("c0", "a1", "m1", 0, base)
			cancelled.Status = checkins.CheckInCancelled
			must(t, "CreateCheckIn cancelled", s.CreateCheckIn(t.Context(), cancelled))
			pending := checkIn("c1", "a1", "m1", 0, base)
			pending.Status = checkins.CheckInPending
			must(t, "CreateCheckIn pending", s.CreateCheckIn(t.Context(), pending))
			mustCycleTaken(t, "CreateCheckIn booked", s.CreateCheckIn(t.Context(), checkIn("c2", "a1", "m1", 0, base)))
			must(t, "CreateCheckIn other cycle", s.CreateCheckIn(t.Context(), checkIn("c3", "a1", "m1", 1, base)))
			must(t, "CreateCheckIn other agreement", s.CreateCheckIn(t.Context(), checkIn("c4", "a2", "m1", 0, base)))
			if _, err := s.GetCheckIn(t.Context(), "c2"); !errors.Is(err, checkins.ErrNotFound) {
				t.Errorf("GetCheckIn of refused check-in: got %v, want ErrNotFound", err)
			}
		},
		"50 concurrent bookings of one cycle: exactly one wins": func(t *testing.T, s Store) {
			seed(t, s)
			const n = 50
			errs := make([]error, n)
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() {
					errs[i] = s.CreateCheckIn(t.Context(), checkIn(fmt.Sprintf("c%02d", i), "a1", "m1", 7, base.Add(time.Duration(i)*time.Minute)))
				})
			}
			wg.Wait()
			won := 0
			for i, err := range errs {
				if err == nil {
					won++
					continue
				}
				mustCycleTaken(t, fmt.Sprintf("booking %d", i), err)
			}
			if won != 1 {
				t.Fatalf("successful bookings: got %d, want 1", won)
			}
			list, err := s.ListCheckIns(t.Context(), "a1")
			must(t, "ListCheckIns", err)
			if len(list) != 1 {
				t.Errorf("stored check-ins: got %d (%v), want 1", len(list), ids(list))
			}
			mentor, err := s.ListMentorCheckIns(t.Context(), "m1", base, base.Add(2*time.Hour))
			must(t, "ListMentorCheckIns", err)
			if len(mentor) != 1 {
				t.Errorf("mentor index: got %d (%v), want 1", len(mentor), ids(mentor))
			}
		},
		"cancelling frees the cycle for the next generation": func(t *testing.T, s Store) {
			seed(t, s)
			first := checkIn("c1", "a1", "m1", 2, base)
			must(t, "CreateCheckIn", s.CreateCheckIn(t.Context(), first))
			first.Status = checkins.CheckInCancelled
			must(t, "UpdateCheckIn cancel", s.UpdateCheckIn(t.Context(), first))
			second := checkIn("c2", "a1", "m1", 2, base.Add(time.Hour))
			second.Generation = first.Generation + 1
			second.CreatedAt = first.CreatedAt.Add(time.Minute)
			must(t, "CreateCheckIn after cancel", s.CreateCheckIn(t.Context(), second))
			revived := first
			revived.Status = checkins.CheckInBooked
			mustCycleTaken(t, "UpdateCheckIn reviving the cancelled one", s.UpdateCheckIn(t.Context(), revived))
			mustCycleTaken(t, "CreateCheckIn third", s.CreateCheckIn(t.Context(), checkIn("c3", "a1", "m1", 2, base)))
			second.Agenda = []string{"changed"}
			must(t, "UpdateCheckIn holder keeps its cycle", s.UpdateCheckIn(t.Context(), second))
			got, err := s.GetCheckIn(t.Context(), "c1")
			must(t, "GetCheckIn", err)
			mustEqual(t, "GetCheckIn cancelled", got, first)
		},
		"list by agreement: all states by cycle then created_at": func(t *testing.T, s Store) {
			seed(t, s)
			must(t, "CreateAgreement a2", s.CreateAgreement(t.Context(), agreement("a2", "m1", "e2", base)))
			c2 := checkIn("c2", "a1", "m1", 2, base)
			old := checkIn("c1b", "a1", "m1", 1, base)
			old.Status, old.CreatedAt = checkins.CheckInCancelled, base.Add(-time.Hour)
			newer := checkIn("c1a", "a1", "m1", 1, base)
			newer.CreatedAt = base.Add(time.Hour)
			other := checkIn("x", "a2", "m1", 0, base)
			for _, c := range []checkins.CheckIn{c2, newer, old, other, checkIn("c0", "a1", "m1", 0, base)} {
				must(t, "CreateCheckIn "+c.ID, s.CreateCheckIn(t.Context(), c))
			}
			got, err := s.ListCheckIns(t.Context(), "a1")
			must(t, "ListCheckIns", err)
			if want := []string{"c0", "c1b", "c1a", "c2"}; !slices.Equal(ids(got), want) {
				t.Errorf("ListCheckIns: got %v, want %v", ids(got), want)
			}
			if len(got) == 4 {
				mustEqual(t, "listed check-in", got[3], c2)
			}
			none, err := s.ListCheckIns(t.Context(), "unknown")
			must(t, "ListCheckIns unknown", err)
			if len(none) != 0 {
				t.Errorf("ListCheckIns of an unknown agreement: got %v, want none", ids(none))
			}
		},
	}
}
