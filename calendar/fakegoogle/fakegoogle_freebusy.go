package fakegoogle

import (
	"net/http"
	"slices"
	"time"

	calendar "google.golang.org/api/calendar/v3"
)

const (
	maxFreeBusyItems = 50
	maxFreeBusySpan  = 90 * 24 * time.Hour
)

type fbPeriod struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

type fbError struct {
	Domain string `json:"domain"`
	Reason string `json:"reason"`
}

type fbCalendar struct {
	Errors []fbError  `json:"errors,omitempty"`
	Busy   []fbPeriod `json:"busy"`
}

// handleFreeBusy implements freebusy.query (wire doc section 3).
func (s *Server) handleFreeBusy(w http.ResponseWriter, r *http.Request) {
	if s.fault(w, "freeBusy") {
		return
	}
	var req calendar.FreeBusyRequest
	if !decodeBody(w, r, &req) {
		return
	}
	tmin, err1 := time.Parse(time.RFC3339, req.TimeMin)
	tmax, err2 := time.Parse(time.RFC3339, req.TimeMax)
	switch {
	case req.TimeMin == "":
		writeError(w, 400, "global", "required", "Required", "parameter", "timeMin")
		return
	case req.TimeMax == "":
		writeError(w, 400, "global", "required", "Required", "parameter", "timeMax")
		return
	case err1 != nil:
		writeError(w, 400, "global", "invalid", "Invalid value for: timeMin", "parameter", "timeMin")
		return
	case err2 != nil:
		writeError(w, 400, "global", "invalid", "Invalid value for: timeMax", "parameter", "timeMax")
		return
	case !tmax.After(tmin):
		writeError(w, 400, "calendar", "timeRangeEmpty", "The specified time range is empty.", "parameter", "timeMax")
		return
	case tmax.Sub(tmin) > maxFreeBusySpan:
		writeError(w, 400, "calendar", "timeRangeTooLong", "The requested time range is too long.", "parameter", "timeMax")
		return
	}
	cals := map[string]fbCalendar{}
	s.mu.Lock()
	for i, item := range req.Items {
		if item == nil {
			continue
		}
		id := item.Id
		owner := id
		if id == "primary" && subject(r) != "" {
			owner = subject(r)
		}
		switch reason := s.calErrors[owner]; {
		case i >= maxFreeBusyItems:
			cals[id] = fbCalendar{Errors: []fbError{{"global", "tooManyCalendarsRequested"}}, Busy: []fbPeriod{}}
		case reason != "":
			cals[id] = fbCalendar{Errors: []fbError{{"global", reason}}, Busy: []fbPeriod{}}
		default:
			cals[id] = fbCalendar{Busy: s.busyLocked(owner, tmin, tmax)}
		}
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{
		"kind":      "calendar#freeBusy",
		"timeMin":   tmin.UTC().Format(time.RFC3339),
		"timeMax":   tmax.UTC().Format(time.RFC3339),
		"calendars": cals,
	})
}

// busyLocked merges seeded periods and blocking events, clipped to
// [tmin, tmax). Callers hold s.mu.
func (s *Server) busyLocked(cal string, tmin, tmax time.Time) []fbPeriod {
	ps := slices.Clone(s.busy[cal])
	for _, ev := range s.events[cal] {
		if ev.Status == "cancelled" || ev.Transparency == "transparent" {
			continue
		}
		start, err1 := eventTime(ev.Start)
		end, err2 := eventTime(ev.End)
		if err1 == nil && err2 == nil {
			ps = append(ps, period{start, end})
		}
	}
	var clipped []period
	for _, p := range ps {
		if p.start.Before(tmin) {
			p.start = tmin
		}
		if p.end.After(tmax) {
			p.end = tmax
		}
		if p.end.After(p.start) {
			clipped = append(clipped, p)
		}
	}
	slices.SortFunc(clipped, func(a, b period) int { return a.start.Compare(b.start) })
	out := []fbPeriod{}
	var cur *period
	for i := range clipped {
		p := clipped[i]
		if cur != nil && !p.start.After(cur.end) {
			if p.end.After(cur.end) {
				cur.end = p.end
			}
			continue
		}
		if cur != nil {
			out = append(out, fbPeriod{fmtTime(cur.start), fmtTime(cur.end)})
		}
		cur = &p
	}
	if cur != nil {
		out = append(out, fbPeriod{fmtTime(cur.start), fmtTime(cur.end)})
	}
	return out
}

func fmtTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// eventTime reads an EventDateTime; all-day dates are taken at UTC midnight.
func eventTime(dt *calendar.EventDateTime) (time.Time, error) {
	if dt == nil {
		return time.Time{}, errMissingTime
	}
	if dt.DateTime != "" {
		return time.Parse(time.RFC3339, dt.DateTime)
	}
	return time.Parse(time.DateOnly, dt.Date)
}
