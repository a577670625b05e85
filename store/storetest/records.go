package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/mentorship/checkins"
	"github.com/mentorship/checkins/schedule"
	"github.com/mentorship/checkins/store"
)

func peopleTests() map[string]func(t *testing.T, s Store) {
	return map[string]func(t *testing.T, s Store){
		"round trip keeps every field": func(t *testing.T, s Store) {
			p := person(t, "p1")
			must(t, "CreatePerson", s.CreatePerson(t.Context(), p))
			got, err := s.GetPerson(t.Context(), "p1")
			must(t, "GetPerson", err)
			mustEqual(t, "GetPerson", got, p)
			if !got.CreatedAt.Equal(p.CreatedAt) {
				t.Errorf("CreatedAt: got %v, want %v", got.CreatedAt, p.CreatedAt)
			}
		},
		"taken id is a conflict": func(t *testing.T, s Store) {
			must(t, "CreatePerson", s.CreatePerson(t.Context(), person(t, "p1")))
			other := person(t, "p1")
			other.Name = "Impostor"
			mustErr(t, "second CreatePerson", s.CreatePerson(t.Context(), other), checkins.ErrConflict)
			got, err := s.GetPerson(t.Context(), "p1")
			must(t, "GetPerson", err)
			if got.Name != "Person p1" {
				t.Errorf("Name after refused create: got %q, want %q", got.Name, "Person p1")
			}
		},
		"missing person is not found": func(t *testing.T, s Store) {
			_, err := s.GetPerson(t.Context(), "nobody")
			mustErr(t, "GetPerson", err, checkins.ErrNotFound)
			mustErr(t, "UpdatePerson", s.UpdatePerson(t.Context(), person(t, "nobody")), checkins.ErrNotFound)
			if _, err := s.GetPerson(t.Context(), "nobody"); err == nil {
				t.Errorf("UpdatePerson of a missing person created it")
			}
		},
		"update replaces fields": func(t *testing.T, s Store) {
			p := person(t, "p1")
			must(t, "CreatePerson", s.CreatePerson(t.Context(), p))
			p.Name, p.BufferMinutes, p.CheckinWindows = "Renamed", 15, schedule.Weekly{}
			p.UpdatedAt = p.UpdatedAt.Add(time.Hour)
			must(t, "UpdatePerson", s.UpdatePerson(t.Context(), p))
			got, err := s.GetPerson(t.Context(), "p1")
			must(t, "GetPerson", err)
			mustEqual(t, "GetPerson after update", got, p)
		},
		"callers do not alias stored values": func(t *testing.T, s Store) {
			p := person(t, "p1")
			must(t, "CreatePerson", s.CreatePerson(t.Context(), p))
			p.WorkingHours[time.Monday][0].Start = 0
			got, err := s.GetPerson(t.Context(), "p1")
			must(t, "GetPerson", err)
			got.WorkingHours[time.Monday][0].End = 1
			again, err := s.GetPerson(t.Context(), "p1")
			must(t, "GetPerson", err)
			if span := again.WorkingHours[time.Monday][0]; span.Start != 9*60 || span.End != 17*60 {
				t.Errorf("stored Monday span: got %v-%v, want 09:00-17:00", span.Start, span.End)
			}
		},
	}
}

