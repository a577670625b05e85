package handlers_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestBookBadInputStoresNothing(t *testing.T) {
	t.Parallel()
	a := newAPI(t, now)
	_, _, agreementID := a.setup("alex.chen@example.com", "sam.rivera@example.com")
	good := a.firstSlot(agreementID)
	longItem := strings.Repeat("x", 2001)
	many := make([]string, 21)
	for i := range many {
		many[i] = "item"
	}
	tests := []struct {
		name  string
		body  any
		field string
	}{
		{"not on a quarter hour", map[string]any{"start": good.Add(7 * time.Minute)}, "start"},
		{"in the past", map[string]any{"start": now.Add(-48 * time.Hour).Truncate(time.Hour)}, "start"},
		{"outside every cycle", map[string]any{"start": now.AddDate(2, 0, 0).Truncate(time.Hour)}, "start"},
		{"malformed start", `{"start":"tomorrow"}`, "start"},
		{"agenda over 20 items", map[string]any{"start": good, "agenda": many}, "agenda"},
		{"agenda item over 2000 chars", map[string]any{"start": good, "agenda": []string{longItem}}, "agenda"},
	}
	for _, tt := range tests {
		r := a.bad("POST", "/v1/agreements/"+agreementID+"/checkins", tt.body)
		if r.Status < 400 || r.Status > 499 {
			t.Errorf("%s: status = %d, want 4xx: %s", tt.name, r.Status, r.Body)
			continue
		}
		if !strings.Contains(string(r.Body), tt.field) {
			t.Errorf("%s: problem %s does not name %q", tt.name, r.Body, tt.field)
		}
	}
	if got := a.fake.Count("events.insert"); got != 0 {
		t.Errorf("events.insert count = %d, want 0", got)
	}
	for _, m := range []string{"GET", "PATCH", "DELETE"} {
		var body any
		if m == "PATCH" {
			body = map[string]any{"agenda": []string{"x"}}
		}
		r := a.bad(m, "/v1/checkins/ck_doesnotexist", body)
		if r.Status != http.StatusNotFound {
			t.Errorf("%s unknown check-in = %d, want 404: %s", m, r.Status, r.Body)
		}
	}
	r := a.bad("POST", "/v1/agreements/ag_doesnotexist/checkins", map[string]any{"start": good})
	if r.Status != http.StatusNotFound {
		t.Errorf("unknown agreement = %d, want 404: %s", r.Status, r.Body)
	}
}

// TestInsertFailureLeavesNoBookedCheckIn: Google failing events.insert
// persistently answers 5xx and leaves no booked check-in or live event.
func TestInsertFailureLeavesNoBookedCheckIn(t *testing.T) {
	t.Parallel()
	a := newAPI(t, now)
	_, _, agreementID := a.setup("alex.chen@example.com", "sam.rivera@example.com")
	start := a.firstSlot(agreementID)
	a.fake.FailNext("events.insert", 100, http.StatusInternalServerError, "backendError")
	r := a.do("POST", "/v1/agreements/"+agreementID+"/checkins", map[string]any{"start": start})
	if r.Status < 500 {
		t.Errorf("booking with failing insert = %d %s, want 5xx", r.Status, r.Body)
	}
	for _, ev := range a.fake.Events("alex.chen@example.com") {
		if ev.Status != "cancelled" {
			t.Errorf("live event %q left after a failed booking", ev.Id)
		}
	}
	l := a.do("GET", "/v1/agreements/"+agreementID+"/checkins", nil)
	mustStatus(t, l, http.StatusOK)
	if strings.Contains(string(l.Body), `"booked"`) {
		t.Errorf("check-in list after failed booking holds a booked check-in: %s", l.Body)
	}
}
