package handlers_test

import (
	"bytes"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestBadRequests sends a battery of bad requests: each must get the right
// 4xx problem naming the field, none a 500, and the stored data must be
// unchanged afterwards.
func TestBadRequests(t *testing.T) {
	t.Parallel()
	a := newAPI(t, now)
	mentorID, menteeID, agreementID := a.setup("alex.chen@example.com", "sam.rivera@example.com")
	snapshot := func() [][]byte {
		var out [][]byte
		for _, p := range []string{"/v1/people/" + mentorID, "/v1/people/" + menteeID, "/v1/agreements/" + agreementID,
			"/v1/agreements?person_id=" + mentorID} {
			r := a.do("GET", p, nil)
			mustStatus(t, r, http.StatusOK)
			out = append(out, r.Body)
		}
		return out
	}
	before := snapshot()

	agreement := func(over map[string]any) map[string]any {
		m := map[string]any{"mentor_id": mentorID, "mentee_id": menteeID, "cadence": map[string]any{"every": 2, "unit": "week"},
			"duration_minutes": 30, "starts_on": "2026-11-23"}
		for k, v := range over {
			m[k] = v
		}
		return m
	}
	big := `{"name": "` + strings.Repeat("x", 2<<20) + `"}`
	tests := []struct {
		name, method, path string
		body               any
		opts               []reqOpt
		status             int
		field              string // a field the problem must name ("" = none required)
	}{
		{"malformed JSON", "POST", "/v1/people", `{"email": "a@example.com",`, nil, 400, "body"},
		{"not an object", "POST", "/v1/people", `[1,2]`, nil, 400, "body"},
		{"empty body", "POST", "/v1/people", "", nil, 400, "body"},
		{"trailing data", "PATCH", "/v1/people/" + mentorID, `{"name":"A"} {"name":"B"}`, nil, 400, "body"},
		{"unknown field", "POST", "/v1/people", map[string]any{"email": "a@example.com", "name": "A", "time_zone": "UTC", "nickname": "x"}, nil, 400, "nickname"},
		{"unknown field in patch", "PATCH", "/v1/people/" + mentorID, map[string]any{"colour": "red"}, nil, 400, "colour"},
		{"wrong type", "PATCH", "/v1/people/" + mentorID, map[string]any{"buffer_minutes": "ten"}, nil, 400, "buffer_minutes"},
		{"unknown zone", "POST", "/v1/people", map[string]any{"email": "a@example.com", "name": "A", "time_zone": "Mars/Olympus"}, nil, 400, "time_zone"},
		{"unknown zone in patch", "PATCH", "/v1/people/" + mentorID, map[string]any{"time_zone": "Europe/Atlantis"}, nil, 400, "time_zone"},
		{"missing required", "POST", "/v1/people", map[string]any{"name": "A"}, nil, 400, "email"},
		{"bad email", "PATCH", "/v1/people/" + mentorID, map[string]any{"email": "not an email"}, nil, 400, "email"},
		{"window end before start", "PATCH", "/v1/people/" + mentorID, map[string]any{"checkin_windows": map[string]any{"tue": [][]string{{"17:00", "09:00"}}}}, nil, 400, "checkin_windows.tue[0]"},
		{"bad weekday", "PATCH", "/v1/people/" + mentorID, map[string]any{"working_hours": map[string]any{"monday": [][]string{{"09:00", "17:00"}}}}, nil, 400, "working_hours.monday"},
		{"bad clock", "PATCH", "/v1/people/" + mentorID, map[string]any{"working_hours": map[string]any{"mon": [][]string{{"9am", "17:00"}}}}, nil, 400, "working_hours.mon[0]"},
		{"negative buffer", "PATCH", "/v1/people/" + mentorID, map[string]any{"buffer_minutes": -5}, nil, 400, "buffer_minutes"},
		{"duration 10", "POST", "/v1/agreements", agreement(map[string]any{"duration_minutes": 10}), nil, 400, "duration_minutes"},
		{"duration 45", "POST", "/v1/agreements", agreement(map[string]any{"duration_minutes": 45}), nil, 400, "duration_minutes"},
		{"duration 45 in patch", "PATCH", "/v1/agreements/" + agreementID, map[string]any{"duration_minutes": 45}, nil, 400, "duration_minutes"},
		{"every 0", "POST", "/v1/agreements", agreement(map[string]any{"cadence": map[string]any{"every": 0, "unit": "week"}}), nil, 400, "cadence.every"},
		{"unit fortnight", "POST", "/v1/agreements", agreement(map[string]any{"cadence": map[string]any{"every": 1, "unit": "fortnight"}}), nil, 400, "cadence.unit"},
		{"cadence unknown field", "POST", "/v1/agreements", agreement(map[string]any{"cadence": map[string]any{"every": 1, "unit": "week", "day": "tue"}}), nil, 400, "day"},
		{"bad starts_on", "POST", "/v1/agreements", agreement(map[string]any{"starts_on": "2026-02-30"}), nil, 400, "starts_on"},
		{"unknown mentor", "POST", "/v1/agreements", agreement(map[string]any{"mentor_id": "per_nobody"}), nil, 400, "mentor_id"},
		{"same person twice", "POST", "/v1/agreements", agreement(map[string]any{"mentee_id": mentorID}), nil, 400, "mentee_id"},
		{"bad kind", "POST", "/v1/agreements", agreement(map[string]any{"kind": "friendship"}), nil, 400, "kind"},
		{"bad status", "PATCH", "/v1/agreements/" + agreementID, map[string]any{"status": "archived"}, nil, 400, "status"},
		{"change mentor", "PATCH", "/v1/agreements/" + agreementID, map[string]any{"mentor_id": menteeID}, nil, 400, "mentor_id"},
		{"from after to", "GET", "/v1/people/" + mentorID + "/availability?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", nil, nil, 400, "to"},
		{"100-day range", "GET", "/v1/people/" + mentorID + "/availability?from=2026-12-01T00:00:00Z&to=2027-03-11T00:00:00Z", nil, nil, 400, "to"},
		{"from missing", "GET", "/v1/people/" + mentorID + "/availability?to=2026-12-01T00:00:00Z", nil, nil, 400, "from"},
		{"from not RFC 3339", "GET", "/v1/people/" + mentorID + "/availability?from=tomorrow&to=2026-12-01T00:00:00Z", nil, nil, 400, "from"},
		{"bad cycle", "GET", "/v1/agreements/" + agreementID + "/proposals?cycle=last", nil, nil, 400, "cycle"},
		{"cycle out of range", "GET", "/v1/agreements/" + agreementID + "/proposals?cycle=6", nil, nil, 400, "cycle"},
		{"bad limit", "GET", "/v1/agreements/" + agreementID + "/proposals?limit=0", nil, nil, 400, "limit"},
		{"2 MiB body", "POST", "/v1/people", big, nil, 413, "body"},
		{"wrong content type", "POST", "/v1/people", `{}`, []reqOpt{withHeader("Content-Type", "text/plain")}, 415, "Content-Type"},
		{"missing token", "GET", "/v1/people/" + mentorID, nil, []reqOpt{noToken()}, 401, ""},
		{"wrong token", "GET", "/v1/people/" + mentorID, nil, []reqOpt{withToken("not-the-token-at-all")}, 401, ""},
		{"unknown person", "GET", "/v1/people/per_nobody", nil, nil, 404, ""},
		{"unknown person patch", "PATCH", "/v1/people/per_nobody", map[string]any{"name": "X"}, nil, 404, ""},
		{"unknown agreement", "GET", "/v1/agreements/agr_nobody", nil, nil, 404, ""},
		{"unknown agreement proposals", "GET", "/v1/agreements/agr_nobody/proposals", nil, nil, 404, ""},
		{"unknown agreement summary", "GET", "/v1/agreements/agr_nobody/summary", nil, nil, 404, ""},
	}
	for _, tt := range tests {
		r := a.bad(tt.method, tt.path, tt.body, tt.opts...)
		if r.Status != tt.status {
			t.Errorf("%s: status = %d, want %d; body: %.300s", tt.name, r.Status, tt.status, r.Body)
			continue
		}
		fields := problemFields(t, r)
		if tt.field != "" && !slices.Contains(fields, tt.field) {
			t.Errorf("%s: problem names fields %q, want %q; body: %.300s", tt.name, fields, tt.field, r.Body)
		}
	}
	after := snapshot()
	for i := range before {
		if !bytes.Equal(before[i], after[i]) {
			t.Errorf("stored data changed by bad requests:\nbefore %s\nafter  %s", before[i], after[i])
		}
	}
}
