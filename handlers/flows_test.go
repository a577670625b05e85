package handlers_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// now is Friday 20 November 2026, 10:00 in New York.
var now = time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC)

func mentorBody(calendarID string) map[string]any {
	return map[string]any{
		"email": "alex.chen@example.com", "name": "Alex Chen", "time_zone": "America/New_York",
		"calendar_id":     calendarID,
		"checkin_windows": map[string]any{"tue": [][]string{{"09:00", "12:00"}}, "thu": [][]string{{"09:00", "12:00"}}},
		"buffer_minutes":  10, "min_notice_hours": 24, "max_checkin_minutes_per_week": 90,
	}
}

func menteeBody(calendarID string) map[string]any {
	return map[string]any{
		"email": "sam.rivera@example.com", "name": "Sam Rivera", "time_zone": "Europe/London",
		"calendar_id":   calendarID,
		"working_hours": map[string]any{"mon": [][]string{{"09:00", "18:00"}}, "tue": [][]string{{"09:00", "18:00"}}, "wed": [][]string{{"09:00", "18:00"}}, "thu": [][]string{{"09:00", "18:00"}}, "fri": [][]string{{"09:00", "18:00"}}},
	}
}

// setup creates a mentor, a mentee and a bi-weekly agreement.
func (a *api) setup(mentorCal, menteeCal string) (mentorID, menteeID, agreementID string) {
	a.t.Helper()
	r := a.do("POST", "/v1/people", mentorBody(mentorCal))
	mustStatus(a.t, r, http.StatusCreated)
	mentorID = r.json(a.t)["id"].(string)
	r = a.do("POST", "/v1/people", menteeBody(menteeCal))
	mustStatus(a.t, r, http.StatusCreated)
	menteeID = r.json(a.t)["id"].(string)
	r = a.do("POST", "/v1/agreements", map[string]any{
		"mentor_id": mentorID, "mentee_id": menteeID, "kind": "mentorship",
		"cadence": map[string]any{"every": 2, "unit": "week"}, "duration_minutes": 30, "format": "video",
		"starts_on": "2026-11-23", "sessions": 6, "topics": []string{"scaling the API gateway"},
		"auto_book": true, "book_ahead_days": 7,
	})
	mustStatus(a.t, r, http.StatusCreated)
	agreementID = r.json(a.t)["id"].(string)
	return mentorID, menteeID, agreementID
}

