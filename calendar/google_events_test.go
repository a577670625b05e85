package calendar_test

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/mentorship/checkins"
	"github.com/mentorship/checkins/calendar"
	"github.com/mentorship/checkins/schedule"
)

func TestEventID(t *testing.T) {
	t.Parallel()
	valid := regexp.MustCompile(`^[a-v0-9]+$`)
	tests := []struct{ a, b []string }{
		{[]string{"agreement-1", "2030-01-07"}, []string{"agreement-1", "2030-01-08"}},
		{[]string{"ab", "c"}, []string{"a", "bc"}},
		{[]string{""}, []string{"", ""}},
	}
	for _, tc := range tests {
		x, y := calendar.EventID(tc.a...), calendar.EventID(tc.a...)
		if x != y {
			t.Errorf("EventID(%q): got %q then %q, want deterministic", tc.a, x, y)
		}
		if !valid.MatchString(x) || len(x) < 5 || len(x) > 1024 {
			t.Errorf("EventID(%q) = %q, want 5..1024 chars of a-v0-9", tc.a, x)
		}
		if z := calendar.EventID(tc.b...); z == x {
			t.Errorf("EventID(%q) = EventID(%q) = %q, want different ids", tc.a, tc.b, x)
		}
	}
}

func TestGoogleEventLifecycle(t *testing.T) {
	t.Parallel()
	s := newGoogleFake(t)
	g := newGoogle(t, s)
	ctx := context.Background()
	const cal = "mentor@example.com"
	ev := calendar.Event{
		ID: calendar.EventID("agreement-1", "2030-01-07"), CalendarID: cal,
		Start: at(15, 0), End: at(15, 15), TimeZone: "Europe/Berlin",
		Summary: "Check-in", Description: "15 minutes", Attendees: []string{cal, "mentee@example.com"},
		Private: map[string]string{"app": "checkins", "booking": "b-1"}, Video: true,
	}
	got, err := g.InsertEvent(ctx, ev)
	if err != nil {
		t.Fatalf("InsertEvent: %v", err)
	}
	if got.ID != ev.ID || got.Status != "confirmed" || got.HTMLLink == "" || got.MeetLink == "" || !got.Start.Equal(ev.Start) {
		t.Errorf("InsertEvent: got %+v, want the id, confirmed, an htmlLink, a Meet link and the start", got)
	}
	stored := s.Events(cal)
	if len(stored) != 1 || stored[0].ConferenceData == nil || stored[0].ConferenceData.CreateRequest.RequestId != ev.ID {
		t.Fatalf("fake holds %+v, want one event with a conference requested under the event id", stored)
	}
	if s.Count("token") != 1 {
		t.Errorf("got %d token grants, want 1", s.Count("token"))
	}

	// A retried insert after a lost answer: 409 → ErrConflict, then Get.
	if _, err := g.InsertEvent(ctx, ev); !errors.Is(err, checkins.ErrConflict) {
		t.Errorf("duplicate InsertEvent: got %v, want ErrConflict", err)
	}
	read, err := g.GetEvent(ctx, cal, ev.ID)
	if err != nil || read.Summary != "Check-in" || read.Private["booking"] != "b-1" || len(read.Attendees) != 2 {
		t.Errorf("GetEvent: got %+v, %v; want the inserted event", read, err)
	}
	if _, err := g.GetEvent(ctx, cal, "unknown0000"); !errors.Is(err, checkins.ErrNotFound) {
		t.Errorf("GetEvent unknown: got %v, want ErrNotFound", err)
	}

	// freeBusy sees the inserted event.
	busy, err := g.FreeBusy(ctx, []string{cal}, workday())
	if err != nil || len(busy[cal].Intervals) != 1 || !busy[cal].Intervals[0].Start.Equal(at(15, 0)) {
		t.Errorf("FreeBusy after insert: got %+v, %v; want 15:00-15:15 busy", busy[cal], err)
	}

	// List by private properties (ANDed).
	other := ev
	other.ID, other.Start, other.End, other.Video = calendar.EventID("agreement-2"), at(16, 0), at(16, 15), false
	other.Private = map[string]string{"app": "checkins", "booking": "b-2"}
	if _, err := g.InsertEvent(ctx, other); err != nil {
		t.Fatalf("InsertEvent other: %v", err)
	}
	day := schedule.Interval{Start: googleDay, End: googleDay.Add(24 * time.Hour)}
	listTests := []struct {
		filter map[string]string
		want   []string
	}{
		{map[string]string{"app": "checkins"}, []string{ev.ID, other.ID}},
		{map[string]string{"app": "checkins", "booking": "b-2"}, []string{other.ID}},
		{map[string]string{"booking": "b-3"}, nil},
		{nil, []string{ev.ID, other.ID}},
	}
	for _, tc := range listTests {
		evs, err := g.ListEvents(ctx, cal, day, tc.filter)
		var ids []string
		for _, e := range evs {
			ids = append(ids, e.ID)
		}
		if err != nil || !slices.Equal(ids, tc.want) {
			t.Errorf("ListEvents(%v): got %v, %v; want %v", tc.filter, ids, err, tc.want)
		}
	}

	// Patch: move and re-describe.
	patched, err := g.PatchEvent(ctx, calendar.Event{ID: ev.ID, CalendarID: cal, Start: at(15, 30), End: at(15, 45), Description: "moved"})
	if err != nil || !patched.Start.Equal(at(15, 30)) || patched.Description != "moved" || patched.Summary != "Check-in" || patched.MeetLink == "" {
		t.Errorf("PatchEvent: got %+v, %v; want moved, summary and Meet kept", patched, err)
	}

	// Delete twice: both succeed; the event reads back cancelled and
	// leaves freeBusy and the list.
	for i := range 2 {
		if err := g.DeleteEvent(ctx, cal, ev.ID); err != nil {
			t.Errorf("DeleteEvent #%d: got %v, want nil", i+1, err)
		}
	}
	if read, err := g.GetEvent(ctx, cal, ev.ID); err != nil || read.Status != "cancelled" {
		t.Errorf("GetEvent after delete: got %q, %v; want cancelled", read.Status, err)
	}
	if evs, _ := g.ListEvents(ctx, cal, day, map[string]string{"booking": "b-1"}); len(evs) != 0 {
		t.Errorf("ListEvents after delete: got %d events, want 0", len(evs))
	}
	busy, _ = g.FreeBusy(ctx, []string{cal}, workday())
	if len(busy[cal].Intervals) != 1 || !busy[cal].Intervals[0].Start.Equal(at(16, 0)) {
		t.Errorf("FreeBusy after delete: got %v, want only 16:00-16:15", busy[cal].Intervals)
	}
	// Revive the cancelled event.
	if revived, err := g.PatchEvent(ctx, calendar.Event{ID: ev.ID, CalendarID: cal, Status: "confirmed"}); err != nil || revived.Status != "confirmed" {
		t.Errorf("PatchEvent revive: got %q, %v; want confirmed", revived.Status, err)
	}
	if got := s.Count("events.insert"); got != 3 {
		t.Errorf("got %d inserts, want 3", got)
	}
	if err := g.DeleteEvent(ctx, cal, "never00000"); !errors.Is(err, checkins.ErrNotFound) {
		t.Errorf("DeleteEvent unknown: got %v, want ErrNotFound", err)
	}
}

