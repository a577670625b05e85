package handlers_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"
)

// proposals returns the slot starts, the reason and the Cache-Status of a
// cycle's proposals.
func (a *api) proposals(agreementID, cycle string) ([]time.Time, string, string) {
	a.t.Helper()
	r := a.do("GET", "/v1/agreements/"+agreementID+"/proposals?limit=20&cycle="+cycle, nil)
	mustStatus(a.t, r, http.StatusOK)
	var p struct {
		Slots  []struct{ Start time.Time }
		Reason string
	}
	decodeInto(a.t, r.Body, &p)
	var starts []time.Time
	for _, s := range p.Slots {
		starts = append(starts, s.Start)
	}
	return starts, p.Reason, r.Header.Get("Cache-Status")
}

// liveEventStart is the start of the one live event on a calendar.
func (a *api) liveEventStart(calendarID string) time.Time {
	a.t.Helper()
	var live []time.Time
	for _, ev := range a.fake.Events(calendarID) {
		if ev.Status == "cancelled" {
			continue
		}
		t, err := time.Parse(time.RFC3339, ev.Start.DateTime)
		if err != nil {
			a.t.Fatalf("event start %q: %v", ev.Start.DateTime, err)
		}
		live = append(live, t)
	}
	if len(live) != 1 {
		a.t.Fatalf("live events on %s = %d, want 1", calendarID, len(live))
	}
	return live[0]
}