func TestProposalsAvoidBusyTimeAndAreCached(t *testing.T) {
	t.Parallel()
	a := newAPI(t, now)
	ny, _ := time.LoadLocation("America/New_York")
	at := func(day, h, m int) time.Time { return time.Date(2026, 11, day, h, m, 0, 0, ny) }
	busy := [][2]time.Time{
		{at(24, 9, 0), at(24, 10, 30)},
		{at(26, 9, 30), at(26, 11, 0)}, {at(1, 0, 0).AddDate(0, 1, 0), at(1, 23, 59).AddDate(0, 1, 0)},
	}
	for _, b := range busy {
		a.fake.AddBusy("alex.chen@example.com", b[0], b[1])
	}
	a.fake.AddBusy("sam.rivera@example.com", at(3, 9, 0).AddDate(0, 1, 0), at(3, 12, 0).AddDate(0, 1, 0))
	_, _, agreementID := a.setup("alex.chen@example.com", "sam.rivera@example.com")

	path := "/v1/agreements/" + agreementID + "/proposals?cycle=next&limit=20"
	calls := a.fake.Count("freeBusy")
	r := a.do("GET", path, nil)
	mustStatus(t, r, http.StatusOK)
	if got := r.Header.Get("Cache-Status"); got != "checkins; fwd=miss" {
		t.Errorf("first Cache-Status = %q, want checkins; fwd=miss", got)
	}
	var p struct {
		Cycle struct {
			Index    int
			StartsAt time.Time `json:"starts_at"`
			EndsAt   time.Time `json:"ends_at"`
		}
		Slots []struct {
			Start, End time.Time
			Score      float64
			Reasons    []string
		}
	}
	decodeInto(t, r.Body, &p)
	if len(p.Slots) < 3 {
		t.Fatalf("got %d slots, want at least 3: %s", len(p.Slots), r.Body)
	}
	if p.Cycle.Index != 0 || !p.Cycle.StartsAt.Equal(at(23, 0, 0)) || !p.Cycle.EndsAt.Equal(at(7, 0, 0).AddDate(0, 1, 0)) {
		t.Errorf("cycle = %+v, want index 0 from 2026-11-23 to 2026-12-07 New York", p.Cycle)
	}
	buffer := 10 * time.Minute
	allBusy := append(slices.Clone(busy), [2]time.Time{at(3, 9, 0).AddDate(0, 1, 0), at(3, 12, 0).AddDate(0, 1, 0)})
	for _, s := range p.Slots {
		if got := s.End.Sub(s.Start); got != 30*time.Minute {
			t.Errorf("slot %v lasts %v, want 30m", s.Start, got)
		}
		for _, b := range allBusy {
			if s.Start.Before(b[1].Add(buffer)) && b[0].Add(-buffer).Before(s.End) {
				t.Errorf("slot %v-%v overlaps busy %v-%v widened by the buffer", s.Start, s.End, b[0], b[1])
			}
		}
		local := s.Start.In(ny)
		if wd := local.Weekday(); wd != time.Tuesday && wd != time.Thursday || local.Hour() < 9 || s.End.In(ny).After(time.Date(local.Year(), local.Month(), local.Day(), 12, 0, 0, 0, ny)) {
			t.Errorf("slot %v is outside the Tue/Thu 09:00-12:00 windows", local)
		}
		if local.Minute()%15 != 0 {
			t.Errorf("slot %v is not on a quarter hour", local)
		}
		if s.Start.Before(now.Add(24 * time.Hour)) {
			t.Errorf("slot %v is inside the 24 h minimum notice", s.Start)
		}
	}
	if got := a.fake.Count("freeBusy") - calls; got != 1 {
		t.Errorf("first GET made %d freeBusy calls, want 1", got)
	}

	r2 := a.do("GET", path, nil)
	mustStatus(t, r2, http.StatusOK)
	if got := a.fake.Count("freeBusy") - calls; got != 1 {
		t.Errorf("second GET made a new freeBusy call (total %d), want it served from the cache", got)
	}
	if got := r2.Header.Get("Cache-Status"); got != "checkins; hit" {
		t.Errorf("second Cache-Status = %q, want checkins; hit", got)
	}
	if !bytes.Equal(r.Body, r2.Body) {
		t.Errorf("cached answer differs:\n%s\n%s", r.Body, r2.Body)
	}
}

func TestUnknownCalendarIsAProblemNotFreeTime(t *testing.T) {
	t.Parallel()
	a := newAPI(t, now)
	a.fake.SetCalendarError("gone@example.com", "notFound")
	_, _, agreementID := a.setup("gone@example.com", "sam.rivera@example.com")
	r := a.do("GET", "/v1/agreements/"+agreementID+"/proposals", nil)
	mustStatus(t, r, http.StatusBadGateway)
	problemFields(t, r)
	if !strings.Contains(string(r.Body), "gone@example.com") || !strings.Contains(string(r.Body), "calendar-not-found") {
		t.Errorf("problem does not name the calendar: %s", r.Body)
	}
	if strings.Contains(string(r.Body), `"slots"`) {
		t.Errorf("answer holds slots: %s", r.Body)
	}
}

func TestAvailability(t *testing.T) {
	t.Parallel()
	a := newAPI(t, now)
	ny, _ := time.LoadLocation("America/New_York")
	a.fake.AddBusy("alex.chen@example.com", time.Date(2026, 11, 24, 9, 0, 0, 0, ny), time.Date(2026, 11, 24, 10, 0, 0, 0, ny))
	mentorID, _, _ := a.setup("alex.chen@example.com", "sam.rivera@example.com")
	r := a.do("GET", "/v1/people/"+mentorID+"/availability?from=2026-11-24T00:00:00-05:00&to=2026-11-25T00:00:00-05:00", nil)
	mustStatus(t, r, http.StatusOK)
	var av struct {
		Busy, Free []struct{ Start, End time.Time }
	}
	decodeInto(t, r.Body, &av)
	if len(av.Busy) != 1 || !av.Busy[0].Start.Equal(time.Date(2026, 11, 24, 9, 0, 0, 0, ny)) {
		t.Errorf("busy = %+v, want the one 09:00-10:00 meeting", av.Busy)
	}
	// Tuesday's window is 09:00-12:00; the meeting leaves 10:00-12:00 free.
	if len(av.Free) != 1 || !av.Free[0].Start.Equal(time.Date(2026, 11, 24, 10, 0, 0, 0, ny)) ||
		!av.Free[0].End.Equal(time.Date(2026, 11, 24, 12, 0, 0, 0, ny)) {
		t.Errorf("free = %+v, want 10:00-12:00 New York", av.Free)
	}
}

