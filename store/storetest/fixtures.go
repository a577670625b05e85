package storetest

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/mentorship/checkins"
	"github.com/mentorship/checkins/schedule"
)

// zone is a named zone, so round trips of non-UTC times are exercised.
func zone(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatalf("load zone: %v", err)
	}
	return loc
}

// base is a fixed instant the fixtures count from.
var base = time.Date(2026, 11, 23, 9, 0, 0, 123456789, time.UTC)

func weekly(t *testing.T, raw map[string][][]string) schedule.Weekly {
	t.Helper()
	w, err := schedule.ParseWeekly("test", raw)
	if err != nil {
		t.Fatalf("ParseWeekly: %v", err)
	}
	return w
}

func person(t *testing.T, id string) checkins.Person {
	loc := zone(t)
	return checkins.Person{
		ID: id, Email: id + "@example.com", Name: "Person " + id, TimeZone: "America/New_York",
		CalendarID:               id + "@example.com",
		WorkingHours:             weekly(t, map[string][][]string{"mon": {{"09:00", "17:00"}}, "tue": {{"09:00", "12:00"}, {"13:00", "17:00"}}}),
		CheckinWindows:           weekly(t, map[string][][]string{"thu": {{"14:00", "17:00"}}}),
		BufferMinutes:            5,
		MinNoticeHours:           24,
		MaxCheckinMinutesPerWeek: 90,
		CreatedAt:                base.In(loc),
		UpdatedAt:                base.Add(time.Minute).In(loc),
	}
}

func agreement(id, mentor, mentee string, created time.Time) checkins.Agreement {
	return checkins.Agreement{
		ID: id, MentorID: mentor, MenteeID: mentee, Kind: checkins.KindMentorship,
		Cadence:         &schedule.Cadence{Every: 2, Unit: schedule.Week},
		DurationMinutes: 30, Format: checkins.FormatVideo,
		StartsOn: schedule.Date{Year: 2026, Month: time.November, Day: 23},
		Sessions: 6, Topics: []string{"scaling the API gateway", "hiring"},
		AutoBook: true, BookAheadDays: 7, Status: checkins.StatusActive,
		CreatedAt: created, UpdatedAt: created.Add(time.Second),
	}
}

// checkIn is a booked 30-minute check-in starting at start.
func checkIn(id, agreementID, mentor string, cycle int, start time.Time) checkins.CheckIn {
	return checkins.CheckIn{
		ID: id, AgreementID: agreementID, MentorID: mentor, Cycle: cycle, Generation: 0,
		Start: start, End: start.Add(30 * time.Minute), Status: checkins.CheckInBooked,
		Agenda:    []string{"roadmap", "feedback"},
		Event:     &checkins.EventRef{CalendarID: mentor + "@example.com", EventID: "ev" + id, HTMLLink: "https://calendar.example.com/" + id},
		CreatedAt: base.Add(time.Duration(cycle) * time.Hour), UpdatedAt: base.Add(time.Duration(cycle) * time.Hour),
	}
}

// normalize makes v comparable with reflect.DeepEqual across a JSON round
// trip: times in UTC, empty slices nil.
func normalize(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			normalize(v.Elem())
		}
	case reflect.Struct:
		if tm, ok := v.Interface().(time.Time); ok {
			if v.CanSet() {
				v.Set(reflect.ValueOf(tm.UTC()))
			}
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				normalize(v.Field(i))
			}
		}
	case reflect.Array:
		for i := range v.Len() {
			normalize(v.Index(i))
		}
	case reflect.Slice:
		if v.Len() == 0 && v.CanSet() {
			v.Set(reflect.Zero(v.Type()))
			return
		}
		for i := range v.Len() {
			normalize(v.Index(i))
		}
	case reflect.Map:
		if v.Len() == 0 && v.CanSet() {
			v.Set(reflect.Zero(v.Type()))
		}
	}
}

// same reports whether got and want are equal up to time zones and
// nil-versus-empty slices.
func same[T any](got, want T) bool {
	normalize(reflect.ValueOf(&got))
	normalize(reflect.ValueOf(&want))
	return reflect.DeepEqual(got, want)
}

func mustEqual[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if !same(got, want) {
		t.Errorf("%s:\n got %+v\nwant %+v", what, got, want)
	}
}

func mustErr(t *testing.T, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("%s: got error %v, want one matching %v", what, err, target)
	}
}

func must(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: got error %v, want nil", what, err)
	}
}

// ids returns the ids of check-ins, for compact comparisons.
func ids(cs []checkins.CheckIn) []string {
	out := make([]string, 0, len(cs))
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

func agreementIDs(as []checkins.Agreement) []string {
	out := make([]string, 0, len(as))
	for _, a := range as {
		out = append(out, a.ID)
	}
	return out
}
