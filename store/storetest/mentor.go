package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/mentorship/checkins"
)

func mentorTests() map[string]func(t *testing.T, s Store) {
	return map[string]func(t *testing.T, s Store){
		"window overlap, touching is not overlapping": func(t *testing.T, s Store) {
			seed(t, s)
			must(t, "CreateAgreement a2", s.CreateAgreement(t.Context(), agreement("a2", "m1", "e2", base)))
			must(t, "CreateAgreement a3", s.CreateAgreement(t.Context(), agreement("a3", "m2", "e1", base)))
			h := base.Truncate(time.Hour) // 09:00 UTC
			cancelled := checkIn("gone", "a1", "m1", 3, h)
			cancelled.Status = checkins.CheckInCancelled
			pending := checkIn("p", "a2", "m1", 1, h.Add(4*time.Hour))
			pending.Status = checkins.CheckInPending
			async := checkIn("async", "a1", "m1", 4, time.Time{})
			async.Start, async.End = time.Time{}, time.Time{}
			for _, c := range []checkins.CheckIn{
				checkIn("b", "a2", "m1", 0, h.Add(2*time.Hour)),  // 11:00-11:30
				checkIn("a", "a1", "m1", 0, h),                   // 09:00-09:30
				checkIn("c", "a1", "m1", 1, h.Add(26*time.Hour)), // next day 11:00
				checkIn("other", "a3", "m2", 0, h),               // another mentor
				cancelled, pending, async,
			} {
				must(t, "CreateCheckIn "+c.ID, s.CreateCheckIn(t.Context(), c))
			}
			for _, tc := range []struct {
				name     string
				from, to time.Time
				want     []string
			}{
				{"whole day", h.Add(-9 * time.Hour), h.Add(15 * time.Hour), []string{"a", "b", "p"}},
				{"ends where a starts", h.Add(-time.Hour), h, []string{}},
				{"starts where a ends", h.Add(30 * time.Minute), h.Add(2 * time.Hour), []string{}},
				{"last minute of a", h.Add(29 * time.Minute), h.Add(30 * time.Minute), []string{"a"}},
				{"inside a", h.Add(10 * time.Minute), h.Add(20 * time.Minute), []string{"a"}},
				{"first minute of b", h.Add(time.Hour), h.Add(2*time.Hour + time.Minute), []string{"b"}},
				{"two days", h.Add(-time.Hour), h.Add(48 * time.Hour), []string{"a", "b", "p", "c"}},
				{"empty window", h, h, []string{}},
			} {
				got, err := s.ListMentorCheckIns(t.Context(), "m1", tc.from, tc.to)
				must(t, "ListMentorCheckIns", err)
				if !slices.Equal(ids(got), tc.want) {
					t.Errorf("%s: ListMentorCheckIns(%v, %v): got %v, want %v", tc.name, tc.from, tc.to, ids(got), tc.want)
				}
			}
			got, err := s.ListMentorCheckIns(t.Context(), "m2", h.Add(-time.Hour), h.Add(time.Hour))
			must(t, "ListMentorCheckIns m2", err)
			if !slices.Equal(ids(got), []string{"other"}) {
				t.Errorf("ListMentorCheckIns m2: got %v, want [other]", ids(got))
			}
			if len(got) == 1 {
				mustEqual(t, "listed check-in", got[0], checkIn("other", "a3", "m2", 0, h))
			}
		},
		"reschedule and cancel move the index": func(t *testing.T, s Store) {
			seed(t, s)
			h := base.Truncate(time.Hour)
			c := checkIn("c1", "a1", "m1", 0, h)
			must(t, "CreateCheckIn", s.CreateCheckIn(t.Context(), c))
			c.Start, c.End = h.Add(72*time.Hour), h.Add(72*time.Hour+15*time.Minute)
			must(t, "UpdateCheckIn reschedule", s.UpdateCheckIn(t.Context(), c))
			for _, tc := range []struct {
				name     string
				from, to time.Time
				want     []string
			}{
				{"old place", h.Add(-time.Hour), h.Add(time.Hour), []string{}},
				{"new place", h.Add(72 * time.Hour), h.Add(73 * time.Hour), []string{"c1"}},
				{"after the shorter end", h.Add(72*time.Hour + 15*time.Minute), h.Add(73 * time.Hour), []string{}},
			} {
				got, err := s.ListMentorCheckIns(t.Context(), "m1", tc.from, tc.to)
				must(t, "ListMentorCheckIns", err)
				if !slices.Equal(ids(got), tc.want) {
					t.Errorf("%s: got %v, want %v", tc.name, ids(got), tc.want)
				}
			}
			c.Status = checkins.CheckInCancelled
			must(t, "UpdateCheckIn cancel", s.UpdateCheckIn(t.Context(), c))
			got, err := s.ListMentorCheckIns(t.Context(), "m1", h, h.Add(96*time.Hour))
			must(t, "ListMentorCheckIns", err)
			if len(got) != 0 {
				t.Errorf("after cancel: got %v, want none", ids(got))
			}
		},
	}
}