func TestSummaryConfirmsTheTerms(t *testing.T) {
	t.Parallel()
	a := newAPI(t, now)
	_, _, agreementID := a.setup("alex.chen@example.com", "sam.rivera@example.com")
	r := a.do("GET", "/v1/agreements/"+agreementID+"/summary", nil)
	mustStatus(t, r, http.StatusOK)
	for _, want := range []string{"every 2 weeks", "30 minutes", "video", "scaling the API gateway", "Next dates", "Mon 23 Nov 2026"} {
		if !strings.Contains(string(r.Body), want) {
			t.Errorf("summary lacks %q:\n%s", want, r.Body)
		}
	}
}

func TestAgreementLifecycle(t *testing.T) {
	t.Parallel()
	a := newAPI(t, now)
	mentorID, menteeID, agreementID := a.setup("alex.chen@example.com", "sam.rivera@example.com")
	r := a.do("GET", "/v1/agreements/"+agreementID, nil)
	mustStatus(t, r, http.StatusOK)
	next := r.json(t)["next_cycle"].(map[string]any)
	if next["index"].(float64) != 0 || next["starts_at"] != "2026-11-23T00:00:00-05:00" {
		t.Errorf("next_cycle = %v, want index 0 from 2026-11-23T00:00:00-05:00", next)
	}
	for _, id := range []string{mentorID, menteeID} {
		r = a.do("GET", "/v1/agreements?person_id="+id, nil)
		mustStatus(t, r, http.StatusOK)
		if got := len(r.json(t)["agreements"].([]any)); got != 1 {
			t.Errorf("agreements of %s = %d, want 1", id, got)
		}
	}
	r = a.do("PATCH", "/v1/agreements/"+agreementID, map[string]any{"status": "paused", "duration_minutes": 20})
	mustStatus(t, r, http.StatusOK)
	if m := r.json(t); m["status"] != "paused" || m["duration_minutes"].(float64) != 20 {
		t.Errorf("after PATCH: %v", m)
	}
	r = a.do("GET", "/v1/agreements/"+agreementID+"/proposals", nil)
	mustStatus(t, r, http.StatusOK)
	if m := r.json(t); len(m["slots"].([]any)) != 0 || !strings.Contains(m["reason"].(string), "paused") {
		t.Errorf("paused agreement proposals = %v, want none with the reason", m)
	}
	r = a.do("PATCH", "/v1/agreements/"+agreementID, map[string]any{"status": "ended"})
	mustStatus(t, r, http.StatusOK)
	r = a.do("PATCH", "/v1/agreements/"+agreementID, map[string]any{"status": "active"})
	mustStatus(t, r, http.StatusBadRequest)

	r = a.do("PATCH", "/v1/people/"+mentorID, map[string]any{"buffer_minutes": 15})
	mustStatus(t, r, http.StatusOK)
	if m := r.json(t); m["buffer_minutes"].(float64) != 15 || m["name"] != "Alex Chen" {
		t.Errorf("after PATCH person: %v", m)
	}
}

func TestOperationalEndpoints(t *testing.T) {
	t.Parallel()
	a := newAPI(t, now)
	for _, path := range []string{"/healthz", "/readyz", "/openapi.json", "/metrics"} {
		r := a.do("GET", path, nil, noToken())
		mustStatus(t, r, http.StatusOK)
	}
	r := a.do("GET", "/openapi.json", nil, noToken())
	if m := r.json(t); m["openapi"] != "3.0.3" {
		t.Errorf("openapi.json: openapi = %v", m["openapi"])
	}
}

func decodeInto(t *testing.T, body []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
}
