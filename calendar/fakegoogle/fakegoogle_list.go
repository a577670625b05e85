package fakegoogle

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	calendar "google.golang.org/api/calendar/v3"
)

// handleList implements events.list (wire doc section 7): timeMin bounds
// the end (exclusive), timeMax the start (exclusive); repeated
// privateExtendedProperty filters are ANDed; cancelled events only with
// showDeleted=true; maxResults/pageToken paging (token = offset).
func (s *Server) handleList(w http.ResponseWriter, r *http.Request) {
	if s.fault(w, "events.list") {
		return
	}
	q := r.URL.Query()
	var tmin, tmax time.Time
	for _, p := range []struct {
		name string
		t    *time.Time
	}{{"timeMin", &tmin}, {"timeMax", &tmax}} {
		if v := q.Get(p.name); v != "" {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				writeError(w, 400, "global", "invalid", "Invalid value for: "+p.name, "parameter", p.name)
				return
			}
			*p.t = t
		}
	}
	if !tmin.IsZero() && !tmax.IsZero() && !tmax.After(tmin) {
		writeError(w, 400, "calendar", "timeRangeEmpty", "The specified time range is empty.", "parameter", "timeMax")
		return
	}
	if q.Get("orderBy") == "startTime" && q.Get("singleEvents") != "true" {
		writeError(w, 400, "global", "badRequest", "The requested ordering is not available for the particular query.")
		return
	}
	maxResults := 250
	if v := q.Get("maxResults"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			writeError(w, 400, "global", "invalid", "Invalid value for: maxResults", "parameter", "maxResults")
			return
		}
		maxResults = min(n, 2500)
	}
	offset := 0
	if v := q.Get("pageToken"); v != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(v, "p"))
		if err != nil || n < 0 {
			writeError(w, 400, "global", "invalid", "Invalid page token value.", "parameter", "pageToken")
			return
		}
		offset = n
	}
	filters := q["privateExtendedProperty"]
	showDeleted := q.Get("showDeleted") == "true"
	cal := calendarID(r)

	s.mu.Lock()
	var match []*calendar.Event
	for _, id := range s.order[cal] {
		ev := s.events[cal][id]
		if listMatches(ev, tmin, tmax, filters, showDeleted) {
			match = append(match, cloneEvent(ev))
		}
	}
	s.mu.Unlock()
	slices.SortStableFunc(match, func(a, b *calendar.Event) int {
		ta, _ := eventTime(a.Start)
		tb, _ := eventTime(b.Start)
		return ta.Compare(tb)
	})
	resp := map[string]any{
		"kind": "calendar#events", "etag": `"p33k9rv2olbf8a0g"`, "summary": cal,
		"updated": s.now().UTC().Format("2006-01-02T15:04:05.000Z"), "timeZone": "UTC",
		"accessRole": "owner", "defaultReminders": []any{},
	}
	page := []*calendar.Event{}
	if offset < len(match) {
		page = match[offset:min(len(match), offset+maxResults)]
	}
	if offset+maxResults < len(match) {
		resp["nextPageToken"] = "p" + strconv.Itoa(offset+maxResults)
	} else if len(filters) == 0 && q.Get("orderBy") == "" {
		resp["nextSyncToken"] = "CPDAlvWDx70CEPDAlvWDx70CGAU="
	}
	resp["items"] = page
	writeJSON(w, http.StatusOK, resp)
}

func listMatches(ev *calendar.Event, tmin, tmax time.Time, filters []string, showDeleted bool) bool {
	if ev.Status == "cancelled" && !showDeleted {
		return false
	}
	start, err1 := eventTime(ev.Start)
	end, err2 := eventTime(ev.End)
	if err1 != nil || err2 != nil {
		return false
	}
	if !tmin.IsZero() && !end.After(tmin) {
		return false
	}
	if !tmax.IsZero() && !start.Before(tmax) {
		return false
	}
	for _, f := range filters {
		k, v, _ := strings.Cut(f, "=")
		if ev.ExtendedProperties == nil || ev.ExtendedProperties.Private[k] != v {
			return false
		}
		if _, ok := ev.ExtendedProperties.Private[k]; !ok {
			return false
		}
	}
	return true
}