func TestGoogleListEventsPaging(t *testing.T) {
	t.Parallel()
	s := newGoogleFake(t)
	g := newGoogle(t, s)
	ctx := context.Background()
	const cal = "mentor@example.com"
	const n = 260 // more than one page of 250
	for i := range n {
		start := googleDay.Add(time.Duration(i) * time.Hour)
		ev := calendar.Event{ID: calendar.EventID("p", start.String()), CalendarID: cal, Start: start, End: start.Add(30 * time.Minute),
			Private: map[string]string{"app": "checkins"}}
		if _, err := g.InsertEvent(ctx, ev); err != nil {
			t.Fatalf("insert %d: %v", i, err)
		}
	}
	window := schedule.Interval{Start: googleDay, End: googleDay.Add(30 * 24 * time.Hour)}
	evs, err := g.ListEvents(ctx, cal, window, map[string]string{"app": "checkins"})
	if err != nil || len(evs) != n {
		t.Fatalf("ListEvents: got %d, %v; want %d", len(evs), err, n)
	}
	if got := s.Count("events.list"); got != 2 {
		t.Errorf("got %d list calls, want 2 pages", got)
	}
}

func TestGoogleInsertRetriesTransientFailure(t *testing.T) {
	t.Parallel()
	s := newGoogleFake(t)
	s.FailNext("events.insert", 1, 503, "backendError")
	g := newGoogle(t, s)
	ev := calendar.Event{ID: calendar.EventID("retry"), CalendarID: "m@example.com", Start: at(9, 0), End: at(9, 15)}
	if _, err := g.InsertEvent(context.Background(), ev); err != nil {
		t.Fatalf("InsertEvent: got %v, want success after a retry", err)
	}
	if got := s.Count("events.insert"); got != 2 {
		t.Errorf("got %d insert calls, want 2", got)
	}
}