// TestCapRescheduleCancelAndCalendar books, moves and cancels a check-in
// and follows its effects: the event moves with it, the mentor's weekly cap
// empties another agreement's proposals for that week with the cap as the
// reason, the cached availability is dropped after each change, the
// iCalendar summary shows the booking, and a cancel gives the week back.
func TestCapRescheduleCancelAndCalendar(t *testing.T) {
	t.Parallel()
	a := newAPI(t, now)
	mentorID, _, first := a.setup("alex.chen@example.com", "sam.rivera@example.com")
	// The cap is exactly one 30-minute check-in a week.
	mustStatus(t, a.do("PATCH", "/v1/people/"+mentorID, map[string]any{"max_checkin_minutes_per_week": 30}), http.StatusOK)
	r := a.do("POST", "/v1/people", map[string]any{"email": "kim.lee@example.com", "name": "Kim Lee",
		"time_zone": "America/Chicago", "calendar_id": "kim.lee@example.com"})
	mustStatus(t, r, http.StatusCreated)
	r = a.do("POST", "/v1/agreements", map[string]any{"mentor_id": mentorID, "mentee_id": r.json(t)["id"],
		"cadence": map[string]any{"every": 1, "unit": "week"}, "duration_minutes": 30, "starts_on": "2026-11-23"})
	mustStatus(t, r, http.StatusCreated)
	second := r.json(t)["id"].(string)

	slots, _, _ := a.proposals(first, "0")
	if len(slots) < 2 {
		t.Fatalf("first agreement has %d slots, want at least 2", len(slots))
	}
	ny, _ := time.LoadLocation("America/New_York")
	week0 := time.Date(2026, 11, 23, 0, 0, 0, 0, ny)
	var start, moveTo time.Time
	for _, s := range slots { // two slots of the week of 23 November
		if s.Before(week0.AddDate(0, 0, 7)) {
			if start.IsZero() {
				start = s
			} else if moveTo.IsZero() && s.Sub(start) >= time.Hour {
				moveTo = s
			}
		}
	}
	if moveTo.IsZero() {
		t.Fatalf("no two slots an hour apart in the first week: %v", slots)
	}
	if got, _, _ := a.proposals(second, "0"); len(got) == 0 {
		t.Fatalf("second agreement has no slots before any booking")
	}

	r = a.do("POST", "/v1/agreements/"+first+"/checkins", map[string]any{"start": start})
	mustStatus(t, r, http.StatusCreated)
	checkinID := r.json(t)["id"].(string)
	if got := a.liveEventStart("alex.chen@example.com"); !got.Equal(start) {
		t.Errorf("event starts %v, want %v", got, start)
	}
	ev := a.fake.Events("alex.chen@example.com")[0]
	if ev.ExtendedProperties == nil || ev.ExtendedProperties.Private["checkins_agreement"] != first ||
		ev.ExtendedProperties.Private["checkins_cycle"] != "0" {
		t.Errorf("event private properties = %+v, want the agreement %s and cycle 0", ev.ExtendedProperties, first)
	}
	if !strings.Contains(ev.Summary, "scaling the API gateway") || !strings.Contains(ev.Description, "scaling the API gateway") {
		t.Errorf("event summary %q / description %q lack the agreed topic", ev.Summary, ev.Description)
	}

	// The cap is reached: the other agreement's week is empty, with the cap
	// as the reason, and the answer was read afresh after the booking.
	got, reason, cacheStatus := a.proposals(second, "0")
	if len(got) != 0 || !strings.Contains(reason, "cap") || !strings.Contains(reason, "30") {
		t.Errorf("after booking: %d slots, reason %q; want none with the 30-minute cap as the reason", len(got), reason)
	}
	if cacheStatus != "checkins; fwd=miss" {
		t.Errorf("after booking Cache-Status = %q, want checkins; fwd=miss (the mentor's cache dropped)", cacheStatus)
	}
	if got, _, _ := a.proposals(second, "1"); len(got) == 0 {
		t.Errorf("the following week has no slots, want the cap to apply per week only")
	}

	// Reschedule within the cycle: the event moves; outside the cycle is 400.
	r = a.do("PATCH", "/v1/checkins/"+checkinID, map[string]any{"start": moveTo, "agenda": []string{"new plan"}})
	mustStatus(t, r, http.StatusOK)
	if got := a.liveEventStart("alex.chen@example.com"); !got.Equal(moveTo) {
		t.Errorf("after reschedule the event starts %v, want %v", got, moveTo)
	}
	r = a.bad("PATCH", "/v1/checkins/"+checkinID, map[string]any{"start": week0.AddDate(0, 0, 15).Add(10 * time.Hour)})
	mustStatus(t, r, http.StatusBadRequest)

	// The summary as iCalendar holds the booking at its new time.
	r = a.do("GET", "/v1/agreements/"+first+"/summary", nil, withHeader("Accept", "text/calendar"))
	mustStatus(t, r, http.StatusOK)
	cal, err := ical.NewDecoder(bytes.NewReader(r.Body)).Decode()
	if err != nil {
		t.Fatalf("summary is not iCalendar: %v\n%s", err, r.Body)
	}
	events := cal.Events()
	if len(events) != 1 {
		t.Fatalf("iCalendar has %d events, want 1", len(events))
	}
	if dt, err := events[0].DateTimeStart(time.UTC); err != nil || !dt.Equal(moveTo) {
		t.Errorf("VEVENT starts %v (%v), want %v", dt, err, moveTo)
	}

	// While the check-in is booked, the cycle-defining terms are locked.
	r = a.do("PATCH", "/v1/agreements/"+first, map[string]any{"cadence": map[string]any{"every": 1, "unit": "week"}})
	mustStatus(t, r, http.StatusConflict)
	mustStatus(t, a.do("PATCH", "/v1/agreements/"+first, map[string]any{"topics": []string{"rollout"}}), http.StatusOK)

	// Cancelling gives the week back to the other agreement.
	mustStatus(t, a.do("DELETE", "/v1/checkins/"+checkinID, nil), http.StatusOK)
	if got, reason, _ := a.proposals(second, "0"); len(got) == 0 {
		t.Errorf("after cancel: no slots (reason %q), want the week restored", reason)
	}
	if n := len(a.fake.Events("alex.chen@example.com")); n != 1 {
		t.Errorf("fake holds %d events, want the one (cancelled) event", n)
	}
}
