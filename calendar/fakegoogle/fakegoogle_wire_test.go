package fakegoogle_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mentorship/checkins/calendar/fakegoogle"
)

// call sends one raw API request and decodes the JSON answer (nil for an
// empty body).
func call(t *testing.T, s *fakegoogle.Server, tok, method, path, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, s.Endpoint()+path, strings.NewReader(body))
	if err != nil {
		t.Fatalf("request: %v", err)
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if len(raw) == 0 {
		return resp.StatusCode, nil
	}
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s %s: decode %s: %v", method, path, raw, err)
	}
	return resp.StatusCode, out
}

func reason(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	items, _ := e["errors"].([]any)
	if len(items) == 0 {
		return ""
	}
	return items[0].(map[string]any)["reason"].(string)
}

func TestFreeBusyWire(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	tok := token(t, s, "mentor@example.com")
	day := time.Date(2030, 1, 7, 0, 0, 0, 0, time.UTC)
	s.AddBusy("a@example.com", day.Add(7*time.Hour), day.Add(9*time.Hour))   // clipped at 08:00
	s.AddBusy("a@example.com", day.Add(10*time.Hour), day.Add(11*time.Hour)) // merged with the next
	s.AddBusy("a@example.com", day.Add(10*time.Hour+30*time.Minute), day.Add(12*time.Hour))
	s.SetCalendarError("gone@example.com", "notFound")

	status, body := call(t, s, tok, "POST", "freeBusy?alt=json&prettyPrint=false",
		`{"items":[{"id":"a@example.com"},{"id":"gone@example.com"},{"id":"primary"}],"timeMin":"2030-01-07T08:00:00Z","timeMax":"2030-01-07T18:00:00Z"}`)
	if status != 200 {
		t.Fatalf("got status %d (%v), want 200", status, body)
	}
	cals := body["calendars"].(map[string]any)
	gotA, _ := json.Marshal(cals["a@example.com"])
	wantA := `{"busy":[{"end":"2030-01-07T09:00:00Z","start":"2030-01-07T08:00:00Z"},{"end":"2030-01-07T12:00:00Z","start":"2030-01-07T10:00:00Z"}]}`
	if string(gotA) != wantA {
		t.Errorf("a: got %s, want %s", gotA, wantA)
	}
	gotGone, _ := json.Marshal(cals["gone@example.com"])
	if want := `{"busy":[],"errors":[{"domain":"global","reason":"notFound"}]}`; string(gotGone) != want {
		t.Errorf("gone: got %s, want %s", gotGone, want)
	}
	if _, ok := cals["primary"]; !ok {
		t.Errorf("got calendars %v, want the key \"primary\" kept as requested", cals)
	}

	var items []string
	for i := range 52 {
		items = append(items, fmt.Sprintf(`{"id":"c%d@example.com"}`, i))
	}
	_, body = call(t, s, tok, "POST", "freeBusy", `{"items":[`+strings.Join(items, ",")+`],"timeMin":"2030-01-07T08:00:00Z","timeMax":"2030-01-07T18:00:00Z"}`)
	cals = body["calendars"].(map[string]any)
	extra, _ := json.Marshal(cals["c51@example.com"])
	if want := `{"busy":[],"errors":[{"domain":"global","reason":"tooManyCalendarsRequested"}]}`; string(extra) != want {
		t.Errorf("51st item: got %s, want %s", extra, want)
	}
	if got, _ := json.Marshal(cals["c49@example.com"]); string(got) != `{"busy":[]}` {
		t.Errorf("50th item: got %s, want {\"busy\":[]}", got)
	}

	tests := []struct{ name, min, max, reason string }{
		{"empty", "2030-01-07T18:00:00Z", "2030-01-07T18:00:00Z", "timeRangeEmpty"},
		{"inverted", "2030-01-07T18:00:00Z", "2030-01-07T08:00:00Z", "timeRangeEmpty"},
		{"too long", "2030-01-01T00:00:00Z", "2030-04-02T00:00:01Z", "timeRangeTooLong"},
	}
	for _, tc := range tests {
		status, body := call(t, s, tok, "POST", "freeBusy", `{"items":[{"id":"a@example.com"}],"timeMin":"`+tc.min+`","timeMax":"`+tc.max+`"}`)
		if status != 400 || reason(body) != tc.reason {
			t.Errorf("%s: got %d %q, want 400 %q", tc.name, status, reason(body), tc.reason)
		}
	}
	if got := s.Count("freeBusy"); got != 5 {
		t.Errorf("got freeBusy count %d, want 5", got)
	}
}