func agreementTests() map[string]func(t *testing.T, s Store) {
	return map[string]func(t *testing.T, s Store){
		"round trip keeps every field": func(t *testing.T, s Store) {
			a := agreement("a1", "m1", "e1", base.In(zone(t)))
			must(t, "CreateAgreement", s.CreateAgreement(t.Context(), a))
			got, err := s.GetAgreement(t.Context(), "a1")
			must(t, "GetAgreement", err)
			mustEqual(t, "GetAgreement", got, a)
			situational := agreement("a2", "m1", "e1", base)
			situational.Cadence, situational.Kind, situational.Sessions = nil, checkins.KindSituational, 0
			must(t, "CreateAgreement", s.CreateAgreement(t.Context(), situational))
			got, err = s.GetAgreement(t.Context(), "a2")
			must(t, "GetAgreement", err)
			mustEqual(t, "GetAgreement without cadence", got, situational)
		},
		"taken id, missing id and mentor change": func(t *testing.T, s Store) {
			a := agreement("a1", "m1", "e1", base)
			must(t, "CreateAgreement", s.CreateAgreement(t.Context(), a))
			mustErr(t, "second CreateAgreement", s.CreateAgreement(t.Context(), a), checkins.ErrConflict)
			_, err := s.GetAgreement(t.Context(), "nope")
			mustErr(t, "GetAgreement", err, checkins.ErrNotFound)
			mustErr(t, "UpdateAgreement missing", s.UpdateAgreement(t.Context(), agreement("nope", "m1", "e1", base)), checkins.ErrNotFound)
			a.MentorID = "m2"
			mustErr(t, "UpdateAgreement new mentor", s.UpdateAgreement(t.Context(), a), checkins.ErrConflict)
		},
		"update replaces fields and aliasing is impossible": func(t *testing.T, s Store) {
			a := agreement("a1", "m1", "e1", base)
			must(t, "CreateAgreement", s.CreateAgreement(t.Context(), a))
			a.Status, a.Topics, a.DurationMinutes = checkins.StatusPaused, []string{"only this"}, 15
			a.Cadence = &schedule.Cadence{Every: 1, Unit: schedule.Month}
			must(t, "UpdateAgreement", s.UpdateAgreement(t.Context(), a))
			a.Topics[0], a.Cadence.Every = "mutated", 9
			got, err := s.GetAgreement(t.Context(), "a1")
			must(t, "GetAgreement", err)
			want := a
			want.Topics, want.Cadence = []string{"only this"}, &schedule.Cadence{Every: 1, Unit: schedule.Month}
			mustEqual(t, "GetAgreement after update", got, want)
		},
		"list orders by created_at then id and filters": func(t *testing.T, s Store) {
			for _, a := range []checkins.Agreement{
				agreement("a3", "m1", "e2", base.Add(2*time.Hour)),
				agreement("a2", "m2", "e1", base),
				agreement("a1", "m1", "e1", base),
				agreement("a4", "m2", "m1", base.Add(time.Hour)), // m1 as mentee
			} {
				must(t, "CreateAgreement "+a.ID, s.CreateAgreement(t.Context(), a))
			}
			paused := agreement("a5", "m1", "e3", base.Add(3*time.Hour))
			paused.Status = checkins.StatusPaused
			manual := agreement("a6", "m3", "e3", base.Add(4*time.Hour))
			manual.AutoBook = false
			must(t, "CreateAgreement a5", s.CreateAgreement(t.Context(), paused))
			must(t, "CreateAgreement a6", s.CreateAgreement(t.Context(), manual))
			for _, tc := range []struct {
				filter store.AgreementFilter
				want   []string
			}{
				{store.AgreementFilter{}, []string{"a1", "a2", "a4", "a3", "a5", "a6"}},
				{store.AgreementFilter{PersonID: "m1"}, []string{"a1", "a4", "a3", "a5"}},
				{store.AgreementFilter{PersonID: "e1"}, []string{"a1", "a2"}},
				{store.AgreementFilter{PersonID: "e3"}, []string{"a5", "a6"}},
				{store.AgreementFilter{PersonID: "stranger"}, []string{}},
				{store.AgreementFilter{AutoBook: true}, []string{"a1", "a2", "a4", "a3"}},
				{store.AgreementFilter{PersonID: "e3", AutoBook: true}, []string{}},
			} {
				got, err := s.ListAgreements(t.Context(), tc.filter)
				must(t, "ListAgreements", err)
				if g := agreementIDs(got); !slices.Equal(g, tc.want) {
					t.Errorf("ListAgreements(%+v): got %v, want %v", tc.filter, g, tc.want)
				}
			}
		},
		"list follows updates": func(t *testing.T, s Store) {
			a := agreement("a1", "m1", "e1", base)
			must(t, "CreateAgreement", s.CreateAgreement(t.Context(), a))
			a.MenteeID, a.Status = "e2", checkins.StatusEnded
			must(t, "UpdateAgreement", s.UpdateAgreement(t.Context(), a))
			for _, tc := range []struct {
				filter store.AgreementFilter
				want   []string
			}{
				{store.AgreementFilter{PersonID: "e1"}, []string{}},
				{store.AgreementFilter{PersonID: "e2"}, []string{"a1"}},
				{store.AgreementFilter{PersonID: "m1"}, []string{"a1"}},
				{store.AgreementFilter{AutoBook: true}, []string{}},
			} {
				got, err := s.ListAgreements(t.Context(), tc.filter)
				must(t, "ListAgreements", err)
				if g := agreementIDs(got); !slices.Equal(g, tc.want) {
					t.Errorf("ListAgreements(%+v): got %v, want %v", tc.filter, g, tc.want)
				}
			}
			got, err := s.ListAgreements(t.Context(), store.AgreementFilter{PersonID: "e2"})
			must(t, "ListAgreements", err)
			if len(got) == 1 {
				mustEqual(t, "listed agreement", got[0], a)
			}
		},
	}
}
