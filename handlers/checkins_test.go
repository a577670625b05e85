package handlers_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// firstSlot returns the start of the first proposed slot of the next cycle.
func (a *api) firstSlot(agreementID string) time.Time {
	a.t.Helper()
	r := a.do("GET", "/v1/agreements/"+agreementID+"/proposals?cycle=next&limit=5", nil)
	mustStatus(a.t, r, http.StatusOK)
	var p struct{ Slots []struct{ Start time.Time } }
	decodeInto(a.t, r.Body, &p)
	if len(p.Slots) == 0 {
		a.t.Fatalf("got no proposed slots, want some: %s", r.Body)
	}
	return p.Slots[0].Start
}

func TestBookAtProposedSlotCreatesOneEvent(t *testing.T) {
	t.Parallel()
	a := newAPI(t, now)
	_, _, agreementID := a.setup("alex.chen@example.com", "sam.rivera@example.com")
	start := a.firstSlot(agreementID)
	r := a.do("POST", "/v1/agreements/"+agreementID+"/checkins",
		map[string]any{"start": start, "agenda": []string{"review the gateway design"}},
		withHeader("Idempotency-Key", "book-1"))
	mustStatus(t, r, http.StatusCreated)
	var c struct {
		ID     string
		Status string
		Start  time.Time
		End    time.Time
		Event  struct {
			CalendarID string `json:"calendar_id"`
			EventID    string `json:"event_id"`
		}
	}
	decodeInto(t, r.Body, &c)
	if c.Status != "booked" {
		t.Errorf("status = %q, want booked", c.Status)
	}
	if !c.Start.Equal(start) || c.End.Sub(c.Start) != 30*time.Minute {
		t.Errorf("start/end = %v/%v, want %v + 30m", c.Start, c.End, start)
	}
	if n := len(c.Event.EventID); n < 5 || n > 1024 || !regexp.MustCompile(`^[a-v0-9]+$`).MatchString(c.Event.EventID) {
		t.Errorf("event_id = %q, want base32hex 5..1024 chars", c.Event.EventID)
	}
	if got := a.fake.Count("events.insert"); got != 1 {
		t.Errorf("events.insert count = %d, want 1", got)
	}
	evs := a.fake.Events(c.Event.CalendarID)
	if len(evs) != 1 {
		t.Fatalf("fake holds %d events on %q, want 1", len(evs), c.Event.CalendarID)
	}
	ev := evs[0]
	if ev.Id != c.Event.EventID {
		t.Errorf("fake event id = %q, want %q", ev.Id, c.Event.EventID)
	}
	if !strings.Contains(ev.Description, "review the gateway design") {
		t.Errorf("description %q does not carry the agenda", ev.Description)
	}
	if ev.ConferenceData == nil {
		t.Errorf("video check-in has no conferenceData, want one")
	}
	var mentee bool
	for _, at := range ev.Attendees {
		mentee = mentee || at.Email == "sam.rivera@example.com"
	}
	if !mentee {
		t.Errorf("attendees %v lack the mentee", ev.Attendees)
	}
	if ev.Start == nil || ev.Start.DateTime == "" {
		t.Fatalf("event has no start time")
	}
	if got, err := time.Parse(time.RFC3339, ev.Start.DateTime); err != nil || !got.Equal(start) {
		t.Errorf("event start = %q (%v), want %v", ev.Start.DateTime, err, start)
	}

	// Replaying with the same key answers the same and books nothing new.
	for i := range 10 {
		r2 := a.do("POST", "/v1/agreements/"+agreementID+"/checkins",
			map[string]any{"start": start, "agenda": []string{"review the gateway design"}},
			withHeader("Idempotency-Key", "book-1"))
		if r2.Status != r.Status || !bytes.Equal(r2.Body, r.Body) {
			t.Errorf("replay %d = %d %s, want %d %s", i, r2.Status, r2.Body, r.Status, r.Body)
		}
	}
	if got := a.fake.Count("events.insert"); got != 1 {
		t.Errorf("after replays events.insert count = %d, want 1", got)
	}
	// Same key, changed body: 422.
	r3 := a.do("POST", "/v1/agreements/"+agreementID+"/checkins",
		map[string]any{"start": start, "agenda": []string{"something else"}},
		withHeader("Idempotency-Key", "book-1"))
	if r3.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r3.Body), "Idempotency-Key") {
		t.Errorf("changed body with same key = %d %s, want 422 naming Idempotency-Key", r3.Status, r3.Body)
	}
	// A second booking of the same cycle: 409 cycle-already-booked.
	r4 := a.do("POST", "/v1/agreements/"+agreementID+"/checkins",
		map[string]any{"start": start.Add(time.Hour)}, withHeader("Idempotency-Key", "book-2"))
	if r4.Status != http.StatusConflict || !strings.Contains(r4.json(t)["type"].(string), "cycle-already-booked") {
		t.Errorf("second booking = %d %s, want 409 cycle-already-booked", r4.Status, r4.Body)
	}
	if got := a.fake.Count("events.insert"); got != 1 {
		t.Errorf("after conflict events.insert count = %d, want 1", got)
	}

	// Cancel, twice; the fake's event is cancelled.
	for i := range 2 {
		r5 := a.do("DELETE", "/v1/checkins/"+c.ID, nil)
		mustStatus(t, r5, http.StatusOK)
		if got := r5.json(t)["status"]; got != "cancelled" {
			t.Errorf("DELETE %d status = %v, want cancelled", i, got)
		}
	}
	if got := a.fake.Events(c.Event.CalendarID)[0].Status; got != "cancelled" {
		t.Errorf("fake event status after cancel = %q, want cancelled", got)
	}
	// The cycle is free again: a new booking gets a new event id.
	r6 := a.do("POST", "/v1/agreements/"+agreementID+"/checkins",
		map[string]any{"start": start}, withHeader("Idempotency-Key", "book-3"))
	mustStatus(t, r6, http.StatusCreated)
	var c2 struct {
		Event struct {
			EventID string `json:"event_id"`
		}
	}
	decodeInto(t, r6.Body, &c2)
	if c2.Event.EventID == "" || c2.Event.EventID == c.Event.EventID {
		t.Errorf("rebooked event id = %q, want a new one (old %q)", c2.Event.EventID, c.Event.EventID)
	}
}

// TestConcurrentBookingsOfOneCycleBookOnce sends 100 bookings of the same
// cycle at once, each with its own Idempotency-Key, through the router.
func TestConcurrentBookingsOfOneCycleBookOnce(t *testing.T) {
	t.Parallel()
	a := newAPI(t, now)
	_, _, agreementID := a.setup("alex.chen@example.com", "sam.rivera@example.com")
	start := a.firstSlot(agreementID)
	raw, err := json.Marshal(map[string]any{"start": start})
	if err != nil {
		t.Fatal(err)
	}
	const n = 100
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			req := httptest.NewRequest("POST", "http://example.com/v1/agreements/"+agreementID+"/checkins", bytes.NewReader(raw))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+adminToken)
			req.Header.Set("Idempotency-Key", fmt.Sprintf("race-%d", i))
			rec := httptest.NewRecorder()
			a.e.ServeHTTP(rec, req)
			codes[i] = rec.Code
		})
	}
	wg.Wait()
	count := map[int]int{}
	for _, c := range codes {
		count[c]++
	}
	if count[http.StatusCreated] != 1 || count[http.StatusConflict] != n-1 {
		t.Errorf("status counts = %v, want one 201 and %d 409", count, n-1)
	}
	if got := a.fake.Count("events.insert"); got != 1 {
		t.Errorf("events.insert count = %d, want 1", got)
	}
}