func TestEventsWire(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	tok := token(t, s, "mentor@example.com")
	const base = "calendars/mentor%40example.com/events"
	ev := `{"id":%q,"start":{"dateTime":"2030-01-07T09:00:00Z"},"end":{"dateTime":"2030-01-07T09:30:00Z"},"summary":"x",` +
		`"conferenceData":{"createRequest":{"requestId":"r1","conferenceSolutionKey":{"type":"hangoutsMeet"}}},"extendedProperties":{"private":{"b":"1"}}}`

	tests := []struct {
		name, id string
		status   int
		reason   string
	}{
		{"upper case", "ABCDEF", 400, "invalid"},
		{"w is not base32hex", "abcdw", 400, "invalid"},
		{"too short", "abcd", 400, "invalid"},
		{"valid", "abcde12345", 200, ""},
		{"duplicate", "abcde12345", 409, "duplicate"},
	}
	for _, tc := range tests {
		status, body := call(t, s, tok, "POST", base+"?conferenceDataVersion=1&sendUpdates=all", fmt.Sprintf(ev, tc.id))
		if status != tc.status || reason(body) != tc.reason {
			t.Errorf("insert %s: got %d %q, want %d %q", tc.name, status, reason(body), tc.status, tc.reason)
		}
		if tc.status == 200 {
			cd, _ := body["conferenceData"].(map[string]any)
			cr, _ := cd["createRequest"].(map[string]any)
			st, _ := cr["status"].(map[string]any)
			link, _ := body["hangoutLink"].(string)
			if st["statusCode"] != "success" || !strings.HasPrefix(link, "https://meet.google.com/") || body["etag"] == nil || body["htmlLink"] == nil {
				t.Errorf("insert: got %v, want conference success, hangoutLink, etag, htmlLink", body)
			}
		}
	}
	// Without conferenceDataVersion=1 conference data is ignored.
	_, body := call(t, s, tok, "POST", base, fmt.Sprintf(ev, "noconf0001"))
	if body["conferenceData"] != nil || body["hangoutLink"] != nil {
		t.Errorf("insert v0: got %v, want no conference data", body)
	}

	status, body := call(t, s, tok, "GET", base+"?privateExtendedProperty=b%3D1&privateExtendedProperty=c%3D2", "")
	if items := body["items"].([]any); status != 200 || len(items) != 0 {
		t.Errorf("list with ANDed filters: got %d, %d items, want 200, 0 items", status, len(items))
	}
	status, body = call(t, s, tok, "GET", base+"?privateExtendedProperty=b%3D1&maxResults=1", "")
	if items := body["items"].([]any); status != 200 || len(items) != 1 || body["nextPageToken"] == nil {
		t.Errorf("list page 1: got %d, %v, want 1 item and a nextPageToken", status, body)
	}
	status, body = call(t, s, tok, "GET", base+"?timeMin=2030-01-07T09:30:00Z", "")
	if items := body["items"].([]any); status != 200 || len(items) != 0 {
		t.Errorf("list timeMin = end: got %d, %d items, want 0 (timeMin is an exclusive bound on end)", status, len(items))
	}

	if status, _ := call(t, s, tok, "DELETE", base+"/abcde12345", ""); status != 204 {
		t.Errorf("delete: got %d, want 204", status)
	}
	if status, body := call(t, s, tok, "DELETE", base+"/abcde12345", ""); status != 410 || reason(body) != "deleted" {
		t.Errorf("delete again: got %d %q, want 410 deleted", status, reason(body))
	}
	if status, body := call(t, s, tok, "GET", base+"/abcde12345", ""); status != 200 || body["status"] != "cancelled" {
		t.Errorf("get deleted: got %d %v, want 200 cancelled", status, body["status"])
	}
	if status, body := call(t, s, tok, "GET", base+"/unknown123", ""); status != 404 || reason(body) != "notFound" {
		t.Errorf("get unknown: got %d %q, want 404 notFound", status, reason(body))
	}

	status, body = call(t, s, tok, "POST", base+"/watch", `{"id":"c1","type":"web_hook","address":"https://x/y","expiration":"1893456000000"}`)
	exp, isString := body["expiration"].(string)
	if status != 200 || !isString || exp == "" || body["resourceId"] == "" {
		t.Fatalf("watch: got %d %v, want a channel with resourceId and a string expiration", status, body)
	}
	res := body["resourceId"].(string)
	if status, _ := call(t, s, tok, "POST", "channels/stop", `{"id":"c1","resourceId":"`+res+`"}`); status != 204 {
		t.Errorf("stop: got %d, want 204", status)
	}
	if status, _ := call(t, s, tok, "POST", "channels/stop", `{"id":"c1","resourceId":"`+res+`"}`); status != 404 {
		t.Errorf("stop again: got %d, want 404", status)
	}
}

func TestFaultInjection(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	tok := token(t, s, "mentor@example.com")
	s.Inject("freeBusy", fakegoogle.Fault{Count: 2, Status: 429, Reason: "rateLimitExceeded", RetryAfter: "1"})
	body := `{"items":[{"id":"a@example.com"}],"timeMin":"2030-01-07T08:00:00Z","timeMax":"2030-01-07T18:00:00Z"}`
	for i, want := range []int{429, 429, 200} {
		if got, b := call(t, s, tok, "POST", "freeBusy", body); got != want {
			t.Errorf("call %d: got %d (%v), want %d", i, got, b, want)
		}
	}
	if got := s.Count("freeBusy"); got != 3 {
		t.Errorf("got count %d, want 3", got)
	}
}
